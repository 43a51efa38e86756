import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pruneRuns } from '../../../src/state/run-retention.js';
import { openRunRecorder, runsDir, type RunStartLine, type RunTrigger } from '../../../src/state/run-recorder.js';

/** A pid no process has (above Linux's pid_max). */
const GONE_PID = 999_999_999;

/** Writes run `id` as the recorder leaves it: its events (first line: run-start), its record unless still going, its log. */
function writeRun(stateDir: string, id: string, minute: number, extra: { inventory?: string; trigger?: RunTrigger; recorded?: boolean; pid?: number } = {}): void {
  const dir = runsDir(stateDir);
  mkdirSync(dir, { recursive: true });
  mkdirSync(join(stateDir, 'logs'), { recursive: true });
  const startedAt = `2026-03-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
  const inventory = extra.inventory ?? '/srv/hosts.yaml';
  const trigger = extra.trigger ?? 'cli';
  const start: RunStartLine = { type: 'run-start', schemaVersion: 1, runId: id, mode: 'apply', trigger, inventory, startedAt, pid: extra.pid ?? GONE_PID, hosts: [{ name: 'web1', modules: ['baseline'] }] };
  writeFileSync(join(dir, `${id}.events.jsonl`), JSON.stringify(start) + '\n{"type":"event"}\n');
  if (extra.recorded !== false) {
    writeFileSync(join(dir, `${id}.json`), JSON.stringify({ schemaVersion: 1, trigger, inventory, summary: { runId: id, mode: 'apply', startedAt, durationMs: 1, interrupted: false, hosts: [] } }));
  }
  writeFileSync(join(stateDir, 'logs', `${startedAt.replace(/[:.]/g, '-')}-${id.slice(0, 8)}.log`), '{}\n');
}

const runIds = (stateDir: string) => [...new Set(readdirSync(runsDir(stateDir)).map((n) => n.replace(/\.(events\.jsonl|json)$/, '')))].sort();
const logCount = (stateDir: string) => readdirSync(join(stateDir, 'logs')).length;

describe('run retention', () => {
  it('keeps the newest N runs of the inventory, removing the older ones with their events and logs', () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'phanes-retention-'));
    // Written out of order: age comes from startedAt, not from the file's name or its time.
    for (const [id, minute] of [['run-c', 3], ['run-a', 1], ['run-e', 5], ['run-b', 2], ['run-d', 4]] as const) writeRun(stateDir, id, minute);
    const result = pruneRuns(runsDir(stateDir), { stateDir, inventory: '/srv/hosts.yaml', trigger: 'cli', keep: 3 });
    expect(result).toEqual({ removed: expect.arrayContaining(['run-a', 'run-b']), problems: [] });
    expect(result.removed).toHaveLength(2);
    expect(runIds(stateDir)).toEqual(['run-c', 'run-d', 'run-e']);
    expect(logCount(stateDir)).toBe(3);
    // Nothing more to do the next time.
    expect(pruneRuns(runsDir(stateDir), { stateDir, inventory: '/srv/hosts.yaml', trigger: 'cli', keep: 3 }).removed).toEqual([]);
  });

  it('counts each inventory, and the CLI runs and the drift checks of one, apart', () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'phanes-retention-'));
    writeRun(stateDir, 'apply-1', 1);
    writeRun(stateDir, 'apply-2', 2);
    for (let i = 3; i <= 9; i++) writeRun(stateDir, `drift-${i}`, i, { trigger: 'dashboard' });
    writeRun(stateDir, 'other-1', 1, { inventory: '/srv/other.yaml' });
    // Frequent drift checks never push the applies out.
    pruneRuns(runsDir(stateDir), { stateDir, inventory: '/srv/hosts.yaml', trigger: 'dashboard', keep: 2 });
    expect(runIds(stateDir)).toEqual(['apply-1', 'apply-2', 'drift-8', 'drift-9', 'other-1']);
    pruneRuns(runsDir(stateDir), { stateDir, inventory: '/srv/hosts.yaml', trigger: 'cli', keep: 1 });
    expect(runIds(stateDir)).toEqual(['apply-2', 'drift-8', 'drift-9', 'other-1']);
  });

  it('never removes a run still going, nor a file it cannot read; a run cut off without a record goes like any other', () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'phanes-retention-'));
    writeRun(stateDir, 'going', 1, { recorded: false, pid: process.pid });
    writeRun(stateDir, 'cut-off', 2, { recorded: false });
    writeRun(stateDir, 'new-1', 3);
    writeRun(stateDir, 'new-2', 4);
    writeFileSync(join(runsDir(stateDir), 'stray.json'), '{"not": "a record"');
    pruneRuns(runsDir(stateDir), { stateDir, inventory: '/srv/hosts.yaml', trigger: 'cli', keep: 2 });
    expect(runIds(stateDir)).toEqual(['going', 'new-1', 'new-2', 'stray']);
  });

  it('keeps every run with keep 0, and does nothing when no run was recorded yet', () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'phanes-retention-'));
    expect(pruneRuns(runsDir(stateDir), { stateDir, inventory: '/srv/hosts.yaml', trigger: 'cli', keep: 1 })).toEqual({ removed: [], problems: [] });
    for (let i = 1; i <= 4; i++) writeRun(stateDir, `run-${i}`, i);
    expect(pruneRuns(runsDir(stateDir), { stateDir, inventory: '/srv/hosts.yaml', trigger: 'cli', keep: 0 }).removed).toEqual([]);
    expect(runIds(stateDir)).toHaveLength(4);
  });

  it('is what the recorder does once a run is recorded: the new run stays, the oldest goes', () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'phanes-retention-'));
    writeRun(stateDir, 'old-1', 1);
    writeRun(stateDir, 'old-2', 2);
    const warnings: string[] = [];
    const recorder = openRunRecorder({
      stateDir,
      runId: 'fresh',
      mode: 'apply',
      trigger: 'cli',
      inventory: '/srv/hosts.yaml',
      hosts: [],
      mask: (t) => t,
      onError: (error) => {
        throw error;
      },
      retention: { keep: 2, warn: (message) => warnings.push(message) },
    });
    // Not before the run is recorded: a run that crashes prunes nothing.
    expect(runIds(stateDir)).toEqual(['fresh', 'old-1', 'old-2']);
    recorder.finish({ runId: 'fresh', mode: 'apply', startedAt: new Date().toISOString(), durationMs: 1, interrupted: false, hosts: [] });
    expect(runIds(stateDir)).toEqual(['fresh', 'old-2']);
    expect(existsSync(join(runsDir(stateDir), 'fresh.json'))).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('tells what it could not remove, and leaves it for the next time', () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'phanes-retention-'));
    writeRun(stateDir, 'old-1', 1, { recorded: false });
    writeRun(stateDir, 'new-1', 2);
    // A directory where the record would be: unlink refuses it, even for root.
    mkdirSync(join(runsDir(stateDir), 'old-1.json', 'inside'), { recursive: true });
    const result = pruneRuns(runsDir(stateDir), { stateDir, inventory: '/srv/hosts.yaml', trigger: 'cli', keep: 1 });
    expect(result.removed).toEqual([]);
    expect(result.problems).toEqual([expect.stringMatching(/old-1\.json: EISDIR/)]);
    expect(runIds(stateDir)).toEqual(['new-1', 'old-1']);
  });
});
