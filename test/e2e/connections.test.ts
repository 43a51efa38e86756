import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../targets/key-pair.js';
import { startTargets, TARGET_USERS, type TargetSet } from '../targets/targets.js';
import { writeInventory } from './support/inventory.js';
import { runPhanes } from './support/run-phanes.js';

/** Every file under a directory, concatenated (for "the secret is nowhere in it" checks). */
async function allText(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return (await Promise.all(files.map((f) => readFile(f, 'utf8')))).join('\n');
}

describe('connections: sudo, jump hosts, failures, host keys, secrets', () => {
  let set: TargetSet;

  beforeAll(async () => {
    set = await startTargets({ count: 3, dir: await mkdtemp(join(tmpdir(), 'phanes-conn-')) });
  });
  afterAll(async () => set?.stop());

  it('applies through a sudo user with a password, and the password shows up nowhere', async () => {
    const target = set.targets[0]!;
    // Record every process's argv and environment on the target while Phanes runs.
    await target.exec(
      "nohup sh -c 'for i in $(seq 1 400); do ps -eo args >> /tmp/ps.log; cat /proc/[0-9]*/environ 2>/dev/null | tr \"\\0\" \"\\n\" >> /tmp/env.log; sleep 0.05; done' >/dev/null 2>&1 &",
    );
    const inventory = await writeInventory(set, {
      file: 'sudo.yaml',
      defaults: { user: TARGET_USERS.password, sudo_password: '${env:PHANES_TEST_SUDO}' },
      hosts: { target2: { user: 'root' }, target3: { user: 'root' } },
    });
    const env = { PHANES_TEST_SUDO: set.sudoPassword };
    const apply = await runPhanes(['apply', '-i', inventory, '--yes', '--limit', 'target1'], { cwd: set.dir, env });
    expect(apply.code).toBe(0);
    expect(apply.stdout).toMatch(/target1\s+baseline\s+installed/);
    const plan = await runPhanes(['plan', '-i', inventory, '--limit', 'target1', '--json'], { cwd: set.dir, env });
    expect(plan.code).toBe(0);
    await target.exec('sleep 1');

    const secret = set.sudoPassword;
    const onTarget = await target.exec('cat /tmp/ps.log /tmp/env.log /var/lib/phanes/state.json; journalctl --no-pager -o cat');
    expect(onTarget.output).toContain('sudo -S -p'); // the watcher did see Phanes' commands
    expect(onTarget.output).not.toContain(secret);
    for (const text of [apply.stdout, apply.stderr, plan.stdout, plan.stderr, await allText(join(set.dir, '.phanes'))]) {
      expect(text).not.toContain(secret);
    }
    const logs = await readdir(join(set.dir, '.phanes', 'logs'));
    expect(logs.length).toBeGreaterThan(0);
  });

  it('refuses a wrong sudo password with exit 6 and a sudo error', async () => {
    const inventory = await writeInventory(set, {
      file: 'bad-sudo.yaml',
      defaults: { user: TARGET_USERS.password, sudo_password: '${env:PHANES_TEST_SUDO}' },
    });
    const run = await runPhanes(['plan', '-i', inventory, '--limit', 'target1'], { cwd: set.dir, env: { PHANES_TEST_SUDO: 'wrong-password' } });
    expect(run.code).toBe(6);
    expect(run.stdout).toContain('target1: sudo refused the password');
    expect(run.stdout).not.toContain('wrong-password');
  });

  it('reaches a target through a jump host (inventory host as jump)', async () => {
    const [jump, inner] = set.targets;
    const inventory = await writeInventory(set, {
      file: 'jump.yaml',
      hosts: { inner: { address: inner!.bridgeAddress, port: 22, jump: 'target1' }, target1: {} },
    });
    const run = await runPhanes(['apply', '-i', inventory, '--yes', '--limit', 'inner', '--json'], { cwd: set.dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).hosts[0]).toMatchObject({ host: 'inner', status: 'ok' });
    // The inner target saw a login from the jump host's bridge address, not from this machine.
    const { output } = await inner!.exec("journalctl -u ssh --no-pager -o cat | grep '^Accepted publickey' | tail -n 1");
    expect(output).toContain(`from ${jump!.bridgeAddress} `);
  });

  it('reports a wrong key as an authentication failure (exit 6)', async () => {
    const keys = generateKeyPair('wrong');
    const wrongKey = join(set.dir, 'wrong_key');
    await writeFile(wrongKey, keys.private, { mode: 0o600 });
    const inventory = await writeInventory(set, { file: 'wrong-key.yaml', defaults: { identity_file: wrongKey } });
    const run = await runPhanes(['plan', '-i', inventory, '--limit', 'target2'], { cwd: set.dir });
    expect(run.code).toBe(6);
    expect(run.stdout).toMatch(/target2: root@127\.0\.0\.1:\d+ refused every key offered\n\s+hint: check identity_file/);
  });

  it('refuses a changed host key, showing both fingerprints (exit 6)', async () => {
    const [a, b] = set.targets;
    // known_hosts that lists target1's keys under target2's address: target2's real key looks changed.
    const forged = (await readFile(set.knownHostsFile, 'utf8'))
      .split('\n')
      .filter((line) => line.startsWith(`[${a!.host}]:${a!.port} `))
      .map((line) => line.replace(`[${a!.host}]:${a!.port}`, `[${b!.host}]:${b!.port}`))
      .join('\n');
    const knownHosts = join(set.dir, 'forged_known_hosts');
    await writeFile(knownHosts, forged + '\n');
    const inventory = await writeInventory(set, { file: 'forged.yaml', defaults: { known_hosts: knownHosts } });
    const run = await runPhanes(['plan', '-i', inventory, '--limit', 'target2'], { cwd: set.dir });
    expect(run.code).toBe(6);
    expect(run.stdout).toMatch(/✖ target2 \(127\.0\.0\.1:\d+\): HOST KEY HAS CHANGED: the host offered (\S+) SHA256:\S+, known_hosts expects \1 SHA256:\S+ \(\S+forged_known_hosts:\d\)\n/);
    // accept-new never accepts a changed key either.
    const again = await runPhanes(['plan', '-i', inventory, '--limit', 'target2', '--host-key-policy', 'accept-new'], { cwd: set.dir });
    expect(again.code).toBe(6);
    expect(again.stdout).toContain('HOST KEY HAS CHANGED');
  });

  it('refuses an unknown host by default and records it with accept-new', async () => {
    const knownHosts = join(set.dir, 'empty_known_hosts');
    await writeFile(knownHosts, '');
    const inventory = await writeInventory(set, { file: 'new-hosts.yaml', defaults: { known_hosts: knownHosts } });
    const strict = await runPhanes(['plan', '-i', inventory, '--limit', 'target3'], { cwd: set.dir });
    expect(strict.code).toBe(6);
    expect(strict.stdout).toMatch(/target3 \(127\.0\.0\.1:\d+\): host key not in .*empty_known_hosts \(offered ssh-ed25519 SHA256:/);
    const accept = await runPhanes(['plan', '-i', inventory, '--limit', 'target3', '--host-key-policy', 'accept-new'], { cwd: set.dir });
    expect(accept.code).toBe(0);
    const recorded = await readFile(knownHosts, 'utf8');
    expect(recorded.trim().split('\n')).toHaveLength(1);
    expect(recorded).toContain(`[127.0.0.1]:${set.targets[2]!.port} ssh-ed25519 `);
    const strictAgain = await runPhanes(['plan', '-i', inventory, '--limit', 'target3'], { cwd: set.dir });
    expect(strictAgain.code).toBe(0);
  });

  it('goes on with the other hosts when one is stopped (exit 6, the rest converge)', async () => {
    const inventory = await writeInventory(set, { file: 'stopped.yaml' });
    await set.targets[1]!.container.stop({ timeout: 1_000 });
    const run = await runPhanes(['apply', '-i', inventory, '--yes', '--limit', 'target1,target2,target3'], { cwd: set.dir });
    expect(run.code).toBe(6);
    expect(run.stdout).toMatch(/target2\s+-\s+unreachable/);
    expect(run.stdout).toMatch(/target2: cannot connect to 127\.0\.0\.1:\d+: ECONNREFUSED/);
    expect(run.stdout).toMatch(/target1\s+baseline\s+(converged|installed|changed)/);
    expect(run.stdout).toMatch(/target3\s+baseline\s+(converged|installed|changed)/);
    expect(run.stdout).toMatch(/Apply: 3 hosts: 2 ok, 1 unreachable; 4 modules: /);
  });
});
