import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTargets, type TargetSet } from '../targets/targets.js';
import { baseVars, writeInventory } from './support/inventory.js';
import { runPhanes } from './support/run-phanes.js';

type ModuleJson = { module: string; status: string; steps: unknown[]; health?: { title: string; ok: boolean }[] };

/**
 * The web and database profiles applied whole, one real target each, with everything from Debian's mirror:
 * `source: distro` for docker and caddy (their own repositories are out of reach here).
 */
describe('web and database profiles on real targets', () => {
  let set: TargetSet;
  let inventory: string;
  const env = { PHANES_TEST_PG: randomBytes(12).toString('base64url'), PHANES_TEST_REDIS: randomBytes(12).toString('base64url') };

  beforeAll(async () => {
    set = await startTargets({ count: 2, dir: await mkdtemp(join(tmpdir(), 'phanes-profiles-')) });
    // A container limit, not Phanes': Debian's redis unit asks for PrivateUsers, which an unprivileged
    // container cannot set up. Real hosts need no such drop-in.
    await set.targets[1]!.exec('mkdir -p /etc/systemd/system/redis-server.service.d && printf "[Service]\\nPrivateUsers=no\\n" > /etc/systemd/system/redis-server.service.d/container.conf && systemctl daemon-reload');
    inventory = await writeInventory(set, {
      defaults: {
        modules: undefined,
        vars: baseVars(set, {
          docker: { source: 'distro', users: ['ops'] },
          caddy: { source: 'distro' },
          postgres: { database: 'app', role: 'app', password: '${env:PHANES_TEST_PG}' },
          redis: { password: '${env:PHANES_TEST_REDIS}' },
        }),
      },
      hosts: { target1: { profile: 'web' }, target2: { profile: 'database' } },
    });
  });
  afterAll(async () => set?.stop());

  it('applies both profiles whole: every module installed and healthy (swap: not applicable in a container)', async () => {
    const run = await runPhanes(['apply', '-i', inventory, '--yes', '--json'], { cwd: set.dir, env });
    const hosts = JSON.parse(run.stdout).hosts as { host: string; modules: ModuleJson[] }[];
    const statuses = Object.fromEntries(hosts.map((h) => [h.host, h.modules.map((m) => `${m.module}:${m.status}`)]));
    expect(statuses).toEqual({
      target1: ['baseline', 'user', 'security', 'swap', 'updates', 'docker', 'monitoring', 'caddy'].map((m) => `${m}:${m === 'swap' ? 'not-applicable' : 'installed'}`),
      target2: ['baseline', 'user', 'security', 'swap', 'updates', 'docker', 'monitoring', 'postgres', 'redis'].map((m) => `${m}:${m === 'swap' ? 'not-applicable' : 'installed'}`),
    });
    const unhealthy = hosts.flatMap((h) => h.modules.flatMap((m) => (m.health ?? []).filter((c) => !c.ok).map((c) => `${h.host} ${m.module}: ${c.title}`)));
    expect(unhealthy).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('converges: the second apply runs zero steps, health checks pass and show in the summary', async () => {
    const run = await runPhanes(['apply', '-i', inventory, '--yes', '--json'], { cwd: set.dir, env });
    expect(run.code).toBe(0);
    for (const host of JSON.parse(run.stdout).hosts as { modules: ModuleJson[]; commands: number }[]) {
      expect(host.modules.filter((m) => m.steps.length > 0).map((m) => m.module)).toEqual([]);
      expect(host.commands).toBe(1);
    }
    const table = await runPhanes(['plan', '-i', inventory, '--detailed-exitcode'], { cwd: set.dir, env });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/caddy\s+converged\s+ok \(\d\)/);
    expect(table.stdout).toMatch(/postgres\s+converged\s+ok \(2\)/);
    expect(table.stdout).toMatch(/redis\s+converged\s+ok \(1\)/);
  });
});
