import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { RunMode, RunSummary } from '../engine/results.js';
import type { RunDescription, RunEvent, RunListener } from '../engine/run-events.js';
import { maskSecretKeys } from '../report/run-log.js';
import { maskStrings } from '../report/mask-values.js';

export const RUN_RECORD_SCHEMA_VERSION = 1;

/** Who started a run: the CLI (apply, plan) or the dashboard's drift check. */
export type RunTrigger = 'cli' | 'dashboard';

/** The first line of a run's events file: what the run was asked to do. */
export interface RunStartLine {
  readonly type: 'run-start';
  readonly schemaVersion: number;
  readonly runId: string;
  readonly mode: RunMode;
  readonly trigger: RunTrigger;
  readonly inventory: string;
  readonly startedAt: string;
  /** The process that runs it: a run whose process is gone without a record was cut off. */
  readonly pid: number;
  readonly hosts: RunDescription['hosts'];
}

/** Every later line: one run event and when it came. */
export interface RunEventLine {
  readonly type: 'event';
  readonly at: string;
  readonly event: RunEvent;
}

/** `<runId>.json`, written when the run ended: the whole result, secrets masked. */
export interface RunRecord {
  readonly schemaVersion: number;
  readonly trigger: RunTrigger;
  readonly inventory: string;
  readonly summary: RunSummary;
}

/** Where runs are recorded under the state directory. */
export const runsDir = (stateDir: string) => join(stateDir, 'runs');

export interface RunRecorder {
  /** Appends each event to `<runId>.events.jsonl` as it comes (the dashboard shows it live). */
  readonly listener: RunListener;
  /** Writes `<runId>.json` (atomically) and closes the events file. */
  finish(summary: RunSummary): void;
  /** Closes the events file without a record (the run crashed). */
  close(): void;
}

export interface RunRecorderOptions {
  readonly stateDir: string;
  readonly runId: string;
  readonly mode: RunMode;
  readonly trigger: RunTrigger;
  /** The inventory file, absolute. */
  readonly inventory: string;
  readonly hosts: RunDescription['hosts'];
  /** Masks secrets' values in every string written (valueMasker). */
  readonly mask: (text: string) => string;
  /** Told once when the history cannot be written; the run goes on without it. */
  readonly onError: (error: Error) => void;
}

/**
 * Records a run for the dashboard's history: a listener of the run's events and its result at the end.
 * Secrets are masked by key and by value, as in the run log. A write that fails turns the recorder off.
 */
export function openRunRecorder(options: RunRecorderOptions): RunRecorder {
  const dir = runsDir(options.stateDir);
  const clean = <T>(value: T): T => maskStrings(maskSecretKeys(value), options.mask);
  let fd: number | undefined;
  const failed = (error: unknown) => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
    options.onError(error as Error);
  };
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    fd = openSync(join(dir, `${options.runId}.events.jsonl`), 'a', 0o600);
    const start: RunStartLine = {
      type: 'run-start',
      schemaVersion: RUN_RECORD_SCHEMA_VERSION,
      runId: options.runId,
      mode: options.mode,
      trigger: options.trigger,
      inventory: options.inventory,
      startedAt: new Date().toISOString(),
      pid: process.pid,
      hosts: options.hosts,
    };
    writeSync(fd, JSON.stringify(clean(start)) + '\n');
  } catch (error) {
    failed(error);
  }
  const write = (line: RunEventLine) => {
    if (fd === undefined) return;
    try {
      writeSync(fd, JSON.stringify(clean(line)) + '\n');
    } catch (error) {
      failed(error);
    }
  };
  return {
    listener: (event) => write({ type: 'event', at: new Date().toISOString(), event }),
    finish(summary) {
      if (fd === undefined) return;
      try {
        const record: RunRecord = { schemaVersion: RUN_RECORD_SCHEMA_VERSION, trigger: options.trigger, inventory: options.inventory, summary: clean(summary) };
        const file = join(dir, `${options.runId}.json`);
        const tmp = `${file}.tmp-${process.pid}`;
        const out = openSync(tmp, 'w', 0o600);
        try {
          writeSync(out, JSON.stringify(record));
          fsyncSync(out);
        } finally {
          closeSync(out);
        }
        renameSync(tmp, file);
        closeSync(fd);
        fd = undefined;
      } catch (error) {
        failed(error);
      }
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
