import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quote } from '../../src/shell/quote.js';
import { startTargets, type TargetSet } from '../targets/targets.js';
import { writeInventory } from './support/inventory.js';
import { runPhanes } from './support/run-phanes.js';
import { shOutput as sh } from './support/target-shell.js';

/** A directory whose name needs quoting in every way a shell can get it wrong. */
const HOSTILE = `/srv/it's a "dir" $(touch /tmp/pwned) \`touch /tmp/pwned\` ; * ~`;
/** Larger than a pipe buffer and an ARG_MAX page, below the 1 MiB plan reads back: it must travel on stdin. */
const LARGE = randomBytes(300 * 1024).toString('base64').replace(/.{76}/g, '$&\n') + '\n';

const SETTINGS = {
  directories: [
    { path: '/srv/app', mode: '2750', owner: 'root', group: 'www-data' },
    { path: '/srv/app/conf.d' },
    { path: HOSTILE, mode: '0700' },
  ],
  files: [
    { path: '/srv/app/motd', content: 'Welcome.\n', mode: '0640', group: 'www-data' },
    { path: '/srv/app/large.txt', content: LARGE },
    { path: `${HOSTILE}/a file's "name" $(id)`, content: "echo '$HOME' `id`\n", mode: '0600' },
  ],
  lines: [
    { path: '/etc/ssh/sshd_config', line: 'X11Forwarding no', regexp: '^#?X11Forwarding\\s' },
    { path: '/srv/app/app.conf', line: 'listen = 8080', regexp: '^listen\\s*=' },
    { path: '/srv/app/app.conf', line: 'workers = 4' },
    { path: `${HOSTILE}/lines & more.conf`, line: "key = 'v a l' $(x)" },
  ],
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface HostJson {
  status: string;
  connections: number;
  commands: number;
  modules: { module: string; status: string; steps: { title: string }[] }[];
}

describe('files module on a real target', () => {
  let set: TargetSet;
  let inventory: string;

  beforeAll(async () => {
    set = await startTargets({ count: 1, dir: await mkdtemp(join(tmpdir(), 'phanes-files-')) });
    inventory = await writeInventory(set, { defaults: { modules: ['files'], vars: { files: SETTINGS } } });
  });
  afterAll(async () => set?.stop());

  it('creates directories, files and lines, paths that need quoting and a 400 KiB file included', async () => {
    const run = await runPhanes(['apply', '-i', inventory, '--yes', '--json'], { cwd: set.dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const host = JSON.parse(run.stdout).hosts[0] as HostJson;
    expect(host.modules[0]!.status).toBe('installed');
    expect(host.modules[0]!.steps.map((s) => s.title)).toEqual([
      'Create the directory /srv/app (2750 root:www-data)',
      'Create the directory /srv/app/conf.d (0755 root:root)',
      `Create the directory ${HOSTILE} (0700 root:root)`,
      'Write /srv/app/motd',
      'Write /srv/app/large.txt',
      `Write ${HOSTILE}/a file's "name" $(id)`,
      'Put the line "X11Forwarding no" in /etc/ssh/sshd_config',
      'Put 2 lines in /srv/app/app.conf',
      `Put the line "key = 'v a l' $(x)" in ${HOSTILE}/lines & more.conf`,
    ]);

    const target = set.targets[0]!;
    const stat = await sh(target, `cd /srv && stat -c '%n %a %U:%G' app app/conf.d app/motd app/large.txt app/app.conf && stat -c '%a %U:%G' ${quote(HOSTILE)} ${quote(HOSTILE)}/*`);
    expect(stat.trim().split('\n')).toEqual([
      'app 2750 root:www-data',
      'app/conf.d 755 root:root',
      'app/motd 640 root:www-data',
      'app/large.txt 644 root:root',
      'app/app.conf 644 root:root',
      '700 root:root',
      '600 root:root',
      '644 root:root',
    ]);
    expect(await sh(target, `sha256sum < /srv/app/large.txt`)).toBe(`${sha256(LARGE)}  -\n`);
    expect(await sh(target, `cat ${quote(`${HOSTILE}/a file's "name" $(id)`)}`)).toBe("echo '$HOME' `id`\n");
    expect(await sh(target, `cat ${quote(`${HOSTILE}/lines & more.conf`)}`)).toBe("key = 'v a l' $(x)\n");
    expect(await sh(target, 'cat /srv/app/app.conf')).toBe('listen = 8080\nworkers = 4\n');
    // Debian ships `X11Forwarding yes`: replaced in place, the rest of sshd_config untouched, sshd still accepts it.
    expect(await sh(target, "grep -n '^#\\?X11Forwarding' /etc/ssh/sshd_config")).toMatch(/^\d+:X11Forwarding no\n$/);
    expect(await sh(target, 'stat -c %a /etc/ssh/sshd_config && sshd -t && echo ok')).toBe('644\nok\n');
    // Nothing in a value ran as a command.
    expect((await target.exec('test -e /tmp/pwned')).exitCode).toBe(1);
    expect(await sh(target, "ls -A /srv/app | grep -c '^\\.phanes-' || true")).toBe('0\n');
  });

  it('changes nothing on a second apply: one connection, one remote command', async () => {
    const run = await runPhanes(['apply', '-i', inventory, '--yes', '--json'], { cwd: set.dir });
    expect(run.code).toBe(0);
    const host = JSON.parse(run.stdout).hosts[0] as HostJson;
    expect(host).toMatchObject({ status: 'ok', connections: 1, commands: 1 });
    expect(host.modules).toMatchObject([{ module: 'files', status: 'converged', steps: [] }]);
  });

  it('puts back what was changed by hand, and only that', async () => {
    const target = set.targets[0]!;
    await sh(target, "chmod 0755 /srv/app && echo 'hacked' > /srv/app/motd && sed -i 's/^listen = 8080$/listen = 80/' /srv/app/app.conf && chown nobody /srv/app/app.conf");
    const plan = await runPhanes(['plan', '-i', inventory, '--json', '--detailed-exitcode'], { cwd: set.dir });
    expect(plan.code).toBe(2);
    const planned = JSON.parse(plan.stdout).hosts[0] as HostJson;
    expect(planned.modules[0]!.steps.map((s) => s.title)).toEqual([
      // chmod 0755 kept the setgid bit (GNU chmod does on directories): the mode is 2755.
      'Set the mode of /srv/app to 2750 (was 2755)',
      'Write /srv/app/motd',
      'Put the line "listen = 8080" in /srv/app/app.conf',
    ]);
    expect((planned.modules[0]!.steps[1] as { diff?: string }).diff).toContain('-hacked');
    const text = await runPhanes(['plan', '-i', inventory], { cwd: set.dir });
    expect(text.stdout).toContain('-hacked');
    expect(text.stdout).toContain('+listen = 8080');

    // apply --yes shows no diff, so it makes none (a large file's diff costs real CPU); --diff keeps them.
    const applied = await runPhanes(['apply', '-i', inventory, '--yes', '--json'], { cwd: set.dir });
    expect(applied.code).toBe(0);
    const appliedSteps = (JSON.parse(applied.stdout).hosts[0] as HostJson).modules[0]!.steps as { title: string; diff?: string }[];
    expect(appliedSteps.map((s) => s.title)).toContain('Write /srv/app/motd');
    expect(appliedSteps.some((s) => 'diff' in s)).toBe(false);
    await sh(target, "echo 'hacked again' > /srv/app/motd");
    const withDiff = await runPhanes(['apply', '-i', inventory, '--yes', '--json', '--diff'], { cwd: set.dir });
    expect((JSON.parse(withDiff.stdout).hosts[0] as HostJson).modules[0]!.steps).toMatchObject([{ title: 'Write /srv/app/motd', diff: expect.stringContaining('-hacked again') }]);
    expect(await sh(target, "stat -c '%a' /srv/app && cat /srv/app/motd /srv/app/app.conf && stat -c %U /srv/app/app.conf")).toBe(
      '2750\nWelcome.\nlisten = 8080\nworkers = 4\nnobody\n',
    );
    const again = await runPhanes(['apply', '-i', inventory, '--yes', '--json'], { cwd: set.dir });
    expect((JSON.parse(again.stdout).hosts[0] as HostJson).modules[0]!.status).toBe('converged');
  });

  it('refuses, before changing anything, a file whose path is a directory on the host', async () => {
    const target = set.targets[0]!;
    await sh(target, 'mkdir -p /srv/app/motd.d');
    const refused = await writeInventory(set, {
      file: 'refused.yaml',
      defaults: { modules: ['files'], vars: { files: { files: [{ path: '/srv/app/motd.d', content: 'x\n' }] } } },
    });
    const run = await runPhanes(['apply', '-i', refused, '--yes', '--json'], { cwd: set.dir });
    expect(run.code).toBe(5);
    const host = JSON.parse(run.stdout).hosts[0] as HostJson & { modules: { error?: string }[] };
    expect(host.modules[0]).toMatchObject({ status: 'refused', error: expect.stringContaining('/srv/app/motd.d is a directory on the host') });
    expect(await sh(target, 'ls -A /srv/app/motd.d')).toBe('');
  });
});
