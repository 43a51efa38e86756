import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveRuns, type LiveMessage } from '../../../src/dashboard/live-runs.js';
import { valueMasker } from '../../../src/report/mask-values.js';
import { Secret } from '../../../src/shell/secret.js';
import { openRunRecorder, runsDir, type RunRecord } from '../../../src/state/run-recorder.js';
import { hostResult, moduleResult } from './fixtures.js';

describe('run recorder and the live feed that follows it', () => {
  it('writes events as they come and the result at the end, secrets masked; the live feed replays and ends the run', () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'phanes-recorder-'));
    const secret = new Secret('hunter2-secret', 'redis.password');
    const recorder = openRunRecorder({
      stateDir,
      runId: 'r1',
      mode: 'apply',
      trigger: 'cli',
      inventory: '/srv/hosts.yaml',
      hosts: [{ name: 'web1', modules: ['redis'] }],
      mask: valueMasker([secret]),
      onError: (error) => {
        throw error;
      },
    });
    const messages: LiveMessage[] = [];
    let indexed = 0;
    const live = new LiveRuns(runsDir(stateDir), (m) => messages.push(m), () => indexed++);

    recorder.listener({ type: 'host-start', host: 'web1', modules: ['redis'] });
    live.poll();
    expect(messages.map((m) => m.kind)).toEqual(['run-start', 'run-event']);
    recorder.listener({ type: 'module-end', host: 'web1', module: 'redis', status: 'failed', error: 'step failed: password hunter2-secret refused' });
    live.poll();
    expect(live.replay().map((m) => m.kind)).toEqual(['run-start', 'run-event', 'run-event']);

    const result = hostResult('web1', [moduleResult('redis', 'failed', { error: 'auth hunter2-secret' })]);
    recorder.finish({ runId: 'r1', mode: 'apply', startedAt: '2026-01-01T00:00:00.000Z', durationMs: 5, interrupted: false, hosts: [result] });
    live.poll();
    expect(messages.at(-1)).toEqual({ kind: 'run-end', data: { runId: 'r1', status: 'failed' } });
    expect(live.replay()).toEqual([]);
    expect(indexed).toBe(1);

    const events = readFileSync(join(runsDir(stateDir), 'r1.events.jsonl'), 'utf8');
    const record = JSON.parse(readFileSync(join(runsDir(stateDir), 'r1.json'), 'utf8')) as RunRecord;
    expect(events).not.toContain('hunter2');
    expect(JSON.stringify(record)).not.toContain('hunter2');
    expect(events.trim().split('\n').map((l) => (JSON.parse(l) as { type: string }).type)).toEqual(['run-start', 'event', 'event']);
    expect(record.summary.hosts[0]?.modules[0]?.error).toBe('auth ***');
  });

  it('does not follow a run whose process is gone without a record (cut off)', () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'phanes-recorder-'));
    const recorder = openRunRecorder({ stateDir, runId: 'gone', mode: 'plan', trigger: 'cli', inventory: '/x', hosts: [], mask: (t) => t, onError: () => {} });
    recorder.close();
    const file = join(runsDir(stateDir), 'gone.events.jsonl');
    const text = readFileSync(file, 'utf8').replace(/"pid":\d+/, '"pid":999999999');
    writeFileSync(file, text);
    const messages: LiveMessage[] = [];
    new LiveRuns(runsDir(stateDir), (m) => messages.push(m), () => {}).poll();
    expect(messages).toEqual([]);
  });
});
