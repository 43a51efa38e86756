import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { builtInCatalog } from '../../modules/catalog.js';
import { runHosts } from '../../src/engine/run-hosts.js';
import type { ResolvedHost } from '../../src/inventory/resolved-host.js';
import { sshEnvironment } from '../../src/ssh/resolve-endpoint.js';
import { startTargets } from '../targets/targets.js';

it('scratch', async () => {
  const set = await startTargets({ count: 1, dir: await mkdtemp(join(tmpdir(), 'scratch-')) });
  try {
    const t = set.targets[0]!;
    const host: ResolvedHost = {
      name: 'a', groups: [], moduleSource: 'x', modules: ['baseline', 'user'],
      connection: { kind: 'ssh', address: t.host, port: t.port, user: 'deploy', identityFile: set.privateKeyFile, hostKeyPolicy: 'strict', connectTimeout: 10, commandTimeout: 600,
        sudoPassword: new (await import('../../src/shell/secret.js')).Secret(set.sudoPassword, 'literal') },
      settings: { baseline: { timezone: 'Europe/Berlin', locale: 'C.UTF-8', packages: ['ca-certificates', 'curl', 'gnupg'], apt_cache_max_age: 86400 },
        user: { name: 'alice', authorized_keys: [set.publicKey], shell: '/bin/bash', groups: ['adm'], sudo: 'nopasswd' } },
    };
    const run = () => runHosts({ mode: 'apply', hosts: [host], inventoryHosts: new Map([['a', host]]), catalog: builtInCatalog, forks: 5,
      ssh: sshEnvironment({ knownHostsFile: set.knownHostsFile }), phanesVersion: '0', listener: (e) => console.log(JSON.stringify(e).slice(0, 300)),
      stopStarting: new AbortController().signal, kill: new AbortController().signal });
    const first = await run();
    console.log(JSON.stringify(first, null, 1).slice(0, 4000));
    const second = await run();
    console.log(JSON.stringify(second.hosts[0]!.modules.map(m => [m.module, m.status, m.steps.map(s => s.title)])), second.hosts[0]!.commands);
    expect(second.hosts[0]!.modules.every(m => m.status === 'converged')).toBe(true);
  } finally { await set.stop(); }
});
