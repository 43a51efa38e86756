import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTargets, type Target, type TargetSet } from '../targets/targets.js';
import { writeInventory } from './support/inventory.js';
import { runPhanes, type PhanesRun } from './support/run-phanes.js';
import { shText as sh } from './support/target-shell.js';

/** Passwords with quotes, a backslash, `$(...)` and `#` (a comment in redis.conf unless quoted); unique per run. */
const PASSWORD = `re'dis "pw" \\ $(id) #x ${randomBytes(6).toString('hex')}`;
const NEW_PASSWORD = `new "'\\ #${randomBytes(6).toString('hex')}`;

interface ModuleJson {
  module: string;
  status: string;
  steps: { title: string }[];
  health?: { title: string; ok: boolean; hint?: string }[];
}

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** A redis-cli command authenticated with `password`, which reaches it on stdin (--askpass), base64 on the way. */
const cli = (target: Target, password: string, port: number, command: string) =>
  target.exec(`echo ${b64(password)} | base64 -d | redis-cli --askpass -p ${port} ${command} 2>&1`).then((r) => r.output.trim());

const mainPid = (target: Target) => sh(target, 'systemctl show -p MainPID --value redis-server');

describe('redis module on a real target', () => {
  let set: TargetSet;
  let target: Target;
  const runs: PhanesRun[] = [];

  async function phanes(args: string[], password = PASSWORD): Promise<PhanesRun> {
    const run = await runPhanes(args, { cwd: set.dir, env: { PHANES_TEST_REDIS_PASSWORD: password } });
    runs.push(run);
    return run;
  }

  async function inventory(file: string, overrides: Record<string, unknown> = {}): Promise<string> {
    const redis = { password: '${env:PHANES_TEST_REDIS_PASSWORD}', maxmemory: '64mb', maxmemory_policy: 'allkeys-lru', ...overrides };
    return writeInventory(set, { file, defaults: { modules: ['redis'], vars: { redis } } });
  }

  beforeAll(async () => {
    set = await startTargets({ count: 1, dir: await mkdtemp(join(tmpdir(), 'phanes-redis-')) });
    target = set.targets[0]!;
    // A container limit, not the module's: Debian's unit asks for PrivateUsers=yes, which an unprivileged
    // container cannot set up (status=217/USER). Real hosts need no such drop-in.
    await sh(target, 'mkdir -p /etc/systemd/system/redis-server.service.d && printf "[Service]\\nPrivateUsers=no\\n" > /etc/systemd/system/redis-server.service.d/container.conf && systemctl daemon-reload');
    await sh(
      target,
      "nohup sh -c 'while [ ! -e /tmp/watch.stop ]; do ps -eo args >> /tmp/ps.log; cat /proc/[0-9]*/environ 2>/dev/null | tr \"\\0\" \"\\n\" >> /tmp/env.log; sleep 0.05; done' >/dev/null 2>&1 &",
    );
  });
  afterAll(async () => set?.stop());

  it('installs redis-server with the password, memory limit and policy in its drop-in; the health check passes', async () => {
    const run = await phanes(['apply', '-i', await inventory('hosts.yaml'), '--yes', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const redis = JSON.parse(run.stdout).hosts[0].modules[0] as ModuleJson;
    expect(redis.status).toBe('installed');
    expect(redis.steps.map((s) => s.title)).toEqual([
      'Install redis-server',
      'Include /etc/redis/phanes.conf at the end of /etc/redis/redis.conf',
      'Write /etc/redis/phanes.conf (password, 2 bind addresses, port 6379, maxmemory 64mb allkeys-lru)',
      'Restart redis-server to load /etc/redis/phanes.conf',
    ]);
    expect(redis.health).toEqual([{ title: 'redis-server answers PING with PONG at 127.0.0.1:6379 (with the password)', ok: true }]);
    // Proved on the host: the password is required and works, the limits are in force, the file is private.
    expect(await cli(target, PASSWORD, 6379, 'PING')).toBe('PONG');
    expect(await cli(target, 'wrong', 6379, 'PING')).toMatch(/WRONGPASS|NOAUTH/);
    expect((await target.exec('redis-cli -p 6379 PING')).output).toContain('NOAUTH');
    expect(await cli(target, PASSWORD, 6379, 'CONFIG GET maxmemory')).toBe('maxmemory\n67108864');
    expect(await cli(target, PASSWORD, 6379, 'CONFIG GET maxmemory-policy')).toBe('maxmemory-policy\nallkeys-lru');
    expect(await sh(target, 'stat -c "%a %U %G" /etc/redis/phanes.conf; tail -n 1 /etc/redis/redis.conf')).toBe('640 redis redis\ninclude /etc/redis/phanes.conf');
  });

  it('runs zero steps on a second apply; the summary shows the health check passing', async () => {
    const json = await phanes(['apply', '-i', join(set.dir, 'hosts.yaml'), '--yes', '--json']);
    expect(json.code).toBe(0);
    const host = JSON.parse(json.stdout).hosts[0];
    expect(host).toMatchObject({ status: 'ok', connections: 1, commands: 1 });
    expect(host.modules[0]).toMatchObject({ module: 'redis', status: 'converged', steps: [] });
    const text = await phanes(['apply', '-i', join(set.dir, 'hosts.yaml'), '--yes']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/target1\s+redis\s+converged\s+ok \(1\)/);
  });

  it('applies a new password, memory limit and port to the running server without a restart', async () => {
    const pid = await mainPid(target);
    const changed = await inventory('changed.yaml', { maxmemory: '128mb', maxmemory_policy: 'volatile-lru', port: 6380 });
    const plan = await phanes(['plan', '-i', changed, '--json'], NEW_PASSWORD);
    expect(plan.code).toBe(0);
    expect((JSON.parse(plan.stdout).hosts[0].modules[0] as ModuleJson).steps.map((s) => s.title)).toEqual([
      'Apply the new settings to the running redis-server (CONFIG SET, no restart)',
      'Write /etc/redis/phanes.conf (password, 2 bind addresses, port 6380, maxmemory 128mb volatile-lru)',
    ]);
    const apply = await phanes(['apply', '-i', changed, '--yes'], NEW_PASSWORD);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toMatch(/target1\s+redis\s+changed\s+2\s+ok \(1\)/);
    expect(await mainPid(target)).toBe(pid);
    expect(await cli(target, NEW_PASSWORD, 6380, 'CONFIG GET maxmemory-policy')).toBe('maxmemory-policy\nvolatile-lru');
    expect(await cli(target, PASSWORD, 6380, 'PING')).toMatch(/WRONGPASS/);
    expect((await target.exec('redis-cli -p 6379 PING')).output).toMatch(/Connection refused|Could not connect/);
    // A restart loads the same settings from the drop-in.
    await sh(target, 'systemctl restart redis-server');
    expect(await cli(target, NEW_PASSWORD, 6380, 'PING')).toBe('PONG');
    expect((await phanes(['apply', '-i', changed, '--yes', '--json'], NEW_PASSWORD)).stdout).toContain('"status": "converged"');
  });

  it('stopped by hand: plan and apply show the health check failing with its hint (exit 5), and do not start it', async () => {
    const changed = join(set.dir, 'changed.yaml');
    await sh(target, 'systemctl stop redis-server');
    const plan = await phanes(['plan', '-i', changed], NEW_PASSWORD);
    expect(plan.code).toBe(5);
    expect(plan.stdout).toMatch(/target1\s+redis\s+failed\s+1 of 1 failed/);
    expect(plan.stdout).toContain(
      'health check "redis-server answers PING with PONG at 127.0.0.1:6380 (with the password)" failed (hint: see systemctl status redis-server and journalctl -u redis-server; start it with systemctl start redis-server.',
    );
    const apply = await phanes(['apply', '-i', changed, '--yes', '--json'], NEW_PASSWORD);
    expect(apply.code).toBe(5);
    expect(JSON.parse(apply.stdout).hosts[0].modules[0]).toMatchObject({ status: 'failed', steps: [], health: [{ ok: false }] });
    expect((await target.exec('systemctl is-active redis-server')).output.trim()).not.toBe('active');
    await sh(target, 'systemctl start redis-server');
    expect((await phanes(['plan', '-i', changed], NEW_PASSWORD)).code).toBe(0);
  });

  it('the passwords appear nowhere: argv and environment on the target, its logs, state, output, JSON and .phanes', async () => {
    await sh(target, 'touch /tmp/watch.stop; sleep 1');
    await sh(target, `echo ${b64(`${PASSWORD}\n${NEW_PASSWORD}\n`)} | base64 -d > /tmp/secrets`);
    const [psLines, phanesSeen] = (await sh(target, 'wc -l < /tmp/ps.log; grep -c "^/bin/sh -s$" /tmp/ps.log')).split('\n').map(Number);
    expect(psLines).toBeGreaterThan(1000);
    // The watcher did see Phanes at work: its remote shell lives as long as each script (a short-lived
    // redis-cli can fall between two samples on a busy machine).
    expect(phanesSeen).toBeGreaterThan(0);
    const leaks = await target.exec(
      'for f in /tmp/ps.log /tmp/env.log /var/lib/phanes/state.json /var/log/redis/*.log /etc/redis/redis.conf; do grep -c -F -f /tmp/secrets "$f"; done; journalctl --no-pager -o cat | grep -c -F -f /tmp/secrets',
    );
    expect(leaks.output.trim().split('\n').every((count) => count === '0'), leaks.output).toBe(true);

    const local = await readdir(join(set.dir, '.phanes'), { recursive: true, withFileTypes: true });
    const files = local.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    expect(files.some((f) => f.includes('logs'))).toBe(true);
    const texts = [...runs.flatMap((r) => [r.stdout, r.stderr]), ...(await Promise.all(files.map((f) => readFile(f, 'utf8'))))];
    for (const secret of [PASSWORD, NEW_PASSWORD]) for (const text of texts) expect(text.includes(secret)).toBe(false);
  });
});
