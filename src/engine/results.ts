import type { OsRelease } from '../facts/os-release.js';
import type { HostVitals } from '../facts/vitals.js';
import type { HostRecord } from '../state/host-record.js';
import type { ConnectionFailure } from '../ssh/connection.js';

/**
 * What happened to one module on one host.
 * - converged: nothing to do; installed: first applied now; changed: was applied before, changed now
 * - pending: plan only, steps would run; failed: a step or its facts failed; refused: plan refused the settings
 * - skipped: not run because an earlier module on the host failed; interrupted: stopped by Ctrl-C
 * - not-applicable: the module cannot apply to this host (e.g. swap in a container); `error` says why
 */
export type ModuleStatus = 'converged' | 'installed' | 'changed' | 'pending' | 'failed' | 'refused' | 'skipped' | 'interrupted' | 'not-applicable';

/** A step as reports show it: secrets masked. */
export interface StepReport {
  readonly title: string;
  /** The command with secrets masked (command steps), or the file written (file steps). */
  readonly detail: string;
  /** Unified diff of a file step; absent for commands. */
  readonly diff?: string;
}

/** One health check's outcome; the hint says what to try when it failed. */
export interface HealthReport {
  readonly title: string;
  readonly ok: boolean;
  readonly hint?: string;
}

export interface ModuleResult {
  readonly module: string;
  readonly status: ModuleStatus;
  readonly steps: readonly StepReport[];
  /** Index of the step that failed, when one did. */
  readonly failedStep?: number;
  readonly error?: string;
  /** What plan shows besides steps (e.g. firewall rules Phanes leaves alone). */
  readonly notes?: readonly string[];
  /** Health checks run for this module (none when it has none, or it was not converged or applied). */
  readonly health?: readonly HealthReport[];
  readonly durationMs: number;
}

/** ok: nothing failed (converged or changed); the other values name what stopped the host. */
export type HostStatus = 'ok' | 'failed' | 'unreachable' | 'interrupted';

export interface HostResult {
  readonly host: string;
  readonly status: HostStatus;
  readonly modules: readonly ModuleResult[];
  readonly error?: { readonly kind: ConnectionFailure | 'facts' | 'state'; readonly message: string; readonly hint?: string };
  /** Phanes' record on the host as the run found it (null: none yet; absent: the host was not reached). */
  readonly record?: HostRecord | null;
  /** The distribution and uptime, memory and disk as the probe found them (absent: the host was not reached). */
  readonly os?: OsRelease;
  readonly vitals?: HostVitals;
  /** SSH connections opened and remote commands run for this host. */
  readonly connections: number;
  readonly commands: number;
  readonly durationMs: number;
}

export type RunMode = 'apply' | 'plan';

export interface RunSummary {
  readonly runId: string;
  readonly mode: RunMode;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly interrupted: boolean;
  readonly hosts: readonly HostResult[];
}
