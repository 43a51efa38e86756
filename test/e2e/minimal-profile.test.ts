import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTargets, TARGET_USERS, type Target, type TargetSet } from '../targets/targets.js';
import { baseVars, writeInventory } from './support/inventory.js';
import { runPhanes } from './support/run-phanes.js';

/** A real login attempt: resolves 'ok' or the reason ssh2 gives (authentication methods failed, ...). */
async function tryLogin(target: Target, auth: { username: string; privateKey?: Buffer; password?: string }): Promise<string> {
  return new Promise((resolve) => {
    const client = new ssh2.Client();
    client
      .on('ready', () => {
        client.end();
        resolve('ok');
      })
      .on('error', (error: Error) => resolve(error.message))
      .connect({ host: target.host, port: target.port, readyTimeout: 15_000, hostVerifier: () => true, ...auth });
  });
}

/** The minimal profile logs in as the harness's NOPASSWD sudo user, so root login can be turned off. */
const HARDENED = {
  security: { permit_root_login: 'no', allow_password_auth: false, firewall: { allow: ['80/tcp'] }, fail2ban: { maxretry: 3 } },
};

describe('minimal profile: baseline, user, security, swap, updates on 3 real targets', () => {
  let set: TargetSet;
  let inventory: string;

  beforeAll(async () => {
    set = await startTargets({ count: 3, dir: await mkdtemp(join(tmpdir(), 'phanes-minimal-')) });
    inventory = await writeInventory(set, {
      defaults: { user: TARGET_USERS.nopasswd, modules: undefined, profile: 'minimal', vars: baseVars(set, HARDENED) },
    });
  });
  afterAll(async () => set?.stop());

  it('refuses at plan time settings that would lock Phanes out (before anything is hardened)', async () => {
    const asRoot = await writeInventory(set, { file: 'as-root.yaml', defaults: { user: 'root', modules: ['security'], vars: baseVars(set, HARDENED) } });
    const run = await runPhanes(['plan', '-i', asRoot, '--limit', 'target1'], { cwd: set.dir });
    expect(run.code).toBe(5);
    expect(run.stdout).toContain('✖ security: refused: security.permit_root_login: "no" would lock Phanes out: it logs in as root');
    const noUser = await writeInventory(set, {
      file: 'allow-users.yaml',
      defaults: { user: TARGET_USERS.nopasswd, modules: ['security'], vars: baseVars(set, { security: { ...HARDENED.security, allow_users: ['ops'] } }) },
    });
    const refused = await runPhanes(['plan', '-i', noUser, '--limit', 'target1'], { cwd: set.dir });
    expect(refused.code).toBe(5);
    expect(refused.stdout).toContain(`security.allow_users does not include ${TARGET_USERS.nopasswd}, the user Phanes logs in as`);
  });

  it('applies the profile to all three; swap is reported not applicable in a container', async () => {
    const run = await runPhanes(['apply', '-i', inventory, '--yes', '--json'], { cwd: set.dir });
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout);
    for (const host of result.hosts) {
      const failed = host.modules.filter((m: { status: string }) => m.status === 'failed');
      expect(failed).toEqual([]);
      expect(host.modules.map((m: { module: string; status: string }) => [m.module, m.status])).toEqual([
        ['baseline', 'installed'],
        ['user', 'installed'],
        ['security', 'installed'],
        ['swap', 'not-applicable'],
        ['updates', 'installed'],
      ]);
      expect(host.modules[3].error).toBe('swap cannot be used inside a container (docker): the kernel refuses swapon there');
      const health = host.modules.flatMap((m: { health?: { title: string; ok: boolean }[] }) => m.health ?? []);
      expect(health.map((h: { title: string; ok: boolean }) => [h.title, h.ok])).toEqual([
        ['sshd configuration is valid', true],
        ['ufw is active', true],
        ['fail2ban sshd jail is active', true],
        ['an apt source is an allowed origin of unattended-upgrades (security updates will come)', true],
      ]);
    }
    expect(run.code).toBe(0);
  });

  it('runs zero steps on the second apply and plan exits 0', async () => {
    const run = await runPhanes(['apply', '-i', inventory, '--yes', '--json'], { cwd: set.dir });
    expect(run.code).toBe(0);
    for (const host of JSON.parse(run.stdout).hosts) {
      expect(host.modules.map((m: { status: string; steps: unknown[] }) => [m.status, m.steps.length])).toEqual([
        ['converged', 0],
        ['converged', 0],
        ['converged', 0],
        ['not-applicable', 0],
        ['converged', 0],
      ]);
      expect(host).toMatchObject({ connections: 1, commands: 1 });
    }
    const plan = await runPhanes(['plan', '-i', inventory, '--detailed-exitcode'], { cwd: set.dir });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/security\s+converged\s+ok \(3\)/);
  });

  it('adds the security suite when the apt sources lack it; with security_suite off, health says what is missing', async () => {
    const target = set.targets[2]!;
    const sources = '/etc/apt/sources.list.d/debian.sources';
    const noSecurity = await target.exec(`cp ${sources} /root/sources.saved && awk -v RS= -v ORS='\\n\\n' '!/security/' /root/sources.saved > ${sources} && apt-get update -qq`);
    expect(noSecurity.exitCode, noSecurity.output).toBe(0);
    const off = await writeInventory(set, {
      file: 'no-security-suite.yaml',
      defaults: { user: TARGET_USERS.nopasswd, modules: undefined, profile: 'minimal', vars: baseVars(set, { ...HARDENED, updates: { security_suite: false } }) },
    });
    const plan = await runPhanes(['plan', '-i', off, '--limit', 'target3', '--json'], { cwd: set.dir });
    expect(plan.code).toBe(5);
    const updates = JSON.parse(plan.stdout).hosts[0].modules.find((m: { module: string }) => m.module === 'updates');
    expect(updates.health).toEqual([{ title: 'an apt source is an allowed origin of unattended-upgrades (security updates will come)', ok: false, hint: expect.stringContaining("add the distribution's security suite") }]);

    // Default settings: the suite is added beside the main entry, fetched and signature-checked by apt, and health is green.
    const apply = await runPhanes(['apply', '-i', inventory, '--limit', 'target3', '--yes', '--json'], { cwd: set.dir });
    const applied = JSON.parse(apply.stdout).hosts[0].modules.find((m: { module: string }) => m.module === 'updates');
    expect(apply.code, apply.stdout).toBe(0);
    expect(applied.steps.map((s: { title: string }) => s.title)[0]).toMatch(/^Add the security suite bookworm-security from \S+\/debian-security\//);
    expect(applied.health).toEqual([expect.objectContaining({ ok: true })]);
    const policy = await target.exec("apt-cache policy | grep -c 'bookworm-security'");
    expect(Number(policy.output.trim())).toBeGreaterThan(0);
    expect((await runPhanes(['plan', '-i', inventory, '--limit', 'target3', '--detailed-exitcode'], { cwd: set.dir })).code).toBe(0);
    const restore = await target.exec(`rm -f /etc/apt/sources.list.d/phanes-security.sources && cp /root/sources.saved ${sources} && apt-get update -qq`);
    expect(restore.exitCode, restore.output).toBe(0);
  });

  it('is hardened, as the target itself reports it', async () => {
    const target = set.targets[0]!;
    const sshd = await target.exec("sshd -T | grep -E '^(permitrootlogin|passwordauthentication|kbdinteractiveauthentication|maxauthtries) '");
    expect(sshd.output.trim().split('\n').sort()).toEqual(['kbdinteractiveauthentication no', 'maxauthtries 3', 'passwordauthentication no', 'permitrootlogin no']);
    const ufw = await target.exec('ufw status verbose');
    expect(ufw.output).toContain('Status: active');
    expect(ufw.output).toContain('Default: deny (incoming), allow (outgoing)');
    expect(ufw.output).toMatch(/22\/tcp\s+ALLOW IN\s+Anywhere\s+# phanes/);
    expect(ufw.output).toMatch(/80\/tcp\s+ALLOW IN\s+Anywhere\s+# phanes/);
    const jail = await target.exec('fail2ban-client status sshd; fail2ban-client get sshd maxretry');
    expect(jail.exitCode).toBe(0);
    expect(jail.output).toMatch(/Status for the jail: sshd/);
    expect(jail.output.trim().split('\n').at(-1)).toBe('3');
  });

  it('lets the admin user in with its key, and refuses root and password logins (real login attempts)', async () => {
    const target = set.targets[1]!;
    const privateKey = await readFile(set.privateKeyFile);
    expect(await tryLogin(target, { username: 'ops', privateKey })).toBe('ok');
    expect(await tryLogin(target, { username: TARGET_USERS.nopasswd, privateKey })).toBe('ok');
    expect(await tryLogin(target, { username: 'root', privateKey })).toBe('All configured authentication methods failed');
    expect(await tryLogin(target, { username: TARGET_USERS.password, password: set.sudoPassword })).toBe('All configured authentication methods failed');
  });

  it('rolls back an sshd change that passes sshd -t but breaks the next login, and the host stays reachable', async () => {
    const target = set.targets[1]!;
    const privateKey = await readFile(set.privateKeyFile);
    const accepted = await target.exec("journalctl -u ssh --no-pager -o cat | grep '^Accepted publickey' | tail -n 1");
    const address = / from (\S+) port /.exec(accepted.output)?.[1];
    expect(address).toBeDefined();
    // fail2ban (maxretry 3) starts knowing nothing of this address: the profile's apply exempted it for a while.
    await target.exec(`systemctl stop 'phanes-fail2ban-unignore-*.timer'; fail2ban-client set sshd delignoreip ${address}; fail2ban-client unban --all; true`);
    const totalFailed = async () => Number(/Total failed:\s+(\d+)/.exec((await target.exec('fail2ban-client status sshd')).output)?.[1]);
    const before = await totalFailed();
    // Two refused logins now, each counted once (an unknown user; a root login is counted up to 4 times, as
    // sshd logs "ROOT LOGIN REFUSED" per key query); the refused check login will be the third.
    expect(await tryLogin(target, { username: 'no-such-user', privateKey })).toBe('All configured authentication methods failed');
    expect(await tryLogin(target, { username: 'no-such-user', privateKey })).toBe('All configured authentication methods failed');
    await expect.poll(totalFailed, { timeout: 10_000 }).toBe(before + 2);

    // The user part matches the login user, so plan allows it; the address part never matches, so sshd refuses.
    const breaking = await writeInventory(set, {
      file: 'breaking.yaml',
      defaults: {
        user: TARGET_USERS.nopasswd,
        modules: ['security'],
        vars: baseVars(set, { security: { ...HARDENED.security, allow_users: [`${TARGET_USERS.nopasswd}@203.0.113.1`] } }),
      },
    });
    const run = await runPhanes(['apply', '-i', breaking, '--yes', '--limit', 'target2', '--json'], { cwd: set.dir });
    expect(run.code).toBe(5);
    const security = JSON.parse(run.stdout).hosts[0].modules[0];
    expect(security.status).toBe('failed');
    expect(security.error).toMatch(/^a new login after the change failed \(.*refused every key offered\); the change was rolled back and the host takes new logins as before$/);
    const allowUsers = await target.exec('sshd -T | grep -c ^allowusers || true');
    expect(allowUsers.output.trim()).toBe('0');
    const refusal = await target.exec("journalctl -u ssh --no-pager -o cat | grep 'not listed in AllowUsers'");
    expect(refusal.output).toContain(`User ${TARGET_USERS.nopasswd} from ${address} not allowed`);
    // Not banned: Phanes had its address exempted for the check, and a timer will lift that.
    const jail = await target.exec(`fail2ban-client get sshd banip; fail2ban-client get sshd ignoreip; systemctl is-active "phanes-fail2ban-unignore-$(systemd-escape ${address}).timer"`);
    expect(jail.output.trimEnd().split('\n')).toEqual(['', 'These IP addresses/networks are ignored:', `\`- ${address}`, 'active']);
    // Still reachable from outside: a new run connects, and plans the rolled-back change again.
    const after = await runPhanes(['plan', '-i', breaking, '--limit', 'target2'], { cwd: set.dir });
    expect({ code: after.code, stdout: after.stdout }).toMatchObject({ code: 0, stdout: expect.stringContaining('+ Harden sshd') });
  });

  it('moves sshd to another port: allowed in ufw first, proved by a new login, used from then on (via a jump host)', async () => {
    const [jump, inner] = [set.targets[0]!, set.targets[2]!];
    const moved = await writeInventory(set, {
      file: 'moved.yaml',
      defaults: { user: TARGET_USERS.nopasswd, profile: 'minimal', modules: undefined, vars: baseVars(set, { security: { ...HARDENED.security, ssh_port: 2222 } }) },
      // No port in the inventory: Phanes tries the security module's port first, then 22.
      hosts: { inner: { address: inner.bridgeAddress, jump: 'target1' }, target1: { vars: { security: { ssh_port: 22 } } } },
    });
    // The jump host was hardened without forwarding; applied with an inventory where inner jumps through it,
    // it keeps local forwarding (ProxyJump needs it) and says why.
    expect((await jump.exec('sshd -T | grep ^allowtcpforwarding')).output.trim()).toBe('allowtcpforwarding no');
    const opened = await runPhanes(['apply', '-i', moved, '--yes', '--limit', 'target1', '--json'], { cwd: set.dir });
    expect(opened.code, opened.stdout).toBe(0);
    const jumpSecurity = JSON.parse(opened.stdout).hosts[0].modules.find((m: { module: string }) => m.module === 'security');
    expect(jumpSecurity.notes).toContain('sshd AllowTcpForwarding stays at local (not no): inner jump through this host');
    expect((await jump.exec('sshd -T | grep ^allowtcpforwarding')).output.trim()).toBe('allowtcpforwarding local');
    const run = await runPhanes(['apply', '-i', moved, '--yes', '--limit', 'inner', '--json'], { cwd: set.dir });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout).hosts[0].modules.filter((m: { status: string }) => m.status === 'failed')).toEqual([]);
    expect(run.code).toBe(0);
    const host = JSON.parse(run.stdout).hosts[0];
    expect(host.connections).toBe(2); // the run's own, and the proof that the new port takes a login
    expect((await inner.exec("sshd -T | grep '^port '")).output.trim()).toBe('port 2222');
    expect((await inner.exec('ufw status')).output).toMatch(/2222\/tcp\s+ALLOW/);
    // The next run connects on 2222 directly, and drops the old port's rule only now that sshd left it.
    const next = await runPhanes(['apply', '-i', moved, '--yes', '--limit', 'inner', '--json'], { cwd: set.dir });
    expect(next.code).toBe(0);
    const security = JSON.parse(next.stdout).hosts[0].modules[2];
    expect(security.steps.map((s: { title: string }) => s.title)).toEqual([
      'Revert sshd and ufw by themselves in 120 s unless a new login confirms the change',
      'Firewall: remove allow 22/tcp (no longer in settings)',
    ]);
    const last = await runPhanes(['plan', '-i', moved, '--limit', 'inner', '--detailed-exitcode'], { cwd: set.dir });
    expect(last.code).toBe(0);
    const login = await inner.exec("journalctl -u ssh --no-pager -o cat | grep '^Accepted publickey' | tail -n 1");
    expect(login.output).toMatch(new RegExp(`from ${jump.bridgeAddress.replace(/\./g, '\\.')} port \\d+ ssh2`));
  });
});
