import type { RunSummary } from '../engine/results.js';

/** Every exit code Phanes uses; each means one thing (docs/exit-codes.md). */
export const EXIT = {
  /** Everything asked for is done (apply) or nothing would change (plan). */
  ok: 0,
  /** A bug in Phanes: an unexpected error. */
  internal: 1,
  /** plan --detailed-exitcode only: changes are pending. */
  changesPending: 2,
  /** Bad command line: unknown option, missing or bad value. */
  usage: 3,
  /** The inventory (or ~/.ssh/config) is invalid: the messages say where. */
  invalidInventory: 4,
  /** A module failed or was refused on at least one host. */
  moduleFailed: 5,
  /** At least one host could not be used (unreachable, authentication, host key, sudo); no module failed. */
  unreachable: 6,
  /** Another Phanes run holds this inventory's lock. */
  locked: 7,
  /** Stopped by Ctrl-C (SIGINT) or SIGTERM. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A run's exit code: interrupted, then failed modules, then unreachable hosts, then pending changes. */
export function exitCodeOf(summary: RunSummary, detailedExitCode: boolean): ExitCode {
  if (summary.interrupted) return EXIT.interrupted;
  const modules = summary.hosts.flatMap((h) => h.modules);
  if (summary.hosts.some((h) => h.status === 'failed') || modules.some((m) => m.status === 'failed' || m.status === 'refused')) {
    return EXIT.moduleFailed;
  }
  if (summary.hosts.some((h) => h.status === 'unreachable')) return EXIT.unreachable;
  if (detailedExitCode && modules.some((m) => m.status === 'pending')) return EXIT.changesPending;
  return EXIT.ok;
}
