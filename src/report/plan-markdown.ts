import type { HostResult, ModuleResult, ModuleStatus, RunSummary } from '../engine/results.js';
import type { Secret } from '../shell/secret.js';
import { colorsFor } from './colors.js';
import { escapeMarkdown, fencedBlock, markdownTable, tableCell } from './markdown-text.js';
import { maskStrings, valueMasker } from './mask-values.js';
import { groupPlans, groupTitle, shownInPlan, type PlanGroup } from './plan-groups.js';
import { LABELS, summaryLine } from './summary-table.js';

const plain = colorsFor({ isTTY: false }, {});
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The first line of an error, for a table cell. */
const firstLine = (text: string) => text.split('\n')[0] ?? '';

/** A group's modules counted by status, over all its hosts: `6: 3 converged, 3 would change`. */
function moduleCell(group: PlanGroup): string {
  const counts = new Map<ModuleStatus, number>();
  for (const m of group.hosts.flatMap((h) => h.modules)) counts.set(m.status, (counts.get(m.status) ?? 0) + 1);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  // In the summary line's order, whichever module came first.
  const statuses = (Object.keys(LABELS) as ModuleStatus[]).filter((status) => counts.has(status));
  return `${total}: ${statuses.map((status) => `${counts.get(status)} ${LABELS[status].plan}`).join(', ')}`;
}

/** What the group's hosts would change, or why they could not be planned: one line. */
function changeCell(host: HostResult): string {
  if (host.error) return `${host.status}: ${firstLine(host.error.message)}`;
  if (host.status === 'interrupted') return 'interrupted';
  const bad = host.modules.filter((m) => m.status === 'failed' || m.status === 'refused');
  const pending = host.modules.filter((m) => m.status === 'pending');
  const parts = [
    ...bad.map((m) => `${m.module} ${m.status}: ${firstLine(m.error ?? '')}`),
    ...(pending.length > 0 ? [`${plural(pending.reduce((n, m) => n + m.steps.length, 0), 'step')} in ${pending.map((m) => m.module).join(', ')}`] : []),
  ];
  return parts.length > 0 ? parts.join('; ') : 'nothing to change';
}

function moduleSection(m: ModuleResult): string[] {
  const out: string[] = [];
  for (const note of m.notes ?? []) out.push(`- note on **${escapeMarkdown(m.module)}**: ${escapeMarkdown(note)}`);
  if (out.length > 0) out.push('');
  if (m.status === 'refused' || m.status === 'failed') {
    out.push(`**${escapeMarkdown(m.module)}**: ${m.status}`, '', fencedBlock(m.error ?? '', 'text'), '');
  } else if (m.status === 'pending') {
    out.push(`**${escapeMarkdown(m.module)}**: ${plural(m.steps.length, 'step')}`, '');
    for (const step of m.steps) {
      out.push(`- ${escapeMarkdown(step.title)}`, '');
      out.push(step.diff ? fencedBlock(step.diff, 'diff') : fencedBlock(step.detail, 'sh'), '');
    }
  }
  return out;
}

/**
 * A plan as Markdown for a pull request or a CI job summary: the totals, a table with one row per group of
 * hosts with identical plans (hosts that could not be planned with their error line), then per group the
 * steps with their commands and diffs in fenced blocks. Steps come masked from the engine; `secrets` are
 * masked once more by value, since this text is posted where many can read it.
 */
export function renderPlanMarkdown(summary: RunSummary, secrets: readonly Secret[] = []): string {
  const masked = maskStrings(summary, valueMasker(secrets));
  const groups = groupPlans(masked);
  const rows = groups.map((group) => [tableCell(groupTitle(group)), tableCell(moduleCell(group)), tableCell(changeCell(group.hosts[0]!))]);
  const out = ['## Phanes plan', '', escapeMarkdown(summaryLine(masked, plain)), '', markdownTable(['hosts', 'modules', 'changes'], rows), ''];
  for (const group of groups) {
    const shown = group.hosts[0]!.error ? [] : group.hosts[0]!.modules.filter(shownInPlan);
    if (shown.length === 0) continue;
    out.push(`### ${escapeMarkdown(groupTitle(group))}`, '', ...shown.flatMap(moduleSection));
  }
  return out.join('\n').replace(/\n+$/, '') + '\n';
}
