import type { RunSummary } from '../engine/results.js';
import type { Colors } from './colors.js';
import { groupPlans, groupTitle, shownInPlan } from './plan-groups.js';

function paintDiff(diff: string, c: Colors): string {
  return diff
    .trimEnd()
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---')) return c.bold(line);
      if (line.startsWith('+')) return c.green(line);
      if (line.startsWith('-')) return c.red(line);
      if (line.startsWith('@@')) return c.cyan(line);
      return line;
    })
    .map((line) => `      ${line}`)
    .join('\n');
}

/**
 * What plan prints before the summary: per group of hosts with identical plans, each step that would run,
 * file diffs included, shown once for the whole group.
 */
export function renderPlan(summary: RunSummary, c: Colors): string {
  const out: string[] = [];
  for (const group of groupPlans(summary)) {
    const title = c.bold(groupTitle(group));
    // Every host of a group shows the same: the first one speaks for all.
    const host = group.hosts[0]!;
    if (host.status === 'unreachable' || (host.status !== 'ok' && host.modules.every((m) => m.status === 'skipped'))) {
      // Nothing was planned there; the summary below says why.
      out.push(`${title}: ${c.red(host.status)}`);
      continue;
    }
    const changes = host.modules.filter((m) => m.status === 'pending' || m.status === 'refused' || m.status === 'failed');
    out.push(changes.length === 0 ? `${title}: ${c.green('nothing to change')}` : title);
    for (const m of host.modules.filter(shownInPlan)) for (const note of m.notes ?? []) out.push(`  ${c.cyan('i')} ${m.module}: ${note}`);
    for (const m of changes) {
      if (m.status !== 'pending') {
        out.push(`  ${c.red('✖')} ${m.module}: ${c.red(m.status)}: ${(m.error ?? '').replace(/\n/g, '\n    ')}`);
        continue;
      }
      out.push(`  ${c.yellow('~')} ${m.module}: ${m.steps.length} step${m.steps.length === 1 ? '' : 's'}`);
      for (const step of m.steps) {
        out.push(`    ${c.yellow('+')} ${step.title}`);
        if (step.diff) out.push(paintDiff(step.diff, c));
        else out.push(c.dim(`      $ ${step.detail.split('\n').join('\n        ')}`));
      }
    }
  }
  return out.join('\n') + '\n';
}
