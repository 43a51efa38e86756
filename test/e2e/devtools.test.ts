import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTargets, type Target, type TargetSet } from '../targets/targets.js';
import { writeInventory } from './support/inventory.js';
import { runPhanes } from './support/run-phanes.js';
import { shOutput as sh } from './support/target-shell.js';

/**
 * The devtools module on a real Debian 12 target with every runtime Debian's mirror carries. NodeSource's
 * repository is not reachable from targets: node: nodesource is proved by golden cases only
 * (docs/modules/devtools.md).
 */

const DEVTOOLS = { python: true, node: 'distro', go: 'distro' };
const CHECKS = ['git --version', 'a C program compiles and links (cc)', 'python3 with venv and pip', 'node and npm', 'go version'];

interface ModuleJson {
  module: string;
  status: string;
  steps: { title: string }[];
  health?: { title: string; ok: boolean; hint?: string }[];
}
interface HostJson {
  status: string;
  connections: number;
  commands: number;
  modules: ModuleJson[];
}

const devtoolsOf = (stdout: string) => (JSON.parse(stdout).hosts[0] as HostJson).modules[0]!;

describe('devtools module on a real target', () => {
  let set: TargetSet;
  let target: Target;
  let inventory: string;

  beforeAll(async () => {
    set = await startTargets({ count: 1, dir: await mkdtemp(join(tmpdir(), 'phanes-devtools-')) });
    target = set.targets[0]!;
    inventory = await writeInventory(set, { defaults: { modules: ['devtools'], vars: { devtools: DEVTOOLS } } });
  });
  afterAll(async () => set?.stop());

  it('installs git, build tools, python3 with venv, nodejs with npm and go, and each of them works', async () => {
    const run = await runPhanes(['apply', '-i', inventory, '--yes', '--json'], { cwd: set.dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const devtools = devtoolsOf(run.stdout);
    expect(devtools.status).toBe('installed');
    expect(devtools.steps.map((s) => s.title).at(-1)).toBe('Install git, build-essential, python3, python3-venv, python3-pip, nodejs, npm, golang-go');
    expect(devtools.health).toEqual(CHECKS.map((title) => ({ title, ok: true })));

    // Each runtime does real work on the host, beyond what the health checks ask.
    expect(await sh(target, "printf '#include <stdio.h>\\nint main(void) { puts(\"c-ok\"); return 0; }\\n' > /tmp/t.c && cc -o /tmp/t /tmp/t.c && /tmp/t")).toBe('c-ok\n');
    expect(await sh(target, "python3 -m venv /tmp/venv && /tmp/venv/bin/python -c 'import sys; print(sys.prefix)' && /tmp/venv/bin/pip --version >/dev/null && echo pip-ok")).toBe('/tmp/venv\npip-ok\n');
    expect(await sh(target, "node -e 'console.log(process.version.split(\".\")[0])' && npm --version >/dev/null && echo npm-ok")).toBe('v18\nnpm-ok\n');
    expect(
      await sh(target, "mkdir -p /tmp/g && cd /tmp/g && printf 'package main\\nimport \"fmt\"\\nfunc main() { fmt.Println(\"go-ok\") }\\n' > main.go && HOME=/tmp/g GO111MODULE=off go run main.go"),
    ).toBe('go-ok\n');
    expect(await sh(target, 'git --version')).toMatch(/^git version 2\./);
  });

  it('runs zero steps on a second apply; its five health checks pass and show in the summary', async () => {
    const run = await runPhanes(['apply', '-i', inventory, '--yes', '--json'], { cwd: set.dir });
    expect(run.code).toBe(0);
    const host = JSON.parse(run.stdout).hosts[0] as HostJson;
    expect(host).toMatchObject({ status: 'ok', connections: 1, commands: 1 });
    expect(host.modules).toMatchObject([{ module: 'devtools', status: 'converged', steps: [] }]);
    expect(host.modules[0]!.health).toEqual(CHECKS.map((title) => ({ title, ok: true })));

    const text = await runPhanes(['plan', '-i', inventory], { cwd: set.dir });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/devtools\s+converged\s+ok \(5\)\s/);
  });

  it('fails the checks of runtimes broken by hand, each with its hint, and passes again once the hint is followed', async () => {
    // dpkg still says installed: only the health checks can see this.
    await sh(target, 'rm /usr/bin/go && mv /usr/lib/python3.11/ensurepip /tmp/ensurepip.off');
    const run = await runPhanes(['plan', '-i', inventory, '--json'], { cwd: set.dir });
    expect(run.code).toBe(5);
    const devtools = devtoolsOf(run.stdout);
    expect(devtools.status).toBe('failed');
    expect(devtools.health).toEqual([
      { title: 'git --version', ok: true },
      { title: 'a C program compiles and links (cc)', ok: true },
      { title: 'python3 with venv and pip', ok: false, hint: expect.stringContaining('`dpkg -S ensurepip` names it') },
      { title: 'node and npm', ok: true },
      { title: 'go version', ok: false, hint: expect.stringContaining('apt-get install --reinstall golang-go') },
    ]);
    const text = await runPhanes(['plan', '-i', inventory], { cwd: set.dir });
    expect(text.code).toBe(5);
    expect(text.stdout + text.stderr).toContain('health check "go version" failed (hint: go does not run');

    // What the hints say, done by hand (the ensurepip module comes from python3.11, put back as it was).
    await sh(target, 'mv /tmp/ensurepip.off /usr/lib/python3.11/ensurepip && DEBIAN_FRONTEND=noninteractive apt-get -q -y install --reinstall golang-go >/dev/null');
    expect((await runPhanes(['plan', '-i', inventory, '--detailed-exitcode'], { cwd: set.dir })).code).toBe(0);
  });
});
