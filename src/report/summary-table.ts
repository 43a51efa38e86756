import type { HealthReport, HostResult, ModuleStatus, RunSummary } from '../engine/results.js';
import { stripColors, type Colors } from './colors.js';

/** What each module status is called in the table, in plan (dry-run) and apply wording. */
const LABELS: Record<ModuleStatus, { apply: string; plan: string }> = {
  converged: { apply: 'converged', plan: 'converged' },
  installed: { apply: 'installed', plan: 'installed' },
  changed: { apply: 'changed', plan: 'changed' },
  pending: { apply: 'pending', plan: 'would change' },
  failed: { apply: 'failed', plan: 'failed' },
  refused: { apply: 'refused', plan: 'refused' },
  skipped: { apply: 'skipped', plan: 'skipped' },
  interrupted: { apply: 'interrupted', plan: 'interrupted' },
  'not-applicable': { apply: 'not applicable', plan: 'not applicable' },
};

function paintStatus(status: ModuleStatus | 'unreachable', text: string, c: Colors): string {
  if (status === 'converged') return c.green(text);
  if (status === 'installed' || status === 'changed' || status === 'pending') return c.yellow(text);
  if (status === 'skipped' || status === 'interrupted' || status === 'not-applicable') return c.dim(text);
  return c.red(text);
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => stripColors(r[col] ?? '').length)));
  return rows
    .map((row) => row.map((cell, col) => (col === row.length - 1 ? cell : cell + ' '.repeat(widths[col]! - stripColors(cell).length))).join('  ').trimEnd())
    .join('\n');
}

function healthCell(health: readonly HealthReport[] | undefined, c: Colors): string {
  if (!health || health.length === 0) return '';
  const failed = health.filter((h) => !h.ok).length;
  return failed === 0 ? c.green(`ok (${health.length})`) : c.red(`${failed} of ${health.length} failed`);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

function hostRows(host: HostResult, mode: RunSummary['mode'], c: Colors): string[][] {
  if (host.status === 'unreachable') {
    return [[host.host, c.dim('-'), paintStatus('unreachable', 'unreachable', c), '', '', seconds(host.durationMs)]];
  }
  return host.modules.map((m, i) => [
    i === 0 ? host.host : '',
    m.module,
    paintStatus(m.status, LABELS[m.status][mode], c),
    m.steps.length > 0 && m.status !== 'skipped' ? String(m.steps.length) : '',
    healthCell(m.health, c),
    seconds(m.durationMs),
  ]);
}

/** Counts per status over all hosts' modules, plus unreachable hosts. */
export function countStatuses(summary: RunSummary): Record<ModuleStatus | 'unreachable', number> {
  const counts = { converged: 0, installed: 0, changed: 0, pending: 0, failed: 0, refused: 0, skipped: 0, interrupted: 0, 'not-applicable': 0, unreachable: 0 };
  for (const host of summary.hosts) {
    if (host.status === 'unreachable') counts.unreachable++;
    else for (const m of host.modules) counts[m.status]++;
  }
  return counts;
}

/** The table printed after every run: one row per host and module, then the totals. */
export function renderSummary(summary: RunSummary, c: Colors): string {
  const rows = [[c.bold('HOST'), c.bold('MODULE'), c.bold('STATUS'), c.bold('STEPS'), c.bold('HEALTH'), c.bold('TIME')]];
  for (const host of summary.hosts) rows.push(...hostRows(host, summary.mode, c));
  const counts = countStatuses(summary);
  const parts = (Object.keys(counts) as (keyof typeof counts)[])
    .filter((k) => counts[k] > 0 || k === 'failed' || k === 'converged')
    .map((k) => paintStatus(k, `${counts[k]} ${k === 'unreachable' ? 'unreachable' : LABELS[k as ModuleStatus][summary.mode]}`, c));
  const title = summary.mode === 'plan' ? 'Plan' : 'Apply';
  const hosts = `${summary.hosts.length} host${summary.hosts.length === 1 ? '' : 's'}`;
  const footer = `${title}: ${hosts}, ${parts.join(', ')} in ${seconds(summary.durationMs)}${summary.interrupted ? c.red(' (interrupted)') : ''}`;
  const errors = summary.hosts
    .flatMap((h) => [
      ...(h.error ? [`${c.red('✖')} ${h.error.message.startsWith(`${h.host}`) ? '' : `${h.host}: `}${h.error.message}${h.error.hint ? `\n    ${c.dim(`hint: ${h.error.hint}`)}` : ''}`] : []),
      ...h.modules
        .filter((m) => m.status === 'failed' || m.status === 'refused' || m.status === 'not-applicable')
        .map((m) => `${m.status === 'not-applicable' ? c.dim('-') : c.red('✖')} ${h.host} ${m.module}: ${(m.error ?? '').replace(/\n/g, '\n    ')}`),
    ]);
  return [table(rows), '', footer, ...(errors.length > 0 ? ['', ...errors] : [])].join('\n') + '\n';
}
