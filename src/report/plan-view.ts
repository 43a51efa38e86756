import type { RunSummary } from '../engine/results.js';
import type { Colors } from './colors.js';

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

/** What plan prints before the summary: per host and module, each step that would run, file diffs included. */
export function renderPlan(summary: RunSummary, c: Colors): string {
  const out: string[] = [];
  for (const host of summary.hosts) {
    if (host.status === 'unreachable') {
      out.push(`${c.bold(host.host)}: ${c.red('unreachable')}`);
      continue;
    }
    const changes = host.modules.filter((m) => m.status === 'pending' || m.status === 'refused' || m.status === 'failed');
    out.push(changes.length === 0 ? `${c.bold(host.host)}: ${c.green('nothing to change')}` : c.bold(host.host));
    for (const m of host.modules) for (const note of m.notes ?? []) out.push(`  ${c.cyan('i')} ${m.module}: ${note}`);
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
