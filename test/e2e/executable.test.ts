import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTargets, type ContainerTarget, type TargetSet } from '../targets/targets.js';
import { writeInventory } from './support/inventory.js';
import { runPhanes } from './support/run-phanes.js';
import { shText } from './support/target-shell.js';

/**
 * The executables as users get them: the x64 one copied into a real Debian target that has no Node.js,
 * run there with --local (converge, then nothing to do, then the controller's plan over SSH agrees); the
 * arm64 one under qemu-user.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = (arch: string) => join(ROOT, 'dist/bin', `phanes-linux-${arch}`);
const VERSION_LINE = /^\d+\.\d+\.\d+ \(commit ([0-9a-f]{12}(-dirty)?|unknown)\)\n$/;

/** Builds both executables when they are missing or older than the bundle `npm test` just made. */
function ensureExecutables(): void {
  const bundle = statSync(join(ROOT, 'dist/phanes.mjs')).mtimeMs;
  if (['x64', 'arm64'].every((arch) => existsSync(BIN(arch)) && statSync(BIN(arch)).mtimeMs >= bundle)) return;
  execFileSync('bash', [join(ROOT, 'scripts/install-binary-tools.sh')], { stdio: 'inherit' });
  execFileSync(process.execPath, [join(ROOT, 'dist/scripts/build-binary.js')], { stdio: 'inherit', cwd: ROOT });
}

/** Module settings both the --local runs and the controller's inventory use. */
const VARS = {
  baseline: { timezone: 'Europe/Vienna', packages: ['ca-certificates', 'curl'] },
  files: { files: [{ path: '/etc/phanes-local.txt', content: 'from the executable\n' }] },
  user: { name: 'ops', authorized_keys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ops@laptop'] },
};

describe('the executable', () => {
  let set: TargetSet;
  let target: ContainerTarget;

  beforeAll(async () => {
    ensureExecutables();
    set = await startTargets({ count: 1, dir: await mkdtemp(join(tmpdir(), 'phanes-executable-')) });
    target = set.targets[0]!;
    await target.container.copyFilesToContainer([{ source: BIN('x64'), target: '/usr/local/bin/phanes', mode: 0o755 }]);
    await target.container.copyContentToContainer([{ content: stringify(VARS), target: '/root/vars.yaml' }]);
  });
  afterAll(async () => set?.stop());

  it('runs on a Debian server without Node.js: --version names the version and the commit, list lists the modules', async () => {
    expect((await target.exec('command -v node nodejs')).exitCode).not.toBe(0);
    expect((await target.exec('phanes --version')).output).toMatch(VERSION_LINE);
    const list = await shText(target, 'phanes list');
    expect(list).toMatch(/^Modules\n/);
    expect(list).toContain('baseline');
    expect(list).toContain('minimal');
  });

  it('applies with --local there, then has nothing to do; the controller over SSH sees nothing to change either', async () => {
    const applyLocal = async () => {
      const { output } = await target.exec('cd /root && phanes apply --local --modules baseline,files --vars /root/vars.yaml --yes --json 2>/dev/null');
      return JSON.parse(output);
    };
    const first = await applyLocal();
    expect(first.exitCode).toBe(0);
    expect(first.hosts[0].modules.map((m: { status: string }) => m.status)).toEqual(['installed', 'installed']);
    expect(await shText(target, 'cat /etc/timezone /etc/phanes-local.txt')).toBe('Europe/Vienna\nfrom the executable');

    const again = await applyLocal();
    expect(again.hosts[0]).toMatchObject({ status: 'ok', connections: 1, commands: 1 });
    expect(again.hosts[0].modules.map((m: { status: string }) => m.status)).toEqual(['converged', 'converged']);

    const inventory = await writeInventory(set, { file: 'executable.yaml', defaults: { modules: ['baseline', 'files'], vars: VARS } });
    const plan = await runPhanes(['plan', '-i', inventory, '--detailed-exitcode'], { cwd: set.dir });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.stdout).toContain('2 modules: 2 converged, 0 failed');
  });

  it('applies the minimal profile with --local, as the PRD shows it; then nothing to do; the controller over SSH agrees', async () => {
    const applyLocal = async () => {
      const { output } = await target.exec('cd /root && phanes apply --local --profile minimal --vars /root/vars.yaml --yes --json 2>/dev/null');
      return JSON.parse(output);
    };
    const statuses = (run: { hosts: { modules: { module: string; status: string }[] }[] }) => Object.fromEntries(run.hosts[0]!.modules.map((m) => [m.module, m.status]));
    const first = await applyLocal();
    expect(first.exitCode).toBe(0);
    // baseline converged in the test before (when it ran); swap cannot run in a container.
    expect(statuses(first)).toMatchObject({ user: 'installed', security: 'installed', swap: 'not-applicable', updates: 'installed' });
    expect(['installed', 'converged']).toContain(statuses(first).baseline);
    expect(await shText(target, 'sudo -l -U ops | grep -c NOPASSWD; sshd -T | grep -E "^(passwordauthentication|permitrootlogin) "; ufw status | head -1')).toBe(
      '1\npermitrootlogin without-password\npasswordauthentication no\nStatus: active',
    );

    const again = await applyLocal();
    expect(again.hosts[0]).toMatchObject({ status: 'ok', connections: 1, commands: 1 });
    expect(statuses(again)).toEqual({ baseline: 'converged', user: 'converged', security: 'converged', swap: 'not-applicable', updates: 'converged' });

    const inventory = await writeInventory(set, { file: 'minimal.yaml', defaults: { modules: undefined, profile: 'minimal', vars: VARS } });
    const plan = await runPhanes(['plan', '-i', inventory, '--detailed-exitcode'], { cwd: set.dir });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.stdout).toContain('5 modules: 4 converged, 0 failed, 1 not applicable');
  });

  it('serves the dashboard from the executable (node:sqlite inside): the --local runs above in its history', async () => {
    // The server has no Node.js at all: the SQLite the history needs is the one built into the executable.
    const recorded = (await shText(target, 'cd /root/.phanes/runs && ls *.json')).split('\n').map((name) => name.replace(/\.json$/, ''));
    expect(recorded.length).toBeGreaterThanOrEqual(4);
    const serve = [
      "printf 'hosts:\\n  this-server:\\n    connection: local\\n    modules: [baseline]\\n' > /root/dashboard.yaml",
      'cd /root && (nohup phanes dashboard -i dashboard.yaml --port 7411 --drift-interval 0 > dashboard.out 2>&1 & echo $! > dashboard.pid)',
      'for i in $(seq 100); do curl -sf http://127.0.0.1:7411/runs > runs.html && break; sleep 0.2; done',
      'cat runs.html',
    ].join(' && ');
    try {
      const runs = await shText(target, serve);
      expect(runs).toContain(`<p id="count">${recorded.length} runs,`);
      for (const id of recorded) expect(runs).toContain(`/runs/${id}`);
      const hosts = await shText(target, 'curl -sf http://127.0.0.1:7411/');
      expect(hosts).toContain('<tr data-host="this-server">');
      const run = await shText(target, `curl -sf http://127.0.0.1:7411/runs/${recorded[0]}`);
      expect(run).toMatch(/<tr data-module="(baseline|files|user)"/);
      expect(await shText(target, 'cat /root/dashboard.out')).toBe('Dashboard: http://127.0.0.1:7411/\nCtrl-C stops it.');
    } finally {
      await target.exec('kill "$(cat /root/dashboard.pid)"');
    }
  });

  it('refuses --local for a user who is not root and has no sudo, in one line (exit 3)', async () => {
    const run = await target.exec("su -s /bin/sh nobody -c 'cd /tmp && phanes apply --local --profile minimal --yes'");
    expect(run.exitCode).toBe(3);
    expect(run.output).toBe('phanes: --local changes this machine as root: run phanes as root, or with sudo (sudo phanes apply --local ...)\n');
  });

  it('runs on arm64 (under qemu-user): --version and list', () => {
    const qemu = (args: string[]) => spawnSync('qemu-aarch64-static', ['-L', '/usr/aarch64-linux-gnu', BIN('arm64'), ...args], { encoding: 'utf8' });
    // ELF e_machine 183: AArch64 (read from the header; `file` may not be installed).
    expect(readFileSync(BIN('arm64')).subarray(0, 20).readUInt16LE(18)).toBe(183);
    const version = qemu(['--version']);
    expect(version.stdout, version.stderr).toMatch(VERSION_LINE);
    expect(qemu(['list']).stdout).toContain('baseline');
  });
});

/** The one-server path from the controller: hosts on the command line, settings from --vars and --set. */
describe('apply --host, without an inventory', () => {
  let set: TargetSet;

  beforeAll(async () => {
    set = await startTargets({ count: 1, dir: await mkdtemp(join(tmpdir(), 'phanes-one-server-')) });
  });
  afterAll(async () => set?.stop());

  it('applies to user@address:port with --identity, --vars and --set; the next plan has nothing to do', async () => {
    const t = set.targets[0]!;
    const vars = join(set.dir, 'vars.yaml');
    await writeFile(vars, stringify({ baseline: { packages: ['ca-certificates', 'curl'] } }));
    const args = ['--host', `root@${t.host}:${t.port}`, '--identity', set.privateKeyFile, '--known-hosts', set.knownHostsFile, '--modules', 'baseline', '--vars', vars, '--set', 'baseline.timezone=Asia/Tokyo'];
    const apply = await runPhanes(['apply', ...args, '--yes'], { cwd: set.dir });
    expect(apply.code, apply.stderr).toBe(0);
    expect(await shText(t, 'cat /etc/timezone')).toBe('Asia/Tokyo');
    const plan = await runPhanes(['plan', ...args, '--detailed-exitcode'], { cwd: set.dir });
    expect(plan.code, plan.stdout).toBe(0);
  });

  it.each([
    [['apply', '--host', 'root@', '--profile', 'minimal', '--yes'], 'phanes: --host "root@": write [user@]address[:port], e.g. root@203.0.113.10 or deploy@[2001:db8::1]:2222\n'],
    [['apply', '--host', 'web:70000', '--profile', 'minimal', '--yes'], 'phanes: --host web:70000: port 70000 is not between 1 and 65535\n'],
    [['apply', '--host', 'web', '--profile', 'minimal', '--set', 'swapp.size_mb=2048', '--yes'], 'phanes: --set swapp.size_mb=2048: unknown module swapp (did you mean swap?)\n'],
    [['apply', '--host', 'web', '--profile', 'minimal', '--set', 'swap.sizemb=2048', '--yes'], 'phanes: --set swap.sizemb=2048: module swap has no setting sizemb (did you mean size_mb?)\n'],
    [['apply', '--host', 'web', '--profile', 'minimal', '--set', 'swap', '--yes'], 'phanes: --set swap: write module.setting=value, e.g. --set swap.size_mb=2048\n'],
    [['apply', '--host', 'web', '--yes'], 'phanes: name what to apply: --profile P (phanes list shows them) or --modules a,b\n'],
    [['apply', '--host', 'root@web', '--host', 'admin@web', '--profile', 'minimal', '--yes'], 'phanes: --host names the same server twice (web)\n'],
    [['apply', '--host', 'web', '--local', '--profile', 'minimal', '--yes'], 'phanes: --local and --host exclude each other: run on this machine, or on the hosts named\n'],
    [['apply', '--profile', 'minimal', '--yes'], 'phanes: name the hosts: --inventory FILE, --host [user@]address[:port], or --local\n'],
    [['plan', '-i', 'hosts.yaml', '--set', 'swap.size_mb=1'], 'phanes: --identity, --vars and --set go with --host or --local; with an inventory, put them in it\n'],
  ])('refuses %j in one line (exit 3)', async (args, message) => {
    const run = await runPhanes(args, { cwd: set.dir });
    expect(run).toMatchObject({ code: 3, stdout: '', stderr: message });
  });
});

/** The npm package, packed and installed as a user would, into an empty prefix (not the source tree). */
describe('the npm package', () => {
  it('installs with npm install -g from the packed tarball and gives a working phanes on PATH, with nothing else to fetch', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'phanes-pack-'));
    // npm test has just built dist/: packing without the prepack build keeps this file from racing it.
    const tarball = execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').at(-1)!;
    const prefix = join(dir, 'prefix');
    execFileSync('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', join(dir, tarball)], { encoding: 'utf8' });
    const phanes = join(prefix, 'bin', 'phanes');
    expect(execFileSync(phanes, ['--version'], { encoding: 'utf8' })).toMatch(VERSION_LINE);
    expect(execFileSync(phanes, ['list'], { encoding: 'utf8' })).toContain('baseline');
    // The bundle holds every dependency: the package installs none.
    expect(execFileSync('ls', [join(prefix, 'lib/node_modules/phanes')], { encoding: 'utf8' }).split('\n')).not.toContain('node_modules');
    const init = spawnSync(phanes, ['init', join(dir, 'hosts.yaml')], { encoding: 'utf8' });
    expect(init.status, init.stderr).toBe(0);
  });
});
