import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTargets, type Target, type TargetSet } from '../targets/targets.js';
import { writeInventory } from './support/inventory.js';
import { runPhanes, type PhanesRun } from './support/run-phanes.js';
import { shOutput as sh, shText } from './support/target-shell.js';

/**
 * The apps module on a target that can run containers (startTargets' `containers` option): Debian's
 * docker.io and docker-compose (v1, Debian 12) installed by the docker module, an image made on the target
 * from scratch (busybox-static's httpd: no registry is reachable), two compose apps deployed, served pages
 * checked over HTTP, one file changed (only that app redeployed), a secret changed (the container sees it,
 * and it is nowhere else: argv, output, logs, state), and an app pruned.
 */

const SECRET = 'apps-e2e-first-Secret-4b1d';
const NEW_SECRET = 'apps-e2e-second-Secret-9c7e';

/** An image with nothing but busybox: `FROM scratch`, built on the target by its own engine. */
const BUILD_IMAGE = `set -eu
apt-get install -y -q busybox-static >/dev/null
mkdir -p /tmp/httpd-image && cd /tmp/httpd-image
cp /bin/busybox busybox
printf '%s\\n' 'FROM scratch' 'COPY busybox /bin/busybox' 'CMD ["/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/www"]' > Dockerfile
docker build -q -t local/httpd:1 .`;

const WEB_COMPOSE = `services:
  web:
    image: local/httpd:1
    env_file: .env
    ports:
      - "127.0.0.1:8080:8080"
    volumes:
      - ./html:/www:ro
`;

/** The second app, written inline: busybox's httpd serving a page the compose file itself carries in. */
const OTHER_COMPOSE = `services:
  other:
    image: local/httpd:1
    command: ["/bin/busybox", "sh", "-c", "mkdir -p /www && echo other > /www/index.html && exec /bin/busybox httpd -f -p 8080 -h /www"]
    ports:
      - "127.0.0.1:8081:8080"
`;

interface ModuleJson {
  module: string;
  status: string;
  steps: { title: string }[];
  health?: { title: string; ok: boolean; hint?: string }[];
}
const appsModule = (run: PhanesRun) => (JSON.parse(run.stdout).hosts[0].modules as ModuleJson[]).find((m) => m.module === 'apps')!;
const titles = (run: PhanesRun) => appsModule(run).steps.map((s) => s.title);

describe('apps module on a target that runs containers', () => {
  let set: TargetSet;
  let target: Target;
  const runs: PhanesRun[] = [];
  const phanes = async (args: string[], secret = SECRET) => {
    const run = await runPhanes(args, { cwd: set.dir, env: { APP_SECRET: secret } });
    runs.push(run);
    return run;
  };
  const inventory = (apps: Record<string, unknown>, file: string) =>
    writeInventory(set, { file, defaults: { modules: ['docker', 'apps'], vars: { docker: { source: 'distro' }, apps } } });
  const webApp = { dir: 'apps/web', pull: 'never', secrets: { GREETING: '${env:APP_SECRET}' }, env: { MODE: 'e2e' }, http: { url: 'http://127.0.0.1:8080/' } };
  const otherApp = { files: { 'compose.yaml': OTHER_COMPOSE }, pull: 'never', http: { url: 'http://127.0.0.1:8081/', status: 200 } };
  const both = { apps: { web: webApp, other: otherApp } };
  /** Container id and start time of a project's one container: the same after a run means not redeployed. */
  const started = (project: string) => shText(target, `docker ps -q --filter label=com.docker.compose.project=${project} | xargs docker inspect -f '{{.Id}} {{.State.StartedAt}}'`);

  beforeAll(async () => {
    set = await startTargets({ count: 1, dir: await mkdtemp(join(tmpdir(), 'phanes-apps-')), target: { containers: true } });
    target = set.targets[0]!;
    await mkdir(join(set.dir, 'apps/web/html'), { recursive: true });
    await writeFile(join(set.dir, 'apps/web/compose.yaml'), WEB_COMPOSE);
    await writeFile(join(set.dir, 'apps/web/html/index.html'), '<h1>first</h1>\n');
    // Docker first (the image is built with it), then the apps.
    const docker = await phanes(['apply', '-i', await inventory({}, 'docker.yaml'), '--yes']);
    expect(docker.code, docker.stdout + docker.stderr).toBe(0);
    await sh(target, BUILD_IMAGE);
    // Watches every command line on the target while Phanes works.
    await sh(target, "nohup sh -c 'while [ ! -e /tmp/watch.stop ]; do ps -eo args >> /tmp/ps.log; sleep 0.05; done' >/dev/null 2>&1 &");
  }, 900_000);
  afterAll(async () => set?.stop());

  it('deploys both apps: files in /opt/apps/NAME, .env 0600 with the secret, pages served, health checks pass', async () => {
    const file = await inventory(both, 'hosts.yaml');
    const plan = await phanes(['plan', '-i', file, '--json']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(titles(plan)).toEqual([
      'Create /opt/apps',
      'Create /opt/apps/other',
      'Write /opt/apps/other/compose.yaml',
      'Write /opt/apps/other/.env (0600 root; no keys)',
      'Record what is deployed in /opt/apps/other/.phanes-manifest',
      'Deploy other: docker compose up -d --remove-orphans, pull never (changed: compose.yaml, .env)',
      'Create /opt/apps/web, /opt/apps/web/html',
      'Write /opt/apps/web/compose.yaml',
      'Write /opt/apps/web/html/index.html',
      'Write /opt/apps/web/.env (0600 root; keys GREETING, MODE)',
      'Record what is deployed in /opt/apps/web/.phanes-manifest',
      'Deploy web: docker compose up -d --remove-orphans, pull never (changed: compose.yaml, html/index.html, .env)',
    ]);

    const apply = await phanes(['apply', '-i', file, '--yes', '--json']);
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    // `changed`, not `installed`: the docker-only apply before already recorded the module (with no apps).
    expect(appsModule(apply)).toMatchObject({ status: 'changed' });
    expect(appsModule(apply).health).toEqual([
      { title: 'app other: every service running (healthy where it has a healthcheck)', ok: true },
      { title: 'app other: http://127.0.0.1:8081/ answers 200', ok: true },
      { title: 'app web: every service running (healthy where it has a healthcheck)', ok: true },
      { title: 'app web: http://127.0.0.1:8080/ answers 200', ok: true },
    ]);

    // Read back on the host.
    expect(await sh(target, 'curl -sS http://127.0.0.1:8080/; curl -sS http://127.0.0.1:8081/')).toBe('<h1>first</h1>\nother\n');
    expect(await sh(target, 'cd /opt/apps/web && stat -c "%a %U:%G %n" .env .phanes-manifest compose.yaml html/index.html')).toBe(
      '600 root:root .env\n600 root:root .phanes-manifest\n644 root:root compose.yaml\n644 root:root html/index.html\n',
    );
    expect(await sh(target, 'cat /opt/apps/web/.env')).toBe(`GREETING='${SECRET}'\nMODE='e2e'\n`);
    expect(await sh(target, 'docker exec web_web_1 /bin/busybox env | grep -E "^(GREETING|MODE)=" | sort')).toBe(`GREETING=${SECRET}\nMODE=e2e\n`);
    expect(await sh(target, "docker ps --format '{{.Label \"com.docker.compose.project\"}}' | sort")).toBe('other\nweb\n');
  });

  it('a second apply changes nothing: no step, no redeploy, health passes', async () => {
    const before = [await started('web'), await started('other')];
    const apply = await phanes(['apply', '-i', join(set.dir, 'hosts.yaml'), '--yes', '--json']);
    expect(apply.code, apply.stdout).toBe(0);
    expect(appsModule(apply)).toMatchObject({ status: 'converged', steps: [] });
    expect(appsModule(apply).health?.every((h) => h.ok)).toBe(true);
    expect([await started('web'), await started('other')]).toEqual(before);
  });

  it('one file changed: only that app is redeployed, and the page shows it', async () => {
    const other = await started('other');
    await writeFile(join(set.dir, 'apps/web/html/index.html'), '<h1>second</h1>\n');
    const file = join(set.dir, 'hosts.yaml');
    const plan = await phanes(['plan', '-i', file, '--json']);
    expect(titles(plan)).toEqual([
      'Write /opt/apps/web/html/index.html',
      'Deploy web: docker compose up -d --remove-orphans, pull never (changed: html/index.html)',
    ]);
    const apply = await phanes(['apply', '-i', file, '--yes', '--json']);
    expect(apply.code, apply.stdout).toBe(0);
    expect(titles(apply)).toEqual(titles(plan));
    expect(await sh(target, 'curl -sS http://127.0.0.1:8080/')).toBe('<h1>second</h1>\n');
    expect(await started('other')).toBe(other);
  });

  it('a changed secret: plan names the key, never the value; the container sees the new value', async () => {
    const file = join(set.dir, 'hosts.yaml');
    const other = await started('other');
    const plan = await phanes(['plan', '-i', file], NEW_SECRET);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Write /opt/apps/web/.env (0600 root; changed GREETING)');
    const json = await phanes(['plan', '-i', file, '--json'], NEW_SECRET);
    expect(titles(json)).toEqual([
      'Write /opt/apps/web/.env (0600 root; changed GREETING)',
      'Record what is deployed in /opt/apps/web/.phanes-manifest',
      'Deploy web: docker compose up -d --remove-orphans, pull never (changed: .env)',
    ]);
    const apply = await phanes(['apply', '-i', file, '--yes', '--json'], NEW_SECRET);
    expect(apply.code, apply.stdout).toBe(0);
    expect(await sh(target, 'docker exec web_web_1 /bin/busybox env | grep "^GREETING="')).toBe(`GREETING=${NEW_SECRET}\n`);
    expect(await started('other')).toBe(other);
  });

  it('the secrets appear nowhere else: argv on the target, other files Phanes wrote, state, output, JSON and .phanes', async () => {
    await sh(target, 'touch /tmp/watch.stop; sleep 1');
    await sh(target, `printf '%s\\n' '${SECRET}' '${NEW_SECRET}' > /tmp/secrets`);
    const psLines = Number(await shText(target, 'wc -l < /tmp/ps.log'));
    expect(psLines).toBeGreaterThan(1000);
    expect(Number(await shText(target, 'grep -c "^/bin/sh -s$" /tmp/ps.log'))).toBeGreaterThan(0);
    const leaks = await target.exec(
      'for f in /tmp/ps.log /var/lib/phanes/state.json /opt/apps/web/compose.yaml /opt/apps/web/.phanes-manifest /opt/apps/web/html/index.html /opt/apps/other/.env; do grep -c -F -f /tmp/secrets "$f"; done',
    );
    expect(leaks.output.trim().split('\n').every((count) => count === '0'), leaks.output).toBe(true);
    const local = await readdir(join(set.dir, '.phanes'), { recursive: true, withFileTypes: true });
    const files = local.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    expect(files.some((f) => f.includes('logs'))).toBe(true);
    const texts = [...runs.flatMap((r) => [r.stdout, r.stderr]), ...(await Promise.all(files.map((f) => readFile(f, 'utf8'))))];
    for (const secret of [SECRET, NEW_SECRET]) for (const text of texts) expect(text.includes(secret)).toBe(false);
  });

  it('an app dropped from the inventory keeps running (a note) until prune: true takes it down', async () => {
    const kept = await inventory({ apps: { web: webApp } }, 'kept.yaml');
    const plan = await phanes(['plan', '-i', kept], NEW_SECRET);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('app other in /opt/apps/other was deployed by Phanes and is no longer listed');
    const pruned = await inventory({ prune: true, apps: { web: webApp } }, 'pruned.yaml');
    const apply = await phanes(['apply', '-i', pruned, '--yes', '--json'], NEW_SECRET);
    expect(apply.code, apply.stdout).toBe(0);
    expect(titles(apply)).toEqual(['Take down other (no longer in the inventory; prune: true)', 'Remove the files Phanes wrote in /opt/apps/other (data the containers wrote stays)']);
    expect(await sh(target, "docker ps -a --format '{{.Label \"com.docker.compose.project\"}}'")).toBe('web\n');
    expect((await target.exec('ls -A /opt/apps')).output).toBe('web\n');
    expect((await phanes(['plan', '-i', pruned, '--detailed-exitcode'], NEW_SECRET)).code).toBe(0);
  });
});
