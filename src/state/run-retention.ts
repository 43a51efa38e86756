import { closeSync, openSync, readdirSync, readFileSync, readSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRecord, RunStartLine, RunTrigger } from './run-recorder.js';
import { processAlive } from './process-alive.js';

/**
 * Runs kept per inventory and per trigger when nothing else is asked: 500 CLI runs and 500 drift checks of
 * one inventory are 1,000 runs, the size the dashboard's benchmark proves fast (docs/dashboard.md).
 */
export const DEFAULT_KEEP_RUNS = 500;

/** Which runs to keep: the newest `keep` of one inventory started by one trigger (0: keep every run). */
export interface RetentionPolicy {
  readonly stateDir: string;
  /** The inventory file, absolute, as the run records name it. */
  readonly inventory: string;
  readonly trigger: RunTrigger;
  readonly keep: number;
}

/** What one pruning did: the runs removed, and the files that could not be (left for the next time). */
export interface PruneResult {
  readonly removed: string[];
  readonly problems: string[];
}

/** What pruning needs to know of a run, from its events file's first line or else from its record. */
interface RunHead {
  readonly id: string;
  readonly inventory: string;
  readonly trigger: RunTrigger;
  readonly startedAt: string;
  /** Its process, when known: a run without a record whose process lives is still going. */
  readonly pid?: number | undefined;
  readonly recorded: boolean;
}

/** The first line of `file` (a run-start line holds the hosts and their modules: read on until its end). */
function firstLine(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    const buffer = Buffer.alloc(16 * 1024);
    for (let at = 0, n; (n = readSync(fd, buffer, 0, buffer.length, at)) > 0; at += n) {
      const end = buffer.subarray(0, n).indexOf(0x0a);
      chunks.push(Buffer.from(buffer.subarray(0, end < 0 ? n : end)));
      if (end >= 0) break;
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The run's head, or undefined when neither of its files says whose it is (such a run is never removed). */
function readHead(dir: string, id: string, files: ReadonlySet<string>): RunHead | undefined {
  const recorded = files.has(`${id}.json`);
  try {
    if (files.has(`${id}.events.jsonl`)) {
      const start = JSON.parse(firstLine(join(dir, `${id}.events.jsonl`))) as RunStartLine;
      if (start.type === 'run-start' && typeof start.inventory === 'string' && typeof start.startedAt === 'string') {
        return { id, inventory: start.inventory, trigger: start.trigger, startedAt: start.startedAt, pid: start.pid, recorded };
      }
    }
    if (recorded) {
      const record = JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8')) as RunRecord;
      if (typeof record.inventory === 'string' && typeof record.summary?.startedAt === 'string') {
        return { id, inventory: record.inventory, trigger: record.trigger ?? 'cli', startedAt: record.summary.startedAt, recorded };
      }
    }
  } catch {
    // unreadable: not ours to judge
  }
  return undefined;
}

/**
 * Removes the runs of the policy's inventory and trigger beyond the newest `keep`: their record, their events
 * and their log (logs/<time>-<first 8 characters of the id>.log). Runs of other inventories or triggers, runs
 * still going and files it cannot read are left alone. The dashboard's index drops removed runs when it next
 * reads the directory (RunStore.indexDirectory).
 */
export function pruneRuns(runsDir: string, policy: RetentionPolicy): PruneResult {
  const removed: string[] = [];
  const problems: string[] = [];
  if (policy.keep <= 0) return { removed, problems };
  let names: string[];
  try {
    names = readdirSync(runsDir);
  } catch {
    return { removed, problems }; // no runs recorded yet
  }
  const files = new Set(names);
  const ids = new Set(names.flatMap((n) => (n.endsWith('.events.jsonl') ? [n.slice(0, -'.events.jsonl'.length)] : n.endsWith('.json') ? [n.slice(0, -'.json'.length)] : [])));
  const heads = [...ids]
    .map((id) => readHead(runsDir, id, files))
    .filter((h): h is RunHead => h !== undefined && h.inventory === policy.inventory && h.trigger === policy.trigger)
    .sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
  const old = heads.slice(policy.keep).filter((h) => h.recorded || h.pid === undefined || !processAlive(h.pid));
  if (old.length === 0) return { removed, problems };

  let logs: string[] = [];
  const logsDir = join(policy.stateDir, 'logs');
  try {
    logs = readdirSync(logsDir);
  } catch {
    // no logs kept
  }
  const remove = (file: string) => {
    try {
      unlinkSync(file);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
      problems.push(`${file}: ${(error as Error).message}`);
      return false;
    }
  };
  for (const run of old) {
    // The record first: without it the index drops the run, and a left-over events file is pruned next time.
    const gone = [`${run.id}.json`, `${run.id}.events.jsonl`].filter((n) => files.has(n)).map((n) => remove(join(runsDir, n)));
    for (const log of logs.filter((n) => n.endsWith(`-${run.id.slice(0, 8)}.log`))) remove(join(logsDir, log));
    if (gone.every(Boolean)) removed.push(run.id);
  }
  return { removed, problems };
}
