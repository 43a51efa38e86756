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

const STATIC = { name: 'static', server_names: ['static.test'], listen: 8081, root: '/var/www/static' };
const API = { name: 'api', server_names: ['api.test'], listen: 8082, proxy_pass: 'http://127.0.0.1:8081' };
const BLOCKS = '/etc/nginx/sites-enabled';

describe('nginx module on a real target', () => {
  let set: TargetSet;
  let target: Target;

  const phanes = (args: string[]): Promise<PhanesRun> => runPhanes(args, { cwd: set.dir });
  const inventory = (file: string, nginx: Record<string, unknown>) => writeInventory(set, { file, defaults: { modules: ['nginx'], vars: { nginx } } });
  const moduleOf = (run: PhanesRun): ModuleJson => JSON.parse(run.stdout).hosts[0].modules[0];

  beforeAll(async () => {
    set = await startTargets({ count: 1, dir: await mkdtemp(join(tmpdir(), 'phanes-nginx-')) });
    target = set.targets[0]!;
    await sh(target, 'mkdir -p /var/www/static && echo static-ok > /var/www/static/index.html');
  });
  afterAll(async () => set?.stop());

  it('installs nginx with a static and a proxy block, each checked by nginx -t; the health checks pass', async () => {
    const run = await phanes(['apply', '-i', await inventory('hosts.yaml', { servers: [STATIC, API] }), '--yes', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const nginx = moduleOf(run);
    expect(nginx.status).toBe('installed');
    expect(nginx.steps.map((s) => s.title)).toEqual([
      'Install nginx',
      'Write the server block static (static.test on port 8081: files from /var/www/static)',
      'Write the server block api (api.test on port 8082: proxy to http://127.0.0.1:8081)',
      'Enable nginx.service (start it now and at boot)',
    ]);
    expect(nginx.health).toEqual([
      { title: 'nginx is running', ok: true },
      { title: 'nginx answers HTTP on port 80', ok: true },
      { title: 'nginx answers HTTP on port 8081', ok: true },
      { title: 'nginx answers HTTP on port 8082', ok: true },
    ]);
    // Proved on the host: the files are served, the proxy passes through, the blocks are root's 0644 files.
    expect(await sh(target, 'curl -sS -H "Host: static.test" http://127.0.0.1:8081/')).toBe('static-ok');
    expect(await sh(target, 'curl -sS -H "Host: api.test" http://127.0.0.1:8082/')).toBe('static-ok');
    expect(await sh(target, `stat -c '%n %a %U' ${BLOCKS}/phanes-*.conf`)).toBe(`${BLOCKS}/phanes-api.conf 644 root\n${BLOCKS}/phanes-static.conf 644 root`);
    expect(await sh(target, 'systemctl is-enabled nginx')).toBe('enabled');
  });

  it('runs zero steps on a second apply; the summary shows the health checks passing', async () => {
    const json = await phanes(['apply', '-i', join(set.dir, 'hosts.yaml'), '--yes', '--json']);
    expect(json.code).toBe(0);
    const host = JSON.parse(json.stdout).hosts[0];
    expect(host).toMatchObject({ status: 'ok', connections: 1, commands: 1 });
    expect(host.modules[0]).toMatchObject({ module: 'nginx', status: 'converged', steps: [] });
    const text = await phanes(['apply', '-i', join(set.dir, 'hosts.yaml'), '--yes']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/target1\s+nginx\s+converged\s+ok \(4\)/);
  });

  it('a block nginx -t refuses never reaches the live config: the old file stays, nginx keeps serving (exit 5)', async () => {
    const before = await sh(target, `sha256sum ${BLOCKS}/phanes-api.conf`);
    const broken = await inventory('broken.yaml', { servers: [STATIC, { ...API, proxy_pass: 'http://no-such-host.invalid:8081' }] });
    const run = await phanes(['apply', '-i', broken, '--yes', '--json']);
    expect(run.code).toBe(5);
    const nginx = moduleOf(run);
    expect(nginx.status).toBe('failed');
    expect(nginx.error).toMatch(/step "Write the server block api .*" failed/);
    // nginx's own words, with the test copy's paths mapped back to the real ones.
    expect(nginx.error).toContain('host not found in upstream "no-such-host.invalid" in /etc/nginx/sites-enabled/phanes-api.conf:8');
    expect(nginx.error).toContain('nginx: configuration file /etc/nginx/nginx.conf test failed');
    expect(nginx.error).toContain('nginx -t refused the new phanes-api.conf: the file in place was left as it was');
    expect(await sh(target, `sha256sum ${BLOCKS}/phanes-api.conf`)).toBe(before);
    expect(await sh(target, 'curl -sS -H "Host: api.test" http://127.0.0.1:8082/')).toBe('static-ok');
    // Neither the step's temp file nor the test copy of the config is left behind.
    expect(await sh(target, `ls -A ${BLOCKS}; ls -d /tmp/phanes-nginx-check.* 2>/dev/null || true`)).toBe('default\nphanes-api.conf\nphanes-static.conf');
  });

  it("removes a block Phanes no longer manages and Debian's default site, and leaves a hand-made block alone", async () => {
    await sh(target, `printf 'server {\\n\\tlisten 8090;\\n\\treturn 200 handmade;\\n}\\n' > ${BLOCKS}/handmade.conf && systemctl reload nginx`);
    const fewer = await inventory('fewer.yaml', { servers: [STATIC], remove_default_site: true });
    const plan = await phanes(['plan', '-i', fewer, '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain("+ Remove Debian's default site");
    expect(plan.stdout).toContain('+ Remove the server block Phanes no longer manages: phanes-api.conf');
    const apply = await phanes(['apply', '-i', fewer, '--yes']);
    expect(apply.code).toBe(0);
    // `installed`: the record says the last apply of nginx failed (the refused block above).
    expect(apply.stdout).toMatch(/target1\s+nginx\s+installed\s+2\s+ok \(2\)/);
    expect(await sh(target, `ls -A ${BLOCKS}; ls /etc/nginx/sites-available`)).toBe('handmade.conf\nphanes-static.conf\ndefault');
    expect(await sh(target, 'curl -sS http://127.0.0.1:8090/')).toBe('handmade');
    expect((await target.exec('curl -sS http://127.0.0.1:8082/')).exitCode).not.toBe(0);
    expect((await target.exec('curl -sS http://127.0.0.1:80/')).exitCode).not.toBe(0);
  });

  it('stopped by hand: plan shows the health checks failing with their hints (exit 5) and starts nothing', async () => {
    await sh(target, 'systemctl stop nginx');
    const fewer = join(set.dir, 'fewer.yaml');
    const json = await phanes(['plan', '-i', fewer, '--json']);
    expect(json.code).toBe(5);
    const nginx = moduleOf(json);
    expect(nginx).toMatchObject({ status: 'failed', steps: [] });
    expect(nginx.health?.map((h) => [h.title, h.ok])).toEqual([
      ['nginx is running', false],
      ['nginx answers HTTP on port 8081', false],
    ]);
    expect(nginx.health?.[0]?.hint).toContain('systemctl start nginx.service');
    const text = await phanes(['plan', '-i', fewer]);
    expect(text.code).toBe(5);
    expect(text.stdout).toMatch(/target1\s+nginx\s+failed\s+2 of 2 failed/);
    expect(text.stdout).toContain('health check "nginx is running" failed (hint: nginx.service is not active: see why with `systemctl status nginx.service`');
    expect(text.stdout).toContain('health check "nginx answers HTTP on port 8081" failed (hint: nothing answers HTTP on 127.0.0.1:8081');
    expect((await target.exec('systemctl is-active nginx')).output.trim()).toBe('inactive');
  });
});
