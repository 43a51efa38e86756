import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPhanes } from './support/run-phanes.js';

/**
 * Retention through the built CLI (docs/dashboard.md, "How long runs are kept"): plans of a host where nothing
 * listens (exit 6) are recorded like any run, so no target is needed. The pruning rules are unit-tested in
 * test/unit/state/run-retention.test.ts; this proves --keep-runs and PHANES_KEEP_RUNS reach them.
 */
describe('run retention from the command line', () => {
  const plan = (cwd: string, extra: string[], env: NodeJS.ProcessEnv = {}) => runPhanes(['plan', '--host', 'root@127.0.0.1:1', '--modules', 'baseline', '--json', ...extra], { cwd, env });
  const ids = async (dir: string) => [...new Set((await readdir(dir)).map((n) => n.replace(/\.(events\.jsonl|json)$/, '')))].sort();

  it('keeps the newest --keep-runs runs with their logs, PHANES_KEEP_RUNS when no flag is given, and refuses a bad number (exit 3)', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'phanes-retention-'));
    const runIds: string[] = [];
    for (let i = 0; i < 4; i++) {
      const run = await plan(cwd, ['--keep-runs', '2']);
      expect(run.code, run.stderr).toBe(6);
      runIds.push((JSON.parse(run.stdout) as { runId: string }).runId);
    }
    expect(await ids(join(cwd, '.phanes', 'runs'))).toEqual(runIds.slice(2).sort());
    expect((await readdir(join(cwd, '.phanes', 'logs'))).map((n) => n.slice(-12, -4)).sort()).toEqual(runIds.slice(2).map((id) => id.slice(0, 8)).sort());

    const fromEnv = await plan(cwd, [], { PHANES_KEEP_RUNS: '1' });
    expect(await ids(join(cwd, '.phanes', 'runs'))).toEqual([(JSON.parse(fromEnv.stdout) as { runId: string }).runId]);

    const bad = await plan(cwd, ['--keep-runs', '-1']);
    expect(bad).toMatchObject({ code: 3, stdout: '', stderr: 'phanes: --keep-runs: the number of runs to keep must be a whole number, 0 or more (0 keeps every run), not -1\n' });
  });
});
