import type { RunSummary } from '../engine/results.js';

/** A run in one word, for the history's status column and filter. */
export type RunStatus = 'ok' | 'pending' | 'failed' | 'unreachable' | 'interrupted';

/** Interrupted, then failed, then unreachable, then (plan) changes pending, else ok: as the exit code ranks them. */
export function runStatusOf(summary: RunSummary): RunStatus {
  if (summary.interrupted) return 'interrupted';
  const modules = summary.hosts.flatMap((h) => h.modules);
  if (summary.hosts.some((h) => h.status === 'failed') || modules.some((m) => m.status === 'failed' || m.status === 'refused')) return 'failed';
  if (summary.hosts.some((h) => h.status === 'unreachable')) return 'unreachable';
  if (modules.some((m) => m.status === 'pending')) return 'pending';
  return 'ok';
}
