import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOST_RECORD_PATH, hostRecordFact, type HostRecord } from '../../../src/state/host-record.js';

/** The fact's answer for a record file at `path` (in place of the host's), run by dash. */
function readRecord(path: string): HostRecord | null {
  const run = spawnSync('/bin/sh', ['-c', hostRecordFact.command.text.replaceAll(HOST_RECORD_PATH, path)], { encoding: 'utf8' });
  return hostRecordFact.parse(run.stdout, run.status ?? 255);
}

describe("the host record fact", () => {
  const dir = mkdtempSync(join(tmpdir(), 'phanes-record-'));
  const record: HostRecord = {
    schemaVersion: 1,
    host: 'web-1',
    modules: { baseline: { status: 'ok', settingsHash: '0123456789abcdef', appliedAt: '2026-11-22T08:00:00.000Z', steps: ['Write /etc/motd — “quoted” \\ back\\slash', 'x'.repeat(5000)], runId: 'r', phanesVersion: '0.1.0' } },
    lastRun: { runId: 'r', at: '2026-11-22T08:00:00.000Z', phanesVersion: '0.1.0', status: 'ok' },
  };

  it('reads back a record as Phanes writes it (pretty JSON), with the file facts\' batch', () => {
    writeFileSync(join(dir, 'state.json'), JSON.stringify(record, null, 2) + '\n');
    expect(readRecord(join(dir, 'state.json'))).toEqual(record);
    expect(hostRecordFact.batch?.items).toEqual([`f${HOST_RECORD_PATH}`]);
  });

  it('is null when there is no record', () => {
    expect(readRecord(join(dir, 'missing.json'))).toBeNull();
  });

  it('refuses a record that is empty, not JSON, not an object, or in a newer format, saying what to do', () => {
    writeFileSync(join(dir, 'empty.json'), '');
    expect(() => readRecord(join(dir, 'empty.json'))).toThrow('is not valid JSON; move it aside and apply again');
    writeFileSync(join(dir, 'null.json'), 'null\n');
    expect(() => readRecord(join(dir, 'null.json'))).toThrow('is not a Phanes record; move it aside and apply again');
    writeFileSync(join(dir, 'broken.json'), '{"schemaVersion": 1,');
    expect(() => readRecord(join(dir, 'broken.json'))).toThrow('is not valid JSON; move it aside and apply again');
    writeFileSync(join(dir, 'newer.json'), '{"schemaVersion": 2}');
    expect(() => readRecord(join(dir, 'newer.json'))).toThrow('newer than this Phanes understands (1); upgrade Phanes');
  });
});
