import type { HostResult, HostStatus, ModuleStatus, RunMode, RunSummary } from '../engine/results.js';
import type { RunDescription, RunEvent } from '../engine/run-events.js';

/** Where one host is: not started, held until the hosts it runs after are done, running, or ended. */
export type HostStage = 'pending' | 'waiting' | 'running' | HostStatus;

/** The module a host is running now, and its step. */
export interface CurrentModule {
  readonly name: string;
  /** How many steps it runs. */
  readonly steps: number;
  /** The step running (0-based), -1 before the first starts. */
  step: number;
  stepTitle: string;
}

/** One host as the live view shows it. */
export interface HostProgress {
  readonly name: string;
  readonly modules: readonly string[];
  stage: HostStage;
  /** connecting, gathering facts, writing state, waiting for ...: what it does outside a module. */
  phase?: string;
  current?: CurrentModule;
  /** Status of each module once it ended; absent while it has not. */
  readonly moduleStatus: Map<string, ModuleStatus>;
  /** First line of each module's error. */
  readonly moduleError: Map<string, string>;
  startedAt?: number;
  endedAt?: number;
  /** Why the host failed or was unreachable: its first error line, with the module's name when one failed. */
  failure?: string;
  /** The module the failure came from, when one did (the tree shows its error on the module's line). */
  failureModule?: string;
  /** When it ended badly, in ms since the run's start: pinned failures are listed in that order. */
  failedAt?: number;
}

/** The whole run as the live view shows it; filled by `applyRunEvent`, read by the layout. */
export interface FleetProgress {
  readonly mode: RunMode;
  readonly startedAt: number;
  /** Set once the run's summary came: the clock stops. */
  endedAt?: number;
  readonly hosts: readonly HostProgress[];
  readonly byName: ReadonlyMap<string, HostProgress>;
}

/** Counts of hosts by where they are. */
export interface FleetCounts {
  readonly total: number;
  /** Ended in any way (ok, failed, unreachable, interrupted). */
  readonly done: number;
  readonly ok: number;
  readonly failed: number;
  readonly unreachable: number;
  readonly interrupted: number;
  readonly running: number;
  /** Not started yet (waiting for other hosts included). */
  readonly notStarted: number;
}

export function fleetProgress(run: RunDescription, now: number): FleetProgress {
  const hosts = run.hosts.map((h): HostProgress => ({ name: h.name, modules: h.modules, stage: 'pending', moduleStatus: new Map(), moduleError: new Map() }));
  return { mode: run.mode, startedAt: now, hosts, byName: new Map(hosts.map((h) => [h.name, h])) };
}

/** The error's first line; with the next one when it ends in a colon (`step "x" failed (exit 2):` says no cause). */
export function firstLine(text: string): string {
  const [first = '', second] = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  return first.endsWith(':') && second !== undefined ? `${first} ${second}` : first;
}
const withoutPrefix = (text: string, prefix: string) => (text.startsWith(prefix) ? text.slice(prefix.length) : text);

/** The host's end as the view keeps it (from its host-end event, or the summary for hosts that had none). */
function settle(fleet: FleetProgress, host: HostProgress, result: HostResult, now: number): void {
  if (host.endedAt !== undefined) return;
  host.stage = result.status;
  host.endedAt = now;
  delete host.phase;
  delete host.current;
  for (const m of result.modules) {
    host.moduleStatus.set(m.module, m.status);
    if (m.error) host.moduleError.set(m.module, firstLine(m.error));
  }
  if (result.status === 'failed' || result.status === 'unreachable') {
    const bad = result.modules.find((m) => m.status === 'failed' || m.status === 'refused');
    // Connection errors start with the host's name, which the view already shows beside them.
    if (result.error) host.failure = withoutPrefix(firstLine(result.error.message), `${host.name}: `);
    else if (bad) {
      host.failure = `${bad.module}: ${firstLine(bad.error ?? bad.status)}`;
      host.failureModule = bad.module;
    } else host.failure = result.status;
    host.failedAt = now - fleet.startedAt;
  }
}

/** Folds one run event into the progress (`now` in ms, as Date.now()). */
export function applyRunEvent(fleet: FleetProgress, event: RunEvent, now: number): void {
  const host = fleet.byName.get(event.host);
  if (!host || host.endedAt !== undefined) return;
  switch (event.type) {
    case 'host-start':
      host.stage = 'running';
      host.startedAt = now;
      break;
    case 'host-phase':
      // A host waits for others before it starts; it runs once it connects.
      if (host.stage === 'pending' && event.phase.startsWith('waiting for ')) host.stage = 'waiting';
      host.phase = event.phase;
      delete host.current;
      break;
    case 'module-start':
      delete host.phase;
      host.current = { name: event.module, steps: event.steps.length, step: -1, stepTitle: '' };
      break;
    case 'step-start':
      if (host.current?.name === event.module) {
        host.current.step = event.index;
        host.current.stepTitle = event.title;
      }
      break;
    case 'module-end':
      host.moduleStatus.set(event.module, event.status);
      if (event.error) host.moduleError.set(event.module, firstLine(event.error));
      if (host.current?.name === event.module) delete host.current;
      break;
    case 'host-end':
      settle(fleet, host, event.result, now);
      break;
  }
}

/** Ends every host from the run's summary (hosts never started included) and stops the clock. */
export function finishFleet(fleet: FleetProgress, summary: RunSummary, now: number): void {
  for (const result of summary.hosts) {
    const host = fleet.byName.get(result.host);
    if (host) settle(fleet, host, result, now);
  }
  fleet.endedAt = now;
}

export function fleetCounts(fleet: FleetProgress): FleetCounts {
  const count = (stage: HostStage) => fleet.hosts.filter((h) => h.stage === stage).length;
  const ok = count('ok');
  const failed = count('failed');
  const unreachable = count('unreachable');
  const interrupted = count('interrupted');
  return { total: fleet.hosts.length, done: ok + failed + unreachable + interrupted, ok, failed, unreachable, interrupted, running: count('running'), notStarted: count('pending') + count('waiting') };
}
