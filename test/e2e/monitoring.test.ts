import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTargets, type Target, type TargetSet } from '../targets/targets.js';
import { writeInventory } from './support/inventory.js';
import { runPhanes, type PhanesRun } from './support/run-phanes.js';
import { shText as sh } from './support/target-shell.js';

interface ModuleJson {
  module: string;
  status: string;
  steps: { title: string }[];
  error?: string;
  health?: { title: string; ok: boolean; hint?: string }[];
}

/** Where netdata listens, as the kernel says: LOCAL_ADDRESS:PORT lines. */
const listening = (target: Target) => sh(target, "ss -Hltn | awk '{ print $4 }' | grep -E ':1999[89]$' | sort");

describe('monitoring module on a real target (Netdata from the distribution)', () => {
  let set: TargetSet;
  let target: Target;

  const phanes = (args: string[]): Promise<PhanesRun> => runPhanes(args, { cwd: set.dir });
  const inventory = (file: string, monitoring: Record<string, unknown>) => writeInventory(set, { file, defaults: { modules: ['monitoring'], vars: { monitoring } } });
  const moduleOf = (run: PhanesRun): ModuleJson => JSON.parse(run.stdout).hosts[0].modules[0];

  beforeAll(async () => {
    set = await startTargets({ count: 1, dir: await mkdtemp(join(tmpdir(), 'phanes-monitoring-')) });
    target = set.targets[0]!;
  });
  afterAll(async () => set?.stop());

  it('installs netdata listening on 127.0.0.1:19998; its API answers there', async () => {
    const run = await phanes(['apply', '-i', await inventory('hosts.yaml', { port: 19998 }), '--yes', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const monitoring = moduleOf(run);
    expect(monitoring.status).toBe('installed');
    expect(monitoring.steps.map((s) => s.title)).toEqual([
      'Install netdata',
      'Write netdata.conf (listen on 127.0.0.1:19998)',
      'Enable netdata.service (start it now and at boot)',
    ]);
    expect(monitoring.health).toEqual([
      { title: 'Netdata is running', ok: true },
      { title: "Netdata's API answers on 127.0.0.1:19998", ok: true },
    ]);
    expect(await listening(target)).toBe('127.0.0.1:19998');
    expect(await sh(target, 'curl -sSf http://127.0.0.1:19998/api/v1/info')).toMatch(/"version": "v1\.37\.1"/);
  });

  it('runs zero steps on a second apply; the summary shows the health checks passing', async () => {
    const json = await phanes(['apply', '-i', join(set.dir, 'hosts.yaml'), '--yes', '--json']);
    expect(json.code).toBe(0);
    const host = JSON.parse(json.stdout).hosts[0];
    expect(host).toMatchObject({ status: 'ok', connections: 1, commands: 1 });
    expect(host.modules[0]).toMatchObject({ module: 'monitoring', status: 'converged', steps: [] });
    const text = await phanes(['apply', '-i', join(set.dir, 'hosts.yaml'), '--yes']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/target1\s+monitoring\s+converged\s+ok \(2\)/);
  });

  it('moves to every address on port 19999: netdata.conf rewritten, netdata restarted, the API answers there', async () => {
    const run = await phanes(['apply', '-i', await inventory('everywhere.yaml', { bind: '*', port: 19999 }), '--yes', '--json']);
    expect(run.code).toBe(0);
    const monitoring = moduleOf(run);
    expect(monitoring).toMatchObject({ status: 'changed', steps: [{ title: 'Write netdata.conf (listen on *:19999)' }] });
    expect(monitoring.health?.every((h) => h.ok)).toBe(true);
    expect(await listening(target)).toMatch(/^(0\.0\.0\.0|\*):19999(\n\[::\]:19999)?$/);
  });

  it('stopped by hand: plan shows the health checks failing with their hints (exit 5) and starts nothing', async () => {
    await sh(target, 'systemctl stop netdata');
    const startedAt = async () => (await target.exec('systemctl show -p ExecMainStartTimestampMonotonic netdata')).output.trim();
    const stoppedStart = await startedAt();
    const everywhere = join(set.dir, 'everywhere.yaml');
    const json = await phanes(['plan', '-i', everywhere, '--json']);
    expect(json.code).toBe(5);
    const monitoring = moduleOf(json);
    expect(monitoring).toMatchObject({ status: 'failed', steps: [] });
    expect(monitoring.health?.map((h) => [h.title, h.ok])).toEqual([
      ['Netdata is running', false],
      ["Netdata's API answers on 127.0.0.1:19999", false],
    ]);
    const text = await phanes(['plan', '-i', everywhere]);
    expect(text.code).toBe(5);
    expect(text.stdout).toMatch(/target1\s+monitoring\s+failed\s+2 of 2 failed/);
    expect(text.stdout).toContain('health check "Netdata\'s API answers on 127.0.0.1:19999" failed (hint: no answer from http://127.0.0.1:19999/api/v1/info');
    // Netdata sometimes exits non-zero on SIGTERM, so stopped may read "failed" as well as "inactive".
    expect(['inactive', 'failed']).toContain((await target.exec('systemctl is-active netdata')).output.trim());
    expect(await startedAt()).toBe(stoppedStart);
  });
});
