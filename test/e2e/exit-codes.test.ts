import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTargets, type TargetSet } from '../targets/targets.js';
import { baseVars, writeInventory } from './support/inventory.js';
import { runPhanes } from './support/run-phanes.js';

/** docs/exit-codes.md, one test per code (0, 2 and 6 are also proved in the other e2e files). */
describe('exit codes', () => {
  let set: TargetSet;
  let inventory: string;

  beforeAll(async () => {
    set = await startTargets({ count: 1, dir: await mkdtemp(join(tmpdir(), 'phanes-exit-')) });
    inventory = await writeInventory(set);
  });
  afterAll(async () => set?.stop());

  it('3: bad usage names the problem', async () => {
    const unknown = await runPhanes(['plan', '-i', inventory, '--frobnicate'], { cwd: set.dir });
    expect(unknown).toMatchObject({ code: 3, stdout: '' });
    expect(unknown.stderr).toContain('phanes: Unknown argument: frobnicate');
    const noYes = await runPhanes(['apply', '-i', inventory], { cwd: set.dir });
    expect(noYes.code).toBe(3);
    expect(noYes.stderr).toContain('apply changes servers without asking only with --yes');
    const badLimit = await runPhanes(['plan', '-i', inventory, '--limit', 'targt1'], { cwd: set.dir });
    expect(badLimit.code).toBe(3);
    expect(badLimit.stderr).toContain('did you mean "target1"?');
    const badForks = await runPhanes(['plan', '-i', inventory, '--forks', '0'], { cwd: set.dir });
    expect(badForks).toMatchObject({ code: 3, stdout: '' });
    expect(badForks.stderr).toBe('phanes: --forks must be a positive integer\nRun phanes --help for usage.\n');
    const badFormat = await runPhanes(['plan', '-i', inventory, '--format', 'yaml'], { cwd: set.dir });
    expect(badFormat).toMatchObject({ code: 3, stdout: '' });
    expect(badFormat.stderr).toBe('phanes: --format must be one of text, markdown, json, not "yaml"\nRun phanes plan --help for usage.\n');
  });

  it('0: --help prints the help and runs nothing, even with --yes', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'phanes-help-'));
    const help = await runPhanes(['apply', '-i', inventory, '--yes', '--help'], { cwd });
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^phanes apply\n\nChange the hosts so they match the inventory\n/);
    expect(await readdir(cwd)).toEqual([]); // a run would have written its log under .phanes/
  });

  it('0: a reader that closes stdout early (phanes plan | head) does not crash the run', async () => {
    const run = await runPhanes(['plan', '-i', inventory], { cwd: set.dir, closeStdout: true });
    expect(run).toMatchObject({ code: 0, stderr: expect.stringContaining('target1 ok') });
    expect(run.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
  });

  it('4: an invalid inventory lists every problem as FILE:LINE:COL, and no host is touched', async () => {
    const bad = join(set.dir, 'bad.yaml');
    await writeFile(bad, 'hosts:\n  web1:\n    port: 70000\n    modules: [baseline, nginxx]\n');
    const run = await runPhanes(['apply', '-i', bad, '--yes'], { cwd: set.dir });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(`${bad}:3:11 hosts.web1.port:`);
    expect(run.stderr).toMatch(/bad\.yaml:4:\d+ hosts\.web1\.modules\[1\]: .*nginxx.*/);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('5: a failing module stops the modules after it on that host and names the step', async () => {
    const failing = await writeInventory(set, {
      file: 'failing.yaml',
      defaults: { vars: baseVars(set, { baseline: { packages: ['phanes-no-such-package'] } }) },
    });
    const run = await runPhanes(['apply', '-i', failing, '--yes', '--json'], { cwd: set.dir });
    expect(run.code).toBe(5);
    const modules = JSON.parse(run.stdout).hosts[0].modules;
    expect(modules.map((m: { module: string; status: string }) => [m.module, m.status])).toEqual([
      ['baseline', 'failed'],
      ['user', 'skipped'],
    ]);
    expect(modules[0].error).toMatch(/^step "Install phanes-no-such-package" failed \(exit 100\):\n[\s\S]*Unable to locate package phanes-no-such-package/);
  });

  it('7: another run holding the inventory lock', async () => {
    const cwd = join(set.dir, 'locked');
    await mkdir(cwd, { recursive: true });
    // A first apply creates the state directory; then a live process (this test) holds the lock.
    expect((await runPhanes(['apply', '-i', inventory, '--yes'], { cwd })).code).toBe(0);
    const stateDir = join(cwd, '.phanes', 'state');
    const lock = (await readdir(stateDir)).find((f) => f.endsWith('.json'))!.replace(/\.json$/, '.lock');
    await writeFile(join(stateDir, lock), String(process.pid));
    const run = await runPhanes(['apply', '-i', inventory, '--yes'], { cwd });
    expect(run.code).toBe(7);
    expect(run.stderr).toContain(`another phanes run (pid ${process.pid}) is applying`);
    // plan takes no lock: it changes nothing.
    expect((await runPhanes(['plan', '-i', inventory], { cwd })).code).toBe(0);
  });

  it('130: Ctrl-C lets the running module finish, starts nothing new, still writes the summary and state', async () => {
    const slow = await writeInventory(set, {
      file: 'slow.yaml',
      defaults: { vars: baseVars(set, { baseline: { packages: ['ca-certificates', 'curl', 'file'] }, user: { name: 'late', authorized_keys: [set.publicKey.trim()] } }) },
    });
    let sent = false;
    const run = await runPhanes(['apply', '-i', slow, '--yes'], {
      cwd: set.dir,
      onStderr: (text, child) => {
        if (!sent && text.includes('baseline: [1/')) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(sent).toBe(true);
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('Interrupted: starting nothing new');
    expect(run.stdout).toMatch(/target1\s+baseline\s+(installed|changed)/);
    expect(run.stdout).toMatch(/user\s+skipped/);
    expect(run.stdout).toContain('(interrupted)');
    // The finished module is on record; the skipped one did not run.
    const check = await set.targets[0]!.exec("grep -c '\"baseline\"' /var/lib/phanes/state.json; id late 2>&1 || true");
    expect(check.output).toMatch(/^1\n.*no such user/);
  });
});
