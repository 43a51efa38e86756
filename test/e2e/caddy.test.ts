import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTargets, type Target, type TargetSet } from '../targets/targets.js';
import { writeInventory } from './support/inventory.js';
import { runPhanes, type PhanesRun } from './support/run-phanes.js';
import { shText as sh } from './support/target-shell.js';

interface ModuleJson {
  module: string;
  status: string;
  steps: { title: string }[];
  error?: string;
  health?: { title: string; ok: boolean; hint?: string }[];
}

/** Caddy's own repository is out of reach here (no internet): the distribution's package. */
const SITES = [
  { address: ':80', file_server: '/var/www/site' },
  { address: ':8080', reverse_proxy: '127.0.0.1:80' },
  { address: 'http://app.test:8081', reverse_proxy: '127.0.0.1:80' },
];

describe('caddy module on a real target (source: distro)', () => {
  let set: TargetSet;
  let target: Target;

  const phanes = (args: string[]): Promise<PhanesRun> => runPhanes(args, { cwd: set.dir });
  const inventory = (file: string, caddy: Record<string, unknown>, modules = ['caddy']) =>
    writeInventory(set, { file, defaults: { modules, vars: { caddy: { source: 'distro', ...caddy } } } });
  const moduleOf = (run: PhanesRun, name = 'caddy'): ModuleJson => JSON.parse(run.stdout).hosts[0].modules.find((m: ModuleJson) => m.module === name);

  beforeAll(async () => {
    set = await startTargets({ count: 1, dir: await mkdtemp(join(tmpdir(), 'phanes-caddy-')) });
    target = set.targets[0]!;
    await sh(target, 'mkdir -p /var/www/site && echo caddy-site-ok > /var/www/site/index.html');
  });
  afterAll(async () => set?.stop());

  it('nginx and caddy on one host are refused at plan time, before anything runs (exit 5)', async () => {
    const both = await writeInventory(set, { file: 'both.yaml', defaults: { modules: ['nginx', 'caddy'], vars: { caddy: { source: 'distro' } } } });
    const run = await phanes(['plan', '-i', both, '--json']);
    expect(run.code).toBe(5);
    expect(moduleOf(run, 'nginx')).toMatchObject({ status: 'refused', error: 'port 80 is also used by caddy: keep one of these modules on this host, or move one to another port in its settings' });
    // Both sides of the clash are refused, each naming the other.
    expect(moduleOf(run, 'caddy')).toMatchObject({ status: 'refused', error: 'port 80 is also used by nginx: keep one of these modules on this host, or move one to another port in its settings' });
    const text = await phanes(['plan', '-i', both]);
    expect(text.code).toBe(5);
    expect(text.stdout).toContain('✖ nginx: refused: port 80 is also used by caddy');
    expect(text.stdout).toContain('✖ caddy: refused: port 80 is also used by nginx');
    expect((await target.exec('dpkg -s nginx caddy')).exitCode).not.toBe(0);
  });

  it("installs Debian's caddy with a Caddyfile checked by caddy validate; the health checks pass", async () => {
    const run = await phanes(['apply', '-i', await inventory('hosts.yaml', { sites: SITES }), '--yes', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const caddy = moduleOf(run);
    expect(caddy.status).toBe('installed');
    expect(caddy.steps.map((s) => s.title)).toEqual([
      'Install caddy',
      'Write the Caddyfile (3 sites: :80, :8080, http://app.test:8081)',
      'Enable caddy.service (start it now and at boot)',
    ]);
    expect(caddy.health).toEqual([
      { title: 'Caddy is running', ok: true },
      { title: 'Caddy answers HTTP for :80', ok: true },
      { title: 'Caddy answers HTTP for :8080', ok: true },
      { title: 'Caddy answers HTTP for http://app.test:8081', ok: true },
    ]);
    // Proved on the host: the file server, the proxy, and the name-based site all answer with the page.
    expect(await sh(target, 'curl -sS http://127.0.0.1/')).toBe('caddy-site-ok');
    expect(await sh(target, 'curl -sS http://127.0.0.1:8080/')).toBe('caddy-site-ok');
    expect(await sh(target, 'curl -sS --resolve app.test:8081:127.0.0.1 http://app.test:8081/')).toBe('caddy-site-ok');
    expect(await sh(target, "head -n 1 /etc/caddy/Caddyfile; stat -c '%a %U' /etc/caddy/Caddyfile; systemctl is-enabled caddy")).toBe(
      '# Written by Phanes (caddy module). Changes made here are overwritten.\n644 root\nenabled',
    );
  });

  it('runs zero steps on a second apply; the summary shows the health checks passing', async () => {
    const json = await phanes(['apply', '-i', join(set.dir, 'hosts.yaml'), '--yes', '--json']);
    expect(json.code).toBe(0);
    const host = JSON.parse(json.stdout).hosts[0];
    expect(host).toMatchObject({ status: 'ok', connections: 1, commands: 1 });
    expect(host.modules[0]).toMatchObject({ module: 'caddy', status: 'converged', steps: [] });
    const text = await phanes(['apply', '-i', join(set.dir, 'hosts.yaml'), '--yes']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/target1\s+caddy\s+converged\s+ok \(4\)/);
  });

  it('a Caddyfile caddy validate refuses never replaces the live one (exit 5); caddy keeps serving', async () => {
    const before = await sh(target, 'sha256sum /etc/caddy/Caddyfile');
    // Both pass the schema, but one port cannot serve plain HTTP and HTTPS at once.
    const clash = [...SITES, { address: 'http://a.test:8443', reverse_proxy: '127.0.0.1:80' }, { address: 'https://b.test:8443', reverse_proxy: '127.0.0.1:80' }];
    const run = await phanes(['apply', '-i', await inventory('clash.yaml', { sites: clash }), '--yes', '--json']);
    expect(run.code).toBe(5);
    const caddy = moduleOf(run);
    expect(caddy.error).toMatch(/^step "Write the Caddyfile \(5 sites: .*\)" failed \(exit 1\)/);
    expect(caddy.error).toContain('cannot natively multiplex HTTP and HTTPS');
    expect(await sh(target, 'sha256sum /etc/caddy/Caddyfile')).toBe(before);
    expect(await sh(target, 'ls -A /etc/caddy')).toBe('Caddyfile');
    expect(await sh(target, 'curl -sS http://127.0.0.1:8080/')).toBe('caddy-site-ok');
  });

  it('stopped by hand: plan shows the health checks failing with their hints (exit 5) and starts nothing', async () => {
    await sh(target, 'systemctl stop caddy');
    const hosts = join(set.dir, 'hosts.yaml');
    const json = await phanes(['plan', '-i', hosts, '--json']);
    expect(json.code).toBe(5);
    const caddy = moduleOf(json);
    expect(caddy).toMatchObject({ status: 'failed', steps: [] });
    expect(caddy.health?.every((h) => !h.ok && h.hint !== undefined)).toBe(true);
    expect(caddy.health?.[1]?.hint).toContain('Caddy does not answer HTTP for :80 on 127.0.0.1:80');
    const text = await phanes(['plan', '-i', hosts]);
    expect(text.code).toBe(5);
    expect(text.stdout).toMatch(/target1\s+caddy\s+failed\s+4 of 4 failed/);
    expect(text.stdout).toContain('health check "Caddy is running" failed (hint: caddy.service is not active');
    expect((await target.exec('systemctl is-active caddy')).output.trim()).toBe('inactive');
  });
});
