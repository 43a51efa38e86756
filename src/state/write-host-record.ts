import type { HostJob } from '../engine/run-host.js';
import type { ModuleResult } from '../engine/results.js';
import { renderFileWrite } from '../shell/file-write.js';
import { join, sh } from '../shell/command.js';
import type { Connection } from '../ssh/connection.js';
import { HOST_RECORD_PATH, HOST_RECORD_SCHEMA_VERSION, settingsHash, type HostRecord, type ModuleRecord } from './host-record.js';

/**
 * The host's record after this run, or null when nothing in it would change (a converged host whose record
 * already says so is not written to: a no-op apply stays one remote command).
 */
export function nextHostRecord(previous: HostRecord | null, job: Pick<HostJob, 'host' | 'runId' | 'phanesVersion'>, results: readonly ModuleResult[]): HostRecord | null {
  const now = new Date().toISOString();
  const modules: Record<string, ModuleRecord> = { ...previous?.modules };
  let changed = previous === null;
  for (const result of results) {
    if (!['converged', 'installed', 'changed', 'failed'].includes(result.status)) continue;
    const status = result.status === 'failed' ? 'failed' : 'ok';
    const hash = settingsHash(job.host.settings[result.module] ?? {});
    const before = modules[result.module];
    if (result.status === 'converged' && before?.status === 'ok' && before.settingsHash === hash) continue;
    modules[result.module] = {
      status,
      settingsHash: hash,
      appliedAt: now,
      steps: result.steps.map((s) => s.title),
      runId: job.runId,
      phanesVersion: job.phanesVersion,
    };
    changed = true;
  }
  if (!changed) return null;
  return {
    schemaVersion: HOST_RECORD_SCHEMA_VERSION,
    host: job.host.name,
    modules,
    lastRun: { runId: job.runId, at: now, phanesVersion: job.phanesVersion, status: results.some((r) => r.status === 'failed') ? 'failed' : 'ok' },
  };
}

/** Writes the record atomically (temp file, fsync, rename), readable by root only. */
export async function writeHostRecord(connection: Connection, record: HostRecord, timeoutMs: number): Promise<void> {
  const write = renderFileWrite({
    kind: 'file',
    title: 'record',
    path: HOST_RECORD_PATH,
    content: JSON.stringify(record, null, 2) + '\n',
    mode: '0600',
    owner: 'root',
    group: 'root',
    current: null,
  });
  const script = join([sh`set -eu`, sh`mkdir -p -m 0700 /var/lib/phanes`, write], '\n');
  // Stoppable: a script cut short by a dying controller is then not run at all, and a stopped write leaves no temp file.
  const result = await connection.run(script, { timeoutMs, stoppable: true });
  if (result.exitCode !== 0) throw new Error(`exit ${result.exitCode}: ${result.stderr.trim().slice(-300)}`);
}
