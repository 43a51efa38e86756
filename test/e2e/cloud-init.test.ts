import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StartedTestContainer } from 'testcontainers';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../modules/catalog.js';
import { startAptCacheProxy, type AptCacheProxy } from '../targets/apt-cache-proxy.js';
import { bridgeGatewayAddress, CLOUD_CFG, CLOUD_CFG_FILE, ensureCloudInitImage } from '../targets/cloud-init-image.js';
import { DebianTargetContainer } from '../targets/debian-target-container.js';
import { generateKeyPair } from '../targets/key-pair.js';
import { APT_CACHE_DIR } from '../targets/targets.js';
import { cloudInitInventory } from '../unit/cli/cloud-init-cases.js';
import { ensureX64Executable } from './support/executable.js';
import { runPhanes } from './support/run-phanes.js';

/**
 * `phanes cloud-init` judged by Debian's cloud-init (22.4): its schema check accepts the user-data of every
 * built-in profile, and a fresh target booted with the user-data through the NoCloud datasource, with no
 * SSH from here, comes up converged: `phanes plan` over SSH afterwards has nothing to change. The
 * executable is served over HTTP from this machine, on the Docker bridge.
 */

const schemaCheck = (file: string) => spawnSync('cloud-init', ['schema', '--config-file', file], { encoding: 'utf8' });

describe('phanes cloud-init with Debian\'s cloud-init', () => {
  it('every built-in profile\'s user-data passes `cloud-init schema`, and a broken one does not', async () => {
    const inv = cloudInitInventory();
    for (const profile of builtInCatalog.profiles.keys()) {
      const run = await runPhanes(['cloud-init', `${profile}1`, '-i', inv.file, '--binary-url', 'http://192.0.2.99/phanes-linux-x64', '--binary-sha256', 'ab'.repeat(32)], { cwd: inv.dir });
      expect(run.code, run.stderr).toBe(0);
      const file = join(inv.dir, `${profile}.user-data`);
      await writeFile(file, run.stdout);
      const check = schemaCheck(file);
      expect(check.status, `${profile}: ${check.stdout}${check.stderr}`).toBe(0);
      expect(check.stdout).toContain('Valid cloud-config');
    }
    // The check can fail: a write_files entry without content's right type is refused.
    const broken = join(inv.dir, 'broken.user-data');
    await writeFile(broken, '#cloud-config\nwrite_files:\n  - path: /etc/x\n    permissions: 600\n    owner: [root]\n');
    expect(schemaCheck(broken).status).not.toBe(0);
  });

  describe('a fresh server booted with it (NoCloud)', () => {
    let dir: string;
    let server: Server;
    let proxy: AptCacheProxy;
    let container: StartedTestContainer | undefined;
    const downloads: string[] = [];
    const keys = generateKeyPair('cloud-init-e2e');
    const vars = {
      baseline: { timezone: 'Europe/Vienna', packages: ['ca-certificates', 'curl'] },
      user: { name: 'ops', authorized_keys: [keys.public.trim()] },
    };
    const inventory = (port: number) => ({
      defaults: { user: 'root', identity_file: join(dir, 'id_ed25519'), known_hosts: join(dir, 'known_hosts'), profile: 'minimal', vars },
      hosts: { fresh1: { address: '127.0.0.1', port } },
    });

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'phanes-cloud-init-'));
      await writeFile(join(dir, 'id_ed25519'), keys.private, { mode: 0o600 });
      await writeFile(join(dir, 'id_ed25519.pub'), keys.public);
      const binary = ensureX64Executable();
      const image = await ensureCloudInitImage();
      const gateway = bridgeGatewayAddress();
      proxy = await startAptCacheProxy(APT_CACHE_DIR, gateway);
      server = createServer((req, res) => {
        downloads.push(req.url ?? '');
        if (req.url !== '/phanes-linux-x64') return void res.writeHead(404).end();
        res.writeHead(200, { 'content-length': statSync(binary).size });
        createReadStream(binary).pipe(res);
      });
      await new Promise<void>((resolve) => server.listen(0, gateway, resolve));
      const url = `http://${gateway}:${(server.address() as AddressInfo).port}/phanes-linux-x64`;

      // The user-data depends on the host's modules, settings and login, not on its address: made before it exists.
      await writeFile(join(dir, 'hosts.yaml'), stringify(inventory(22)));
      const made = await runPhanes(['cloud-init', 'fresh1', '-i', join(dir, 'hosts.yaml'), '--binary-url', url, '--binary', binary], { cwd: dir });
      expect(made.code, made.stderr).toBe(0);
      await writeFile(join(dir, 'user-data'), made.stdout);
      console.log(`user-data of fresh1 (minimal): ${Buffer.byteLength(made.stdout)} bytes`);
      expect(schemaCheck(join(dir, 'user-data')).status).toBe(0);

      // The seed is in place before systemd boots; apt goes through the harness's proxy (not part of the user-data).
      const started = Date.now();
      container = await new DebianTargetContainer('test', { image })
        .withCopyContentToContainer([
          { content: made.stdout, target: '/var/lib/cloud/seed/nocloud/user-data' },
          { content: `instance-id: phanes-e2e-${process.pid}-${Date.now()}\n`, target: '/var/lib/cloud/seed/nocloud/meta-data' },
          { content: CLOUD_CFG, target: CLOUD_CFG_FILE },
          { content: `Acquire::http::Proxy "${proxy.url}";\n`, target: '/etc/apt/apt.conf.d/01phanes-test-proxy' },
        ])
        .start();
      const wait = await container.exec(['cloud-init', 'status', '--wait', '--long']);
      console.log(`first boot to cloud-init done: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      if (wait.exitCode !== 0) {
        const log = await container.exec(['sh', '-c', 'tail -n 60 /var/log/cloud-init-output.log; grep -E "WARNING|ERROR|Traceback" /var/log/cloud-init.log | tail -n 20']);
        throw new Error(`cloud-init did not finish cleanly (${wait.exitCode}):\n${wait.output}\n${log.output}`);
      }
      // cloud-init made new host keys on first boot: known_hosts gets them from the target itself.
      const hostKeys = await container.exec(['sh', '-c', 'cat /etc/ssh/ssh_host_*_key.pub']);
      const port = container.getMappedPort(22);
      const lines = hostKeys.output.split('\n').filter((l) => l.startsWith('ssh-') || l.startsWith('ecdsa-')).map((l) => `[127.0.0.1]:${port} ${l.split(/\s+/).slice(0, 2).join(' ')}`);
      await writeFile(join(dir, 'known_hosts'), lines.join('\n') + '\n');
      await writeFile(join(dir, 'hosts.yaml'), stringify(inventory(port)));
    });
    afterAll(async () => {
      await container?.stop({ timeout: 1_000 });
      await new Promise((resolve) => server?.close(resolve));
      await proxy?.close();
    });

    it('fetched the executable once, checked it, and applied the profile on first boot', async () => {
      expect(downloads).toEqual(['/phanes-linux-x64']);
      const seen = await container!.exec(['sh', '-c', 'sha256sum /usr/local/bin/phanes | cut -d" " -f1; cat /etc/timezone; id -un ops; ufw status | head -1; grep -c . /root/.ssh/authorized_keys']);
      const sha = execFileSync('sha256sum', [ensureX64Executable()], { encoding: 'utf8' }).split(' ')[0];
      expect(seen.output).toBe(`${sha}\nEurope/Vienna\nops\nStatus: active\n1\n`);
      const output = await container!.exec(['cat', '/var/log/cloud-init-output.log']);
      expect(output.output).toMatch(/0 failed/);
    });

    it('`phanes plan` over SSH afterwards shows nothing to change', async () => {
      const plan = await runPhanes(['plan', '-i', join(dir, 'hosts.yaml'), '--detailed-exitcode'], { cwd: dir });
      expect(plan.code, plan.stdout + plan.stderr).toBe(0);
      expect(plan.stdout).toContain('5 modules: 4 converged, 0 failed, 1 not applicable');
    });
  });
});
