import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Module } from '../../../src/engine/module.js';
import type { Connection, RunResult } from '../../../src/ssh/connection.js';
import type { RunEvent } from '../../../src/engine/run-events.js';
import type { RunSummary } from '../../../src/engine/results.js';
import { runHosts, type RunHostsOptions } from '../../../src/engine/run-hosts.js';
import type { Inventory } from '../../../src/inventory/inventory.js';
import { loadInventory } from '../../../src/inventory/load-inventory.js';
import { sshEnvironment } from '../../../src/ssh/resolve-endpoint.js';
import { loadTargets } from '../../../src/cli/load-targets.js';
import { catalogOf, fakeModule } from '../inventory/test-catalog.js';

/** Like a k3s agent: runs after the host its `server` setting names. */
const joiner: Module = {
  ...fakeModule('joiner', [], { type: 'object', additionalProperties: false, properties: { server: { type: 'string' } } }),
  runsAfter: (settings: { server?: string }) => (settings.server === undefined ? [] : [settings.server]),
};
const catalog = catalogOf([joiner]);

/** Runs the inventory's hosts through the real runner, collecting its events. */
async function runAll(inventory: Inventory, mode: 'apply' | 'plan', connector?: RunHostsOptions['connector']): Promise<{ summary: RunSummary; events: RunEvent[] }> {
  const events: RunEvent[] = [];
  const summary = await runHosts({
    mode,
    hosts: inventory.hosts,
    inventoryHosts: new Map(inventory.hosts.map((h) => [h.name, h])),
    catalog,
    forks: 10,
    ssh: sshEnvironment({ knownHostsFile: '/dev/null', sshConfigFile: '/dev/null' }),
    phanesVersion: 'test',
    listener: (event) => events.push(event),
    stopStarting: new AbortController().signal,
    kill: new AbortController().signal,
    ...(connector ? { connector } : {}),
  });
  return { summary, events };
}

async function inventoryFile(hosts: Record<string, string | undefined>, port = 22): Promise<string> {
  const lines = ['defaults:', '  modules: [joiner]', `  port: ${port}`, '  connect_timeout: 2', 'hosts:'];
  for (const [name, server] of Object.entries(hosts)) {
    lines.push(`  ${name}:`, '    address: 127.0.0.1');
    if (server !== undefined) lines.push(`    vars: { joiner: { server: ${server} } }`);
  }
  const file = join(await mkdtemp(join(tmpdir(), 'phanes-order-')), 'hosts.yaml');
  await writeFile(file, lines.join('\n') + '\n');
  return file;
}

describe('runsAfter: hosts a module says must be applied first', () => {
  it('must name inventory hosts', async () => {
    const file = await inventoryFile({ cp1: undefined, agent1: 'cp9' });
    await expect(loadInventory(file, catalog, { env: {} })).rejects.toThrow(
      `${file}:8:3 hosts.agent1: module joiner runs after host "cp9", which is not in the inventory (add cp9 to hosts, or correct the name in joiner's settings)`,
    );
  });

  it('must not wait for each other in a circle', async () => {
    const file = await inventoryFile({ a: 'b', b: 'c', c: 'a', d: 'a' });
    await expect(loadInventory(file, catalog, { env: {} })).rejects.toThrow('hosts.a: hosts wait for each other in a circle: a -> b -> c -> a');
  });

  it('in apply, a host whose server failed is not started; in plan, every host runs at once', async () => {
    // A port that refuses connections: every host is unreachable, fast.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const inventory = await loadInventory(await inventoryFile({ cp1: undefined, agent1: 'cp1', agent2: 'agent1', solo: undefined }, port), catalog, { env: {} });

    for (const mode of ['apply', 'plan'] as const) {
      const { summary, events } = await runAll(inventory, mode);
      const started = events.filter((e) => e.type === 'host-start').map((e) => e.host);
      const status = Object.fromEntries(summary.hosts.map((h) => [h.host, h.status]));
      if (mode === 'plan') {
        expect(started.sort()).toEqual(['agent1', 'agent2', 'cp1', 'solo']);
        expect(status).toEqual({ cp1: 'unreachable', agent1: 'unreachable', agent2: 'unreachable', solo: 'unreachable' });
        continue;
      }
      expect(started.sort()).toEqual(['cp1', 'solo']);
      // Views hear of the blocked hosts as they are decided, not only in the summary.
      expect(events.filter((e) => e.type === 'host-end').map((e) => e.host).sort()).toEqual(['agent1', 'agent2', 'cp1', 'solo']);
      expect(status).toEqual({ cp1: 'unreachable', agent1: 'failed', agent2: 'failed', solo: 'unreachable' });
      const agent1 = summary.hosts.find((h) => h.host === 'agent1');
      expect(agent1?.modules).toEqual([{ module: 'joiner', status: 'skipped', steps: [], durationMs: 0, error: 'not started: cp1, which it runs after, ended unreachable' }]);
      expect(summary.hosts.find((h) => h.host === 'agent2')?.modules[0]?.error).toBe('not started: agent1, which it runs after, ended failed');
    }
  });

  it('is checked again for the module lists --modules gives the run', async () => {
    // In the file no host runs k3s, so its settings order nothing; --modules k3s makes a and b wait for each other.
    const k3s = (server: string) => `{ k3s: { version: v1.30.4+k3s1, token: "\${env:T}", server: ${server} } }`;
    const text = ['defaults:', '  modules: [baseline]', 'hosts:', `  a: { address: 127.0.0.1, vars: ${k3s('b')} }`, `  b: { address: 127.0.0.1, vars: ${k3s('a')} }`].join('\n');
    const file = join(await mkdtemp(join(tmpdir(), 'phanes-order-')), 'hosts.yaml');
    await writeFile(file, text + '\n');
    process.env.T = 'token';
    await expect(loadTargets({ inventory: file })).resolves.toBeDefined();
    await expect(loadTargets({ inventory: file, modules: ['k3s'] })).rejects.toThrow(`${file}: hosts.a: hosts wait for each other in a circle: a -> b -> a`);
  });

  it('in apply, a host starts once the hosts it runs after succeeded, and says it waits', async () => {
    const inventory = await loadInventory(await inventoryFile({ agent1: 'cp1', cp1: undefined, solo: undefined }), catalog, { env: {} });
    // The probe runs for real in this machine's /bin/sh (it only reads); what would change the host (the
    // state record) answers success without running. cp1 takes its time, so waiting shows.
    const fakeConnection = (name: string): Connection => {
      let commands = 0;
      return {
        description: name,
        loginUser: 'root',
        get commandCount() {
          return commands;
        },
        async run(script, options): Promise<RunResult> {
          commands++;
          if (name === 'cp1') await new Promise((resolve) => setTimeout(resolve, 300));
          if (options?.stoppable) return { exitCode: 0, stdout: '', stderr: '' };
          return new Promise((resolve) => {
            const child = spawn('/bin/sh', ['-s'], { stdio: ['pipe', 'pipe', 'pipe'] });
            let stdout = '';
            child.stdout.on('data', (chunk) => (stdout += chunk));
            child.on('close', (code) => resolve({ exitCode: code ?? 1, stdout, stderr: '' }));
            child.stdin.end(script.text);
          });
        },
        close: async () => undefined,
      };
    };
    const { summary, events } = await runAll(inventory, 'apply', (host) => async () => fakeConnection(host.name));
    expect(summary.hosts.map((h) => [h.host, h.status])).toEqual([
      ['agent1', 'ok'],
      ['cp1', 'ok'],
      ['solo', 'ok'],
    ]);
    const order = events.filter((e) => e.type === 'host-start' || e.type === 'host-end' || (e.type === 'host-phase' && e.phase.startsWith('waiting'))).map((e) => `${e.host} ${e.type === 'host-phase' ? e.phase : e.type}`);
    expect(order.indexOf('agent1 waiting for cp1')).toBe(0);
    expect(order.indexOf('agent1 host-start')).toBeGreaterThan(order.indexOf('cp1 host-end'));
    // solo waits for nobody: it is done before cp1's slow probe is.
    expect(order.indexOf('solo host-end')).toBeLessThan(order.indexOf('cp1 host-end'));
  });
});
