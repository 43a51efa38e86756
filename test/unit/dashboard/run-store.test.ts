import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunStore } from '../../../src/dashboard/run-store.js';
import { nodeHasSqlite } from '../../targets/node24.js';
import { hostResult, moduleResult, runRecord, unreached } from './fixtures.js';

// node:sqlite exists from Node 22.13: under Node 20 these are skipped; CI runs the unit tests under Node 24 too.
describe.skipIf(!nodeHasSqlite())('run store (SQLite index of the run records)', () => {
  const stores: RunStore[] = [];
  const open = async (file = ':memory:') => {
    const store = await RunStore.open(file);
    stores.push(store);
    return store;
  };
  afterEach(() => stores.splice(0).forEach((s) => s.close()));

  const fill = async () => {
    const store = await open();
    store.add(runRecord('run-1', '2026-01-01T10:00:00.000Z', 'apply', [hostResult('web1', [moduleResult('baseline', 'installed'), moduleResult('nginx', 'installed')]), hostResult('db1', [moduleResult('baseline', 'installed')])]));
    store.add(runRecord('run-2', '2026-01-02T10:00:00.000Z', 'plan', [hostResult('web1', [moduleResult('baseline', 'converged'), moduleResult('nginx', 'pending', { steps: [{ title: 'Start nginx', detail: 'systemctl start nginx' }], health: [{ title: 'nginx answers', ok: false, hint: 'start it' }] })])]));
    store.add(
      runRecord('run-3', '2026-01-03T10:00:00.000Z', 'apply', [
        hostResult('web1', [moduleResult('baseline', 'converged'), moduleResult('nginx', 'failed', { failedStep: 0, error: 'step "Start nginx" failed (exit 1):\nJob failed' })]),
        unreached('db1', { kind: 'unreachable', message: 'db1: connection refused', hint: 'is sshd running?' }),
      ]),
    );
    return store;
  };

  it('lists runs newest first with their status, host count and hosts not ok', async () => {
    const store = await fill();
    const { runs, total } = store.runs({}, 10);
    expect(total).toBe(3);
    expect(runs.map((r) => [r.id, r.mode, r.status, r.hosts, r.failedHosts])).toEqual([
      ['run-3', 'apply', 'failed', 2, 2],
      ['run-2', 'plan', 'pending', 1, 0],
      ['run-1', 'apply', 'ok', 2, 0],
    ]);
    expect(store.runs({}, 1, 1).runs.map((r) => r.id)).toEqual(['run-2']);
  });

  it('filters by host, module and status, alone and together', async () => {
    const store = await fill();
    const ids = (filter: Parameters<RunStore['runs']>[0]) => store.runs(filter, 10).runs.map((r) => r.id);
    expect(ids({ host: 'db1' })).toEqual(['run-3', 'run-1']);
    expect(ids({ module: 'nginx' })).toEqual(['run-3', 'run-2', 'run-1']);
    expect(ids({ status: 'failed' })).toEqual(['run-3']);
    expect(ids({ status: 'unreachable' })).toEqual(['run-3']);
    expect(ids({ status: 'pending' })).toEqual(['run-2']);
    expect(ids({ host: 'db1', status: 'failed' })).toEqual([]);
    expect(ids({ host: 'web1', module: 'nginx', status: 'installed' })).toEqual(['run-1']);
    expect(ids({ host: 'nobody' })).toEqual([]);
    expect(store.runs({ module: 'nginx' }, 10).total).toBe(3);
  });

  it("gives a run's hosts, modules, steps and failed output, and each host's newest run and plan", async () => {
    const store = await fill();
    const detail = store.run('run-3')!;
    expect(detail.hosts.map((h) => [h.host, h.status, h.error])).toEqual([
      ['db1', 'unreachable', 'db1: connection refused\nis sshd running?'],
      ['web1', 'failed', null],
    ]);
    expect(detail.modules.find((m) => m.module === 'nginx')).toMatchObject({ host: 'web1', status: 'failed', failedStep: 0, error: 'step "Start nginx" failed (exit 1):\nJob failed' });
    expect(store.run('nope')).toBeUndefined();

    expect(store.latest('web1')?.host.runId).toBe('run-3');
    const plan = store.latest('web1', 'plan')!;
    expect(plan.host.runId).toBe('run-2');
    expect(plan.modules[1]).toMatchObject({ module: 'nginx', status: 'pending', health: [{ title: 'nginx answers', ok: false, hint: 'start it' }], steps: [{ title: 'Start nginx' }] });
    // db1's newest run did not reach it: its vitals come from the run that did.
    expect(store.latestReached('db1')).toMatchObject({ runId: 'run-1', vitals: { uptimeSeconds: 7200 }, os: { prettyName: 'Debian GNU/Linux 12 (bookworm)' } });
    expect(store.names('host')).toEqual(['db1', 'web1']);
    expect(store.names('module')).toEqual(['baseline', 'nginx']);
  });

  it('indexes a directory of run files once, skips unreadable ones with a warning, and survives a reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'phanes-store-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify(runRecord('a', '2026-01-01T00:00:00.000Z', 'apply', [hostResult('web1', [])])));
    writeFileSync(join(dir, 'broken.json'), '{"summary": ');
    writeFileSync(join(dir, 'a.events.jsonl'), '{}\n');
    const db = join(dir, 'index.sqlite');
    const bad: string[] = [];
    const store = await open(db);
    expect(store.indexDirectory(dir, (file) => bad.push(file))).toBe(1);
    expect(bad).toEqual([join(dir, 'broken.json')]);
    expect(store.indexDirectory(dir, (file) => bad.push(file))).toBe(0);
    expect(bad).toHaveLength(1);
    store.close();
    stores.pop();
    const again = await open(db);
    expect(again.runs({}, 10).runs.map((r) => r.id)).toEqual(['a']);
    expect(again.indexDirectory(join(dir, 'missing'))).toBe(0);
  });
});
