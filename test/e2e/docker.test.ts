import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTargets, type Target, type TargetSet } from '../targets/targets.js';
import { baseVars, writeInventory } from './support/inventory.js';
import { runPhanes } from './support/run-phanes.js';
import { buildScratchImage } from './support/scratch-image.js';
import { shOutput as sh } from './support/target-shell.js';

/**
 * The docker module with `source: distro` on a real Debian 12 target that can run containers (startTargets'
 * `containers` option): Debian's docker.io installed, configured and running, and a container really run by
 * the user the module put in the docker group, from an image built on the target FROM scratch (no registry is
 * reachable), with the log options daemon.json sets. Docker's own repository cannot be reached from targets:
 * docs/modules/docker.md says so.
 */

/** A label only our daemon.json sets: `docker info` showing it proves dockerd read the file Phanes wrote. */
const LABEL = 'phanes-e2e=docker';
const DOCKER = { source: 'distro', users: ['ops'], daemon_json: { labels: [LABEL] } };
const COMPOSE_CHECK = 'docker compose version (or docker-compose version)';

interface ModuleJson {
  module: string;
  status: string;
  steps: { title: string; diff?: string }[];
  health?: { title: string; ok: boolean; hint?: string }[];
  error?: string;
}
interface HostJson {
  status: string;
  connections: number;
  commands: number;
  modules: ModuleJson[];
}

const mainPid = async (target: Target) => (await sh(target, 'systemctl show -p MainPID --value docker')).trim();
const dockerModule = (stdout: string) => (JSON.parse(stdout).hosts[0] as HostJson).modules.find((m) => m.module === 'docker')!;

describe('docker module (source: distro) on a real target', () => {
  let set: TargetSet;
  let target: Target;
  let inventory: string;
  const inventoryWith = (docker: Record<string, unknown>, file: string) =>
    writeInventory(set, { file, defaults: { modules: ['baseline', 'user', 'docker'], vars: baseVars(set, { docker }) } });

  beforeAll(async () => {
    set = await startTargets({ count: 1, dir: await mkdtemp(join(tmpdir(), 'phanes-docker-')), target: { containers: true } });
    target = set.targets[0]!;
    inventory = await inventoryWith(DOCKER, 'hosts.yaml');
  });
  afterAll(async () => set?.stop());

  it('installs docker.io and compose, adds ops to the docker group, and dockerd runs with the daemon.json it wrote', async () => {
    const run = await runPhanes(['apply', '-i', inventory, '--yes', '--json'], { cwd: set.dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const docker = dockerModule(run.stdout);
    expect(docker.status).toBe('installed');
    expect(docker.steps.map((s) => s.title)).toEqual([
      'Create /etc/docker',
      'Write /etc/docker/daemon.json (log rotation 10m x 3)',
      'Install docker.io, docker-compose',
      'Add ops to the docker group (root-equivalent; from ops\'s next login)',
    ]);
    expect(docker.health).toEqual([
      { title: 'docker info', ok: true },
      { title: COMPOSE_CHECK, ok: true },
    ]);

    // Read back on the host, not taken from Phanes' word.
    expect(await sh(target, "dpkg-query -W -f '${Package} ${Status}\\n' docker.io docker-compose")).toBe(
      'docker-compose install ok installed\ndocker.io install ok installed\n',
    );
    expect((await sh(target, 'id -nG ops')).trim().split(' ')).toContain('docker');
    expect(await sh(target, 'cat /etc/docker/daemon.json && stat -c "%a %U:%G" /etc/docker/daemon.json')).toBe(
      `{\n  "labels": [\n    "${LABEL}"\n  ],\n  "log-driver": "json-file",\n  "log-opts": {\n    "max-file": "3",\n    "max-size": "10m"\n  }\n}\n644 root:root\n`,
    );
    expect(await sh(target, "docker info --format '{{json .Labels}} {{.LoggingDriver}}'")).toBe(`["${LABEL}"] json-file\n`);
    expect(await sh(target, 'systemctl is-enabled docker; systemctl is-active docker')).toBe('enabled\nactive\n');
    // Debian 12's compose is v1: the v2 plugin (`docker compose`) does not exist there.
    expect(await sh(target, 'docker-compose version --short')).toMatch(/^1\.29\./);
  });

  it('runs a container: ops (docker group, no sudo) runs an image built FROM scratch, logged with daemon.json\'s options', async () => {
    await sh(target, buildScratchImage('local/busybox:1'));
    // A new login session of ops: its groups are read afresh, as after the next login the step title names.
    expect(await sh(target, 'runuser -u ops -- docker run --name hello local/busybox:1 /bin/busybox echo hello from scratch')).toBe('hello from scratch\n');
    expect(await sh(target, "docker inspect -f '{{.State.ExitCode}} {{json .HostConfig.LogConfig}}' hello")).toBe(
      '0 {"Type":"json-file","Config":{"max-file":"3","max-size":"10m"}}\n',
    );
    expect(await sh(target, 'docker logs hello')).toBe('hello from scratch\n');
    // busybox's httpd in the background, published on the target's loopback, answers over HTTP.
    await sh(target, "mkdir -p /tmp/www && echo served > /tmp/www/index.html && docker run -d --name web -p 127.0.0.1:8080:8080 -v /tmp/www:/www:ro local/busybox:1 >/dev/null");
    expect(await sh(target, 'for i in $(seq 50); do curl -fsS http://127.0.0.1:8080/ && exit 0; sleep 0.1; done; exit 1')).toBe('served\n');
    await sh(target, 'docker rm -f hello web >/dev/null');
  });

  it('runs zero steps on a second apply, health checks pass and show in the summary, docker is not restarted', async () => {
    const pid = await mainPid(target);
    const run = await runPhanes(['apply', '-i', inventory, '--yes', '--json'], { cwd: set.dir });
    expect(run.code).toBe(0);
    const host = JSON.parse(run.stdout).hosts[0] as HostJson;
    expect(host).toMatchObject({ status: 'ok', connections: 1, commands: 1 });
    expect(host.modules.every((m) => m.status === 'converged' && m.steps.length === 0)).toBe(true);
    expect(dockerModule(run.stdout).health?.every((h) => h.ok)).toBe(true);

    const text = await runPhanes(['apply', '-i', inventory, '--yes'], { cwd: set.dir });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/\n\s+docker\s+converged\s+ok \(2\)\s/);
    expect(await mainPid(target)).toBe(pid);
  });

  it('rewrites daemon.json only when its meaning changes, and then restarts docker (plan says so)', async () => {
    // The same keys in another layout (as Coolify's installer or a person writes them): left alone.
    await sh(target, `printf '%s\\n' '{"log-opts": {"max-size": "10m", "max-file": "3"}, "log-driver": "json-file", "labels": ["${LABEL}"]}' > /etc/docker/daemon.json`);
    const same = await runPhanes(['plan', '-i', inventory, '--detailed-exitcode'], { cwd: set.dir });
    expect(same.code).toBe(0);

    const pid = await mainPid(target);
    const changed = await inventoryWith({ ...DOCKER, log_max_size: '20m', log_max_file: 5 }, 'rotation.yaml');
    const plan = await runPhanes(['plan', '-i', changed, '--detailed-exitcode', '--json'], { cwd: set.dir });
    expect(plan.code).toBe(2);
    const planned = dockerModule(plan.stdout);
    expect(planned.steps.map((s) => s.title)).toEqual([
      'Write /etc/docker/daemon.json (log rotation 20m x 5)',
      'Restart docker for the new /etc/docker/daemon.json (running containers stop and start again unless live-restore is set)',
    ]);
    expect(planned.steps[0]!.diff).toContain('+    "max-size": "20m"');
    expect(await mainPid(target)).toBe(pid);

    const apply = await runPhanes(['apply', '-i', changed, '--yes', '--json'], { cwd: set.dir });
    expect(apply.code).toBe(0);
    expect(dockerModule(apply.stdout)).toMatchObject({ status: 'changed', health: [{ ok: true }, { ok: true }] });
    expect(await mainPid(target)).not.toBe(pid);
    expect(await sh(target, 'grep -c \'"max-size": "20m"\' /etc/docker/daemon.json')).toBe('1\n');
  });

  it('puts ops back in the docker group after it was taken out by hand', async () => {
    await sh(target, 'gpasswd -d ops docker');
    const plan = await runPhanes(['plan', '-i', inventory, '--detailed-exitcode', '--json'], { cwd: set.dir });
    expect(plan.code).toBe(2);
    // The inventory is back at 10m x 3: daemon.json changes again too.
    expect(dockerModule(plan.stdout).steps.map((s) => s.title)).toContain("Add ops to the docker group (root-equivalent; from ops's next login)");
    expect((await runPhanes(['apply', '-i', inventory, '--yes'], { cwd: set.dir })).code).toBe(0);
    expect((await sh(target, 'id -nG ops')).trim().split(' ')).toContain('docker');
  });

  it('fails each health check with its hint when docker is stopped, or compose is broken, by hand', async () => {
    await sh(target, 'systemctl stop docker docker.socket');
    const stopped = await runPhanes(['plan', '-i', inventory, '--json'], { cwd: set.dir });
    expect(stopped.code).toBe(5);
    const down = dockerModule(stopped.stdout);
    expect(down.status).toBe('failed');
    expect(down.health).toEqual([
      { title: 'docker info', ok: false, hint: expect.stringContaining('`systemctl start docker`') },
      // The compose client needs no daemon: this check still passes.
      { title: COMPOSE_CHECK, ok: true },
    ]);
    const text = await runPhanes(['plan', '-i', inventory], { cwd: set.dir });
    expect(text.code).toBe(5);
    expect(text.stdout + text.stderr).toContain('health check "docker info" failed (hint: the Docker daemon does not answer');

    // Three restarts in a minute hit docker.service's start limit: clear it, as a person would.
    await sh(target, 'systemctl reset-failed docker.service docker.socket; systemctl start docker && mv /usr/bin/docker-compose /usr/bin/docker-compose.off');
    const broken = await runPhanes(['plan', '-i', inventory, '--json'], { cwd: set.dir });
    expect(broken.code).toBe(5);
    expect(dockerModule(broken.stdout).health).toEqual([
      { title: 'docker info', ok: true },
      { title: COMPOSE_CHECK, ok: false, hint: expect.stringContaining('reinstall') },
    ]);

    await sh(target, 'mv /usr/bin/docker-compose.off /usr/bin/docker-compose');
    expect((await runPhanes(['plan', '-i', inventory, '--detailed-exitcode'], { cwd: set.dir })).code).toBe(0);
  });
});
