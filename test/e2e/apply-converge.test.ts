import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTargets, type TargetSet } from '../targets/targets.js';
import { baseVars, writeInventory } from './support/inventory.js';
import { runPhanes } from './support/run-phanes.js';

/** sshd's count of accepted logins since the target booted (each Phanes connection is one). */
async function loginCount(set: TargetSet, index: number): Promise<number> {
  const { output } = await set.targets[index]!.exec("journalctl -u ssh --no-pager -o cat | grep -c '^Accepted publickey' || true");
  return Number(output.trim());
}

describe('apply, converge, plan, status on 3 real targets', () => {
  let set: TargetSet;
  let inventory: string;
  let cwd: string;

  beforeAll(async () => {
    set = await startTargets({ count: 3, dir: await mkdtemp(join(tmpdir(), 'phanes-converge-')) });
    inventory = await writeInventory(set);
    cwd = set.dir;
  });
  afterAll(async () => set?.stop());

  it('applies baseline and user to all three at once', async () => {
    const run = await runPhanes(['apply', '-i', inventory, '--yes', '--json'], { cwd });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    for (const host of result.hosts) {
      expect(host).toMatchObject({ status: 'ok', connections: 1 });
      expect(host.modules.map((m: { module: string; status: string }) => [m.module, m.status])).toEqual([
        ['baseline', 'installed'],
        ['user', 'installed'],
      ]);
    }
    // Proved on the hosts themselves, not by Phanes' word.
    for (const target of set.targets) {
      const check = await target.exec(
        "readlink /etc/localtime; cat /etc/timezone; id -nG ops; stat -c %a /home/ops/.ssh/authorized_keys; sudo -l -U ops | tail -n 1; dpkg-query -W -f '${Status}' curl",
      );
      expect(check.output.split('\n')).toEqual([
        '/usr/share/zoneinfo/Europe/Berlin',
        'Europe/Berlin',
        'ops adm',
        '600',
        '    (ALL : ALL) NOPASSWD: ALL',
        'install ok installed',
      ]);
    }
  });

  it('runs zero steps on a second apply: one connection and one remote command per host', async () => {
    const before = await Promise.all(set.targets.map((_, i) => loginCount(set, i)));
    const stepSummary = join(set.dir, 'apply-step-summary.md');
    const run = await runPhanes(['apply', '-i', inventory, '--yes', '--json'], { cwd, env: { GITHUB_STEP_SUMMARY: stepSummary } });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    // The log is named after this run and every line carries its id (it once held the mode, "apply").
    const logs = (await readdir(join(cwd, '.phanes', 'logs'))).filter((f) => f.includes(result.runId.slice(0, 8)));
    expect(logs).toHaveLength(1);
    const lines = (await readFile(join(cwd, '.phanes', 'logs', logs[0]!), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { runId: string });
    expect(new Set(lines.map((l) => l.runId))).toEqual(new Set([result.runId]));
    const applied = await readFile(stepSummary, 'utf8');
    expect(applied).toMatch(/^## Phanes apply\n\nApply: 3 hosts: 3 ok; 6 modules: 6 converged, 0 failed in /);
    expect(applied).toMatch(/\| target2 \| baseline \| converged \| {2}\| {2}\| \d+\.\ds \|\n\| {2}\| user \| converged \|/);
    for (const host of result.hosts) {
      expect(host).toMatchObject({ status: 'ok', connections: 1, commands: 1 });
      expect(host.modules.every((m: { status: string; steps: unknown[] }) => m.status === 'converged' && m.steps.length === 0)).toBe(true);
    }
    const after = await Promise.all(set.targets.map((_, i) => loginCount(set, i)));
    expect(after.map((n, i) => n - before[i]!)).toEqual([1, 1, 1]);
  });

  it('plan --detailed-exitcode exits 0 on converged hosts and prints the summary table', async () => {
    const run = await runPhanes(['plan', '-i', inventory, '--detailed-exitcode'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('\ntarget1, target2, target3 (3 hosts): nothing to change\n');
    expect(run.stdout).toContain("Plan: 3 hosts: 3 ok; 6 modules: 6 converged, 0 failed in ");
  });

  it('after a timezone change, plan shows exactly that step and exits 2', async () => {
    const changed = await writeInventory(set, {
      file: 'tokyo.yaml',
      defaults: { vars: baseVars(set, { baseline: { timezone: 'Asia/Tokyo', packages: ['ca-certificates', 'curl'] } }) },
    });
    const run = await runPhanes(['plan', '-i', changed, '--detailed-exitcode', '--json'], { cwd });
    expect(run.code).toBe(2);
    const result = JSON.parse(run.stdout);
    for (const host of result.hosts) {
      expect(host.modules.map((m: { module: string; status: string; steps: { title: string }[] }) => [m.module, m.status, m.steps.map((s) => s.title)])).toEqual([
        ['baseline', 'pending', ['Set the time zone to Asia/Tokyo']],
        ['user', 'converged', []],
      ]);
    }
    // A step summary file that cannot be written costs one warning line, never the run.
    const text = await runPhanes(['plan', '-i', changed], { cwd, env: { GITHUB_STEP_SUMMARY: join(set.dir, 'no-such-dir', 'summary.md') } });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('\ntarget1, target2, target3 (3 hosts)\n  ~ baseline: 1 step\n    + Set the time zone to Asia/Tokyo\n');
    expect(text.stdout.split('Set the time zone to Asia/Tokyo')).toHaveLength(2); // shown once for the three
    expect(text.stdout).toMatch(/3 would change/);
    expect(text.stderr.split('\n').filter((l) => l.includes('GITHUB_STEP_SUMMARY'))).toEqual([
      expect.stringMatching(/^warning: cannot append the run's summary to GITHUB_STEP_SUMMARY: ENOENT: .*; the run's result is unchanged$/),
    ]);
    const stepSummary = join(set.dir, 'plan-step-summary.md');
    const markdown = await runPhanes(['plan', '-i', changed, '--format', 'markdown', '--detailed-exitcode'], { cwd, env: { GITHUB_STEP_SUMMARY: stepSummary } });
    expect(markdown.code).toBe(2);
    expect(markdown.stdout).toContain('| target1, target2, target3 (3 hosts) | 6: 3 converged, 3 would change | 1 step in baseline |\n');
    expect(markdown.stdout).toMatch(/\n### target1, target2, target3 \(3 hosts\)\n\n\*\*baseline\*\*: 1 step\n\n- Set the time zone to Asia\/Tokyo\n\n```sh\n[^`]*Asia\/Tokyo[^`]*\n```\n/);
    expect(await readFile(stepSummary, 'utf8')).toBe(markdown.stdout + '\n');
    // plan changed nothing on the hosts.
    expect((await set.targets[0]!.exec('cat /etc/timezone')).output.trim()).toBe('Europe/Berlin');
  });

  it('status shows the host record and no drift', async () => {
    const run = await runPhanes(['status', 'target2', '-i', inventory], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/record: 2 modules, last change .* by Phanes \d+\.\d+\.\d+/);
    expect(run.stdout).toMatch(/baseline\s+ok since \S+, settings [0-9a-f]{16}\n\s+in sync/);
    expect(run.stdout).toMatch(/user\s+ok since \S+, settings [0-9a-f]{16}\n\s+in sync/);
    const json = JSON.parse((await runPhanes(['status', 'target2', '-i', inventory, '--json'], { cwd })).stdout);
    expect(Object.keys(json.record.modules)).toEqual(['baseline', 'user']);
    expect(json.record.schemaVersion).toBe(1);
    const offline = await runPhanes(['status', 'target2', '-i', inventory, '--offline'], { cwd });
    expect(offline.code).toBe(0);
    expect(offline.stdout).toMatch(/target2 \(local cache, last apply .*: ok\)\n\s+baseline\s+converged\n\s+user\s+converged/);
  });

  it('status reports drift made by hand on the host', async () => {
    await set.targets[2]!.exec('rm /etc/sudoers.d/90-phanes-ops');
    const run = await runPhanes(['status', 'target3', '-i', inventory, '--detailed-exitcode'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/user\s+ok since .*\n\s+drifted: 1 step would run \(Allow ops to use sudo without a password\)/);
  });
});
