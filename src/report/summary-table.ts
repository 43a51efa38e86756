import type { HealthReport, HostResult, ModuleStatus, RunSummary } from '../engine/results.js';
import { stripColors, type Colors } from './colors.js';

/** What each module status is called in the table, in plan (dry-run) and apply wording. */
export const LABELS: Record<ModuleStatus, { apply: string; plan: string }> = {
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

function paintStatus(status: ModuleStatus, text: string, c: Colors): string {
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

/** `2.1s`: one decimal, as the tables show times. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** A host that was never worked on: no module got to run (a host lost mid-run shows what did). */
const neverReached = (host: HostResult) => host.status === 'unreachable' && host.modules.every((m) => m.status === 'skipped');

function hostRows(host: HostResult, mode: RunSummary['mode'], c: Colors): string[][] {
  if (neverReached(host)) return [[host.host, c.dim('-'), c.red('unreachable'), '', '', seconds(host.durationMs)]];
  return host.modules.map((m, i) => [
    i === 0 ? host.host : '',
    m.module,
    paintStatus(m.status, LABELS[m.status][mode], c),
    m.steps.length > 0 && m.status !== 'skipped' ? String(m.steps.length) : '',
    healthCell(m.health, c),
    seconds(m.durationMs),
  ]);
}

/** The table's rows under its header (host, module, status, steps, health, time): one per host and module. */
export function summaryRows(summary: RunSummary, c: Colors): string[][] {
  return summary.hosts.flatMap((host) => hostRows(host, summary.mode, c));
}

/** Counts per status of the modules of every host that was worked on. */
export function countStatuses(summary: RunSummary): Record<ModuleStatus, number> {
  const counts = { converged: 0, installed: 0, changed: 0, pending: 0, failed: 0, refused: 0, skipped: 0, interrupted: 0, 'not-applicable': 0 };
  for (const host of summary.hosts) if (!neverReached(host)) for (const m of host.modules) counts[m.status]++;
  return counts;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** `Apply: 3 hosts: 2 ok, 1 unreachable; 10 modules: 9 converged, 1 changed, 0 failed in 2.1 s`: hosts and modules counted apart. */
export function summaryLine(summary: RunSummary, c: Colors): string {
  const hostCounts = { ok: 0, failed: 0, unreachable: 0, interrupted: 0 };
  for (const host of summary.hosts) hostCounts[host.status]++;
  const hostParts = (Object.keys(hostCounts) as (keyof typeof hostCounts)[])
    .filter((k) => hostCounts[k] > 0 || k === 'ok')
    .map((k) => (k === 'ok' ? c.green : k === 'interrupted' ? c.dim : c.red)(`${hostCounts[k]} ${k}`));
  const counts = countStatuses(summary);
  const modules = Object.values(counts).reduce((a, b) => a + b, 0);
  const moduleParts = (Object.keys(counts) as ModuleStatus[])
    .filter((k) => counts[k] > 0 || k === 'failed')
    .map((k) => paintStatus(k, `${counts[k]} ${LABELS[k][summary.mode]}`, c));
  const title = summary.mode === 'plan' ? 'Plan' : 'Apply';
  return `${title}: ${plural(summary.hosts.length, 'host')}: ${hostParts.join(', ')}; ${plural(modules, 'module')}: ${moduleParts.join(', ')} in ${seconds(summary.durationMs)}${summary.interrupted ? c.red(' (interrupted)') : ''}`;
}

/** The table printed after every run: one row per host and module, then the totals. */
export function renderSummary(summary: RunSummary, c: Colors): string {
  const rows = [[c.bold('HOST'), c.bold('MODULE'), c.bold('STATUS'), c.bold('STEPS'), c.bold('HEALTH'), c.bold('TIME')], ...summaryRows(summary, c)];
  const errors = summary.hosts
    .flatMap((h) => [
      ...(h.error ? [`${c.red('✖')} ${h.error.message.startsWith(`${h.host}`) ? '' : `${h.host}: `}${h.error.message}${h.error.hint ? `\n    ${c.dim(`hint: ${h.error.hint}`)}` : ''}`] : []),
      ...h.modules
        // An interrupted module says what was running when it was stopped; one not started says nothing new.
        .filter((m) => m.status === 'failed' || m.status === 'refused' || m.status === 'not-applicable' || (m.status === 'interrupted' && m.error))
        .map((m) => `${m.status === 'failed' || m.status === 'refused' ? c.red('✖') : c.dim('-')} ${h.host} ${m.module}: ${(m.error ?? '').replace(/\n/g, '\n    ')}`),
    ]);
  return [table(rows), '', summaryLine(summary, c), ...(errors.length > 0 ? ['', ...errors] : [])].join('\n') + '\n';
}
