import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Module } from '../../../src/engine/module.js';
import { runHosts } from '../../../src/engine/run-hosts.js';
import { loadInventory } from '../../../src/inventory/load-inventory.js';
import { sh } from '../../../src/shell/command.js';
import type { Connection, RunResult } from '../../../src/ssh/connection.js';
import { sshEnvironment } from '../../../src/ssh/resolve-endpoint.js';
import { timedCommand, timedCommandMs } from '../../../src/shell/timed-command.js';
import { catalogOf, fakeModule } from '../inventory/test-catalog.js';

/** Runs scripts in this machine's /bin/sh (dash on Debian), as a host would. */
async function runLocally(script: string): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-s'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('close', (code) => resolve({ exitCode: code ?? 1, stdout, stderr: '' }));
    child.stdin.end(script);
  });
}

describe('a timed command', () => {
  it('keeps its exit code, drops its output and says how long it ran', async () => {
    const run = await runLocally(timedCommand(sh`echo noise; sleep 0.2; exit 3`).text);
    expect(run.exitCode).toBe(3);
    expect(run.stdout).not.toContain('noise');
    expect(timedCommandMs(run.stdout)).toBeGreaterThanOrEqual(150);
  });

  it('reads as 0 ms when the host gave no times', () => {
    expect(timedCommandMs(' \n')).toBe(0);
  });
});

describe("a converged module's time", () => {
  it('includes its health checks, which ran inside the probe', async () => {
    const slow: Module = {
      ...fakeModule('slow', [], { type: 'object' }),
      health: () => [{ title: 'answers after a while', command: sh`sleep 0.4`, hint: 'none' }],
    };
    const file = join(await mkdtemp(join(tmpdir(), 'phanes-time-')), 'hosts.yaml');
    await writeFile(file, 'defaults:\n  modules: [slow]\nhosts:\n  h1: { address: 127.0.0.1 }\n');
    const catalog = catalogOf([slow]);
    const inventory = await loadInventory(file, catalog, { env: {} });
    const connection: Connection = {
      description: 'h1',
      loginUser: 'root',
      commandCount: 1,
      run: async (script) => runLocally(script.text),
      close: async () => undefined,
    };
    const summary = await runHosts({
      mode: 'plan',
      hosts: inventory.hosts,
      inventoryHosts: new Map(inventory.hosts.map((h) => [h.name, h])),
      catalog,
      forks: 1,
      ssh: sshEnvironment({ knownHostsFile: '/dev/null', sshConfigFile: '/dev/null' }),
      phanesVersion: 'test',
      listener: () => {},
      stopStarting: new AbortController().signal,
      kill: new AbortController().signal,
      connector: () => async () => connection,
    });
    const module = summary.hosts[0]?.modules[0];
    expect(module).toMatchObject({ module: 'slow', status: 'converged', health: [{ title: 'answers after a while', ok: true }] });
    expect(module!.durationMs).toBeGreaterThanOrEqual(350);
  });
});
