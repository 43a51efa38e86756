import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../targets/key-pair.js';
import { startTargets, type ContainerTarget, type TargetSet } from '../targets/targets.js';
import { writeInventory } from './support/inventory.js';
import { runPhanes, type PhanesRun } from './support/run-phanes.js';
import { shText as sh } from './support/target-shell.js';

/** A password with quotes, a backslash, `$(...)` and spaces; unique per run. */
const PASSWORD = `b'ack "up" \\ $(id) ${randomBytes(6).toString('hex')}`;
const NEW_PASSWORD = `n3w 'pw' ${randomBytes(6).toString('hex')}`;
const THIRD_PASSWORD = `third ${randomBytes(6).toString('hex')}`;

interface ModuleJson {
  module: string;
  status: string;
  error?: string;
  steps: { title: string }[];
  health?: { title: string; ok: boolean; hint?: string }[];
}

const backupOf = (run: PhanesRun) => JSON.parse(run.stdout).hosts[0].modules[0] as ModuleJson;

describe('backup module on real targets: snapshots, a restore, an SFTP repository on a second target', () => {
  let set: TargetSet;
  let client: ContainerTarget;
  let server: ContainerTarget;
  const runs: PhanesRun[] = [];
  const sshKey = generateKeyPair('phanes-backup-test');

  async function phanes(args: string[], password = PASSWORD): Promise<PhanesRun> {
    // The second target only serves the SFTP repository: every run is limited to the first.
    const run = await runPhanes([...args, '--limit', 'target1'], { cwd: set.dir, env: { PHANES_TEST_BACKUP_PASSWORD: password } });
    runs.push(run);
    return run;
  }

  async function inventory(file: string, backup: Record<string, unknown>): Promise<string> {
    const settings = { password: '${env:PHANES_TEST_BACKUP_PASSWORD}', paths: ['/srv/data'], exclude: ['*.tmp'], ...backup };
    // target2 is listed (as the harness lists every target) but never run: see phanes().
    return writeInventory(set, { file, defaults: { modules: ['baseline'], vars: {} }, hosts: { target1: { modules: ['backup'], vars: { backup: settings } } } });
  }

  const snapshots = async (target: ContainerTarget) => JSON.parse(await sh(target, 'phanes-backup snapshots --json')) as { paths: string[]; tags: string[] }[];

  beforeAll(async () => {
    set = await startTargets({ count: 2, dir: await mkdtemp(join(tmpdir(), 'phanes-backup-')) });
    [client, server] = set.targets as [ContainerTarget, ContainerTarget];
    await sh(client, "mkdir -p /srv/data/sub && printf 'precious\\n' > '/srv/data/sub/a file.txt' && printf 'x' > /srv/data/skip.tmp");
    // The repository server: a user that only logs in with the backup key.
    await sh(server, `useradd -m -s /bin/sh repo && mkdir -p /srv/restic ~repo/.ssh && chown repo /srv/restic && echo '${sshKey.public}' > ~repo/.ssh/authorized_keys && chown -R repo ~repo/.ssh`);
    await writeFile(join(set.dir, 'backup_key'), sshKey.private, { mode: 0o600 });
    // Watches argv and environment on the client for the whole test, as the other secret tests do.
    await sh(
      client,
      "nohup sh -c 'while [ ! -e /tmp/watch.stop ]; do ps -eo args >> /tmp/ps.log; cat /proc/[0-9]*/environ 2>/dev/null | tr \"\\0\" \"\\n\" >> /tmp/env.log; sleep 0.05; done' >/dev/null 2>&1 &",
    );
  });
  afterAll(async () => set?.stop());

  it('sets up a local repository, the service and the timer; a run makes a snapshot; health passes; a second apply changes nothing', async () => {
    const hosts = await inventory('local.yaml', { repository: '/srv/backup/repo', pre_command: 'date > /srv/data/pre-ran' });
    const run = await phanes(['apply', '-i', hosts, '--yes', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(backupOf(run).status).toBe('installed');
    expect(backupOf(run).steps.map((s) => s.title)).toContain('Initialize the repository /srv/backup/repo unless it exists (restic init)');
    expect(await sh(client, 'systemctl is-active phanes-backup.timer; systemctl is-enabled phanes-backup.timer')).toBe('active\nenabled');
    expect(await sh(client, 'stat -c "%a %U" /etc/phanes-backup /etc/phanes-backup/password /etc/phanes-backup/env')).toBe('700 root\n600 root\n600 root');

    await sh(client, 'systemctl start phanes-backup.service');
    const [snapshot, ...more] = await snapshots(client);
    expect(more).toEqual([]);
    expect(snapshot?.paths).toEqual(['/srv/data']);
    expect(snapshot?.tags).toEqual(['phanes']);
    const listed = await sh(client, 'phanes-backup ls latest');
    expect(listed).toContain('/srv/data/sub/a file.txt');
    expect(listed).toContain('/srv/data/pre-ran');
    expect(listed).not.toContain('skip.tmp');

    const again = await phanes(['apply', '-i', hosts, '--yes', '--json']);
    expect(again.code).toBe(0);
    expect(backupOf(again).status).toBe('converged');
    expect(backupOf(again).health).toEqual([
      { title: 'phanes-backup.timer is active', ok: true },
      { title: 'the last backup run succeeded (or none ran yet)', ok: true },
      { title: "the last successful backup is not older than twice the schedule's longest gap (daily)", ok: true },
    ]);
  });

  it('restores a deleted file from the snapshot with restic', async () => {
    await sh(client, "rm '/srv/data/sub/a file.txt'");
    await sh(client, "phanes-backup restore latest --target / --include '/srv/data/sub/a file.txt'");
    expect(await sh(client, "cat '/srv/data/sub/a file.txt'")).toBe('precious');
  });

  it('a failed run turns the health check red with its hint', async () => {
    await sh(client, 'mv /srv/backup/repo /srv/backup/repo.away');
    expect((await client.exec('systemctl start phanes-backup.service')).exitCode).not.toBe(0);
    const plan = await phanes(['plan', '-i', join(set.dir, 'local.yaml'), '--json']);
    await sh(client, 'mv /srv/backup/repo.away /srv/backup/repo && systemctl start phanes-backup.service');
    expect(plan.code).toBe(5);
    const health = backupOf(plan).health?.find((check) => check.title.startsWith('the last backup run succeeded'));
    expect(health?.ok).toBe(false);
    expect(health?.hint).toContain('journalctl -u phanes-backup.service');
  });

  it('backs up to an SFTP repository on the second target, trusting only its host key, and restores from there', async () => {
    const hostKey = server.hostKeys.find((key) => key.startsWith('ssh-ed25519 ')) as string;
    const hosts = await inventory('sftp.yaml', {
      repository: `sftp:repo@${server.bridgeAddress}:/srv/restic/target1`,
      sftp: { private_key: '${file:backup_key}', host_key: hostKey },
    });
    const run = await phanes(['apply', '-i', hosts, '--yes', '--json']);
    expect(run.code, run.stdout).toBe(0);
    expect(backupOf(run).status).toBe('changed');
    expect(await sh(server, 'test -f /srv/restic/target1/config && echo initialized')).toBe('initialized');
    await sh(client, 'systemctl start phanes-backup.service');
    expect(await sh(server, 'ls /srv/restic/target1/snapshots | wc -l')).toBe('1');
    await sh(client, 'rm -r /srv/data/sub');
    await sh(client, 'phanes-backup restore latest --target /');
    expect(await sh(client, "cat '/srv/data/sub/a file.txt'")).toBe('precious');
    expect((await phanes(['apply', '-i', hosts, '--yes', '--json'])).code).toBe(0);

    // Another host key for the server: restic's ssh refuses to connect.
    const other = generateKeyPair().public.split(' ').slice(0, 2).join(' ');
    const wrongKey = await inventory('sftp-wrong-key.yaml', {
      repository: `sftp:repo@${server.bridgeAddress}:/srv/restic/target1`,
      sftp: { private_key: '${file:backup_key}', host_key: other },
    });
    expect((await phanes(['apply', '-i', wrongKey, '--yes', '--json'])).code).toBe(0);
    expect((await client.exec('systemctl start phanes-backup.service')).exitCode).not.toBe(0);
    const journal = await sh(client, 'journalctl -u phanes-backup.service --no-pager -o cat | tail -n 20');
    expect(journal).toContain('Host key verification failed');
    expect(await sh(server, 'ls /srv/restic/target1/snapshots | wc -l')).toBe('1');

    // The right key again: health reports the failed run until a run succeeds.
    const fixed = await phanes(['apply', '-i', hosts, '--yes', '--json']);
    expect(fixed.code).toBe(5);
    expect(backupOf(fixed).health?.find((check) => check.title.startsWith('the last backup run succeeded'))?.ok).toBe(false);
    const before = await sh(server, 'ls /srv/restic/target1/snapshots');
    await sh(client, 'systemctl start phanes-backup.service');
    // A new snapshot, and forget --keep-daily kept only it of today's two.
    const after = await sh(server, 'ls /srv/restic/target1/snapshots');
    expect(after.split('\n')).toHaveLength(1);
    expect(after).not.toBe(before);
    expect((await phanes(['apply', '-i', hosts, '--yes'])).code).toBe(0);
  });

  it('a new password becomes the repository key before the password file changes; snapshots stay readable', async () => {
    const run = await phanes(['apply', '-i', join(set.dir, 'sftp.yaml'), '--yes', '--json'], NEW_PASSWORD);
    expect(run.code).toBe(0);
    expect(backupOf(run).steps.map((s) => s.title)).toEqual([
      'Write the new repository password to /etc/phanes-backup/password.new (0600)',
      "Change the repository's password (restic key passwd), then use it",
    ]);
    expect(await snapshots(client)).toHaveLength(1);
    expect((await phanes(['apply', '-i', join(set.dir, 'sftp.yaml'), '--yes', '--json'], NEW_PASSWORD)).code).toBe(0);
  });

  it('a key change cut off before the password file moved is finished by the next apply', async () => {
    // As if Phanes died right after `restic key passwd`: the repository opens with the third password only.
    const third = Buffer.from(THIRD_PASSWORD).toString('base64');
    await sh(client, `echo ${third} | base64 -d > /etc/phanes-backup/password.new && phanes-backup key passwd --new-password-file /etc/phanes-backup/password.new`);
    expect((await client.exec('phanes-backup cat config')).exitCode).not.toBe(0);
    const run = await phanes(['apply', '-i', join(set.dir, 'sftp.yaml'), '--yes', '--json'], THIRD_PASSWORD);
    expect(run.code, run.stdout).toBe(0);
    expect(backupOf(run).steps.map((s) => s.title)).toContain("Change the repository's password (restic key passwd), then use it");
    expect(await snapshots(client)).toHaveLength(1);
    expect(await sh(server, 'ls /srv/restic/target1/keys | wc -l')).toBe('1');
  });

  it('a repository that the password does not open: a clear failure with a hint, and nothing initialized', async () => {
    await sh(client, "printf 'not-ours' > /tmp/other-pw && restic init -r /srv/others --password-file /tmp/other-pw >/dev/null");
    const hosts = await inventory('others.yaml', { repository: '/srv/others' });
    const run = await phanes(['apply', '-i', hosts, '--yes', '--json']);
    expect(run.code).toBe(5);
    const backup = backupOf(run);
    expect(backup.status).toBe('failed');
    expect(backup.error).toContain('a repository exists at /srv/others, but backup.password does not open it');
    expect(backup.error).toContain('give its password, or point backup.repository at a new location');
    expect(await sh(client, 'ls /srv/others/keys | wc -l')).toBe('1');
  });

  it('the password and the SSH key appear nowhere: argv and environment on the client, logs, state, output, JSON and .phanes', async () => {
    await sh(client, 'touch /tmp/watch.stop; sleep 1');
    const keyBody = sshKey.private.split('\n')[1] as string;
    await sh(client, `echo ${Buffer.from(`${PASSWORD}\n${NEW_PASSWORD}\n${THIRD_PASSWORD}\n${keyBody}\n`).toString('base64')} | base64 -d > /tmp/secrets`);
    expect(Number(await sh(client, 'wc -l < /tmp/ps.log'))).toBeGreaterThan(1000);
    const leaks = await client.exec(
      'for f in /tmp/ps.log /tmp/env.log /var/lib/phanes/state.json; do grep -c -F -f /tmp/secrets "$f"; done; journalctl --no-pager -o cat | grep -c -F -f /tmp/secrets',
    );
    expect(leaks.output.trim().split('\n').every((count) => count === '0'), leaks.output).toBe(true);
    const local = await readdir(join(set.dir, '.phanes'), { recursive: true, withFileTypes: true });
    const files = local.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    const texts = [...runs.flatMap((r) => [r.stdout, r.stderr]), ...(await Promise.all(files.map((f) => readFile(f, 'utf8'))))];
    for (const secret of [PASSWORD, NEW_PASSWORD, THIRD_PASSWORD, keyBody]) for (const text of texts) expect(text.includes(secret)).toBe(false);
  });
});
