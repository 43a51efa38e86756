import type { RunSummary } from '../engine/results.js';
import type { Secret } from '../shell/secret.js';
import { colorsFor } from './colors.js';
import { escapeMarkdown, fencedBlock, markdownTable, tableCell } from './markdown-text.js';
import { maskStrings, valueMasker } from './mask-values.js';
import { summaryLine, summaryRows } from './summary-table.js';

const plain = colorsFor({ isTTY: false }, {});

/**
 * An apply's result as Markdown for a CI job summary: the totals, the summary table (host, module, status,
 * steps, health, time), then every failure with its error and hint. `secrets` are masked by value once
 * more, as in the plan's Markdown.
 */
export function renderApplyMarkdown(summary: RunSummary, secrets: readonly Secret[] = []): string {
  const masked = maskStrings(summary, valueMasker(secrets));
  const rows = summaryRows(masked, plain).map((row) => row.map(tableCell));
  const out = [
    `## Phanes ${masked.mode}`,
    '',
    escapeMarkdown(summaryLine(masked, plain)),
    '',
    markdownTable(['host', 'module', 'status', 'steps', 'health', 'time'], rows),
    '',
  ];
  const failures: string[] = [];
  for (const host of masked.hosts) {
    if (host.error) {
      failures.push(`- **${escapeMarkdown(host.host)}**: ${host.status}`, '', fencedBlock(host.error.message + (host.error.hint ? `\nhint: ${host.error.hint}` : ''), 'text'), '');
    }
    for (const m of host.modules) {
      if (m.status !== 'failed' && m.status !== 'refused' && !(m.status === 'interrupted' && m.error)) continue;
      failures.push(`- **${escapeMarkdown(host.host)}** ${escapeMarkdown(m.module)}: ${m.status}`, '', fencedBlock(m.error ?? '', 'text'), '');
    }
  }
  if (failures.length > 0) out.push('### Failures', '', ...failures);
  return out.join('\n').replace(/\n+$/, '') + '\n';
}
