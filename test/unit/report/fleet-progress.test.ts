import { describe, expect, it } from 'vitest';
import type { HostResult, RunSummary } from '../../../src/engine/results.js';
import { applyRunEvent, finishFleet, firstLine, fleetCounts, fleetProgress } from '../../../src/report/fleet-progress.js';

const result = (host: string, status: HostResult['status'], extra: Partial<HostResult> = {}): HostResult => ({
  host,
  status,
  modules: [],
  connections: 1,
  commands: 1,
  durationMs: 1000,
  ...extra,
});

describe('fleet progress from run events', () => {
  it('follows a host through its phases, modules and steps to its end', () => {
    const fleet = fleetProgress({ mode: 'apply', hosts: [{ name: 'web1', modules: ['baseline', 'files'] }] }, 0);
    const web1 = fleet.byName.get('web1')!;
    expect(web1.stage).toBe('pending');
    applyRunEvent(fleet, { type: 'host-start', host: 'web1', modules: ['baseline', 'files'] }, 100);
    applyRunEvent(fleet, { type: 'host-phase', host: 'web1', phase: 'gathering facts' }, 200);
    expect(web1).toMatchObject({ stage: 'running', startedAt: 100, phase: 'gathering facts' });
    applyRunEvent(fleet, { type: 'module-end', host: 'web1', module: 'baseline', status: 'converged' }, 300);
    applyRunEvent(fleet, { type: 'module-start', host: 'web1', module: 'files', steps: ['Create /srv', 'Write /srv/motd'] }, 300);
    expect(web1.phase).toBeUndefined();
    expect(web1.current).toEqual({ name: 'files', steps: 2, step: -1, stepTitle: '' });
    applyRunEvent(fleet, { type: 'step-start', host: 'web1', module: 'files', index: 1, title: 'Write /srv/motd' }, 400);
    expect(web1.current).toEqual({ name: 'files', steps: 2, step: 1, stepTitle: 'Write /srv/motd' });
    applyRunEvent(fleet, { type: 'module-end', host: 'web1', module: 'files', status: 'changed' }, 500);
    expect(web1.current).toBeUndefined();
    expect(fleetCounts(fleet)).toMatchObject({ done: 0, running: 1 });
    applyRunEvent(fleet, { type: 'host-end', host: 'web1', result: result('web1', 'ok') }, 600);
    expect(web1).toMatchObject({ stage: 'ok', endedAt: 600 });
    expect([...web1.moduleStatus]).toEqual([['baseline', 'converged'], ['files', 'changed']]);
    expect(fleetCounts(fleet)).toMatchObject({ total: 1, done: 1, ok: 1, running: 0 });
  });

  it('keeps why a host failed: the failing module and its first error line, or the connection error without the host name', () => {
    const fleet = fleetProgress({ mode: 'apply', hosts: [{ name: 'a', modules: ['files', 'user'] }, { name: 'b', modules: ['files'] }] }, 1000);
    const failedModule = { module: 'files', status: 'failed' as const, steps: [], durationMs: 1, error: 'step "Write /x" failed (exit 2):\n    /bin/sh: cannot create /x\n    more' };
    applyRunEvent(fleet, { type: 'host-end', host: 'a', result: result('a', 'failed', { modules: [failedModule, { module: 'user', status: 'skipped', steps: [], durationMs: 0 }] }) }, 3000);
    const unreachable = result('b', 'unreachable', { error: { kind: 'unreachable', message: 'b: cannot connect to 10.0.0.2:22: ETIMEDOUT' } });
    applyRunEvent(fleet, { type: 'host-end', host: 'b', result: unreachable }, 4000);
    expect(fleet.byName.get('a')).toMatchObject({ stage: 'failed', failure: 'files: step "Write /x" failed (exit 2): /bin/sh: cannot create /x', failureModule: 'files', failedAt: 2000 });
    expect(fleet.byName.get('b')).toMatchObject({ stage: 'unreachable', failure: 'cannot connect to 10.0.0.2:22: ETIMEDOUT', failedAt: 3000 });
    expect(fleet.byName.get('b')!.failureModule).toBeUndefined();
    expect(fleetCounts(fleet)).toMatchObject({ done: 2, failed: 1, unreachable: 1 });
  });

  it('ends hosts that never started from the summary, and ignores events after a host ended', () => {
    const fleet = fleetProgress({ mode: 'apply', hosts: [{ name: 'a', modules: ['files'] }, { name: 'b', modules: ['files'] }] }, 0);
    applyRunEvent(fleet, { type: 'host-start', host: 'a', modules: ['files'] }, 10);
    applyRunEvent(fleet, { type: 'host-end', host: 'a', result: result('a', 'ok') }, 20);
    applyRunEvent(fleet, { type: 'host-phase', host: 'a', phase: 'connecting' }, 30);
    const summary: RunSummary = { runId: 'r', mode: 'apply', startedAt: '', durationMs: 50, interrupted: true, hosts: [result('a', 'ok'), result('b', 'interrupted')] };
    finishFleet(fleet, summary, 50);
    expect(fleet.byName.get('a')).toMatchObject({ stage: 'ok', endedAt: 20 });
    expect(fleet.byName.get('a')!.phase).toBeUndefined();
    expect(fleet.byName.get('b')).toMatchObject({ stage: 'interrupted', endedAt: 50 });
    expect(fleet.endedAt).toBe(50);
    expect(fleetCounts(fleet)).toMatchObject({ done: 2, ok: 1, interrupted: 1, notStarted: 0 });
  });

  it('counts a host waiting for others as not started until it runs', () => {
    const fleet = fleetProgress({ mode: 'apply', hosts: [{ name: 'db', modules: [] }, { name: 'app', modules: [] }] }, 0);
    applyRunEvent(fleet, { type: 'host-phase', host: 'app', phase: 'waiting for db' }, 1);
    expect(fleet.byName.get('app')!.stage).toBe('waiting');
    expect(fleetCounts(fleet)).toMatchObject({ running: 0, notStarted: 2 });
    applyRunEvent(fleet, { type: 'host-start', host: 'app', modules: [] }, 2);
    expect(fleetCounts(fleet)).toMatchObject({ running: 1, notStarted: 1 });
  });
});

describe('firstLine', () => {
  it('is the first non-blank line, with the next when it ends in a colon', () => {
    expect(firstLine('\n  cannot connect\nhint')).toBe('cannot connect');
    expect(firstLine('step "x" failed (exit 1):\n\n    E: no such package\n')).toBe('step "x" failed (exit 1): E: no such package');
    expect(firstLine('ends in a colon:')).toBe('ends in a colon:');
  });
});
