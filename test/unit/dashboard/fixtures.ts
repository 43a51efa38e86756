import type { HostResult, ModuleResult, RunSummary } from '../../../src/engine/results.js';
import type { RunRecord } from '../../../src/state/run-recorder.js';

/** A module result with defaults. */
export const moduleResult = (module: string, status: ModuleResult['status'], extra: Partial<ModuleResult> = {}): ModuleResult => ({ module, status, steps: [], durationMs: 120, ...extra });

/** A host result that reached its host. */
export const hostResult = (host: string, modules: ModuleResult[], extra: Partial<HostResult> = {}): HostResult => ({
  host,
  status: modules.some((m) => m.status === 'failed') ? 'failed' : 'ok',
  modules,
  os: { id: 'debian', versionId: '12', codename: 'bookworm', prettyName: 'Debian GNU/Linux 12 (bookworm)' },
  vitals: { uptimeSeconds: 7200, memoryTotalKiB: 2_097_152, memoryAvailableKiB: 1_048_576, diskTotalKiB: 10_485_760, diskUsedKiB: 5_242_880 },
  connections: 1,
  commands: 2,
  durationMs: 900,
  ...extra,
});

/** A run record as the recorder writes it. */
export const runRecord = (runId: string, startedAt: string, mode: RunSummary['mode'], hosts: HostResult[]): RunRecord => ({
  schemaVersion: 1,
  trigger: 'cli',
  inventory: '/srv/hosts.yaml',
  summary: { runId, mode, startedAt, durationMs: 1500, interrupted: false, hosts },
});

/** A host the run could not reach: no OS, no vitals, no modules run. */
export const unreached = (host: string, error: NonNullable<HostResult['error']>): HostResult => ({ host, status: 'unreachable', modules: [], error, connections: 0, commands: 0, durationMs: 50 });
