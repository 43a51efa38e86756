import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTargets, type Target, type TargetSet } from '../targets/targets.js';
import { startFakeGithubApi, type FakeGithubApi } from '../unit/github-runner/fake-github-api.js';
import { writeInventory } from './support/inventory.js';
import { runPhanes, type PhanesRun } from './support/run-phanes.js';
import { shOutput as sh, shText } from './support/target-shell.js';

/**
 * The github-runner module on a real Debian 12 target, everything up to GitHub for real: the release tarball
 * is a STAND-IN built here (config.sh, run.sh and bin/installdependencies.sh that record what they are
 * given; no .NET runner), served over HTTP from this machine and pinned by its SHA-256; GitHub's token API is
 * the fake of the unit tests, on this machine too. The target reaches both at 127.0.0.1 (the only plain-http
 * address the settings accept) through systemd-socket-proxyd forwarding to this machine's bridge address.
 * Proven: a wrong checksum refused with a clear error and nothing unpacked; the dedicated user; the service
 * running under systemd as that user; a second apply runs nothing and asks the API nothing; changed labels
 * re-register (removal token, remove, registration token, configure); removal; and neither the API token nor
 * the tokens GitHub hands out are ever in a command line on the target (ps sampled while config.sh runs),
 * the state, the journal, Phanes' output or its local files.
 */

const API_TOKEN = 'github_pat_11E2E0runner0admin0Secret';
const REGISTRATION = 'AABE2EREGISTRATION0token0Secret';
const REMOVAL = 'AABE2EREMOVAL0token0Secret';
const VERSION = '9.9.9';
const DIR = '/opt/actions-runner';
const LOG = '/var/log/standin-runner.log';

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/** The stand-in's scripts. config.sh keeps the real one's rules: a token is required, configure refuses a configured directory, remove an unconfigured one. */
const STANDIN: Record<string, string> = {
  'config.sh': `#!/bin/sh
# Stand-in for actions/runner's config.sh (Phanes e2e): records its user, its arguments and a hash of the
# token it reads, as the real runner does, from ACTIONS_RUNNER_INPUT_TOKEN.
set -eu
cd "$(dirname "$0")"
token=\${ACTIONS_RUNNER_INPUT_TOKEN:-}
[ -n "$token" ] || { echo 'stand-in config.sh: no token in ACTIONS_RUNNER_INPUT_TOKEN' >&2; exit 1; }
hash=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
sleep 1  # long enough for the test's ps sampler to see this command line
if [ "\${1:-}" = remove ]; then
  [ -f .runner ] || { echo 'stand-in config.sh: not configured' >&2; exit 1; }
  rm -f .runner
  echo "remove user=$(id -un) token=$hash args=$*" >> ${LOG}
  exit 0
fi
[ ! -f .runner ] || { echo 'stand-in config.sh: already configured: remove it first' >&2; exit 1; }
echo "configure user=$(id -un) token=$hash args=$*" >> ${LOG}
url= name=
while [ $# -gt 0 ]; do
  case $1 in --url) url=$2; shift ;; --name) name=$2; shift ;; esac
  shift
done
printf '{"agentName": "%s", "gitHubUrl": "%s"}\\n' "$name" "$url" > .runner
`,
  'run.sh': `#!/bin/sh
# Stand-in listener: refuses to run unconfigured, as the real one does, then waits.
cd "$(dirname "$0")"
[ -f .runner ] || { echo 'stand-in run.sh: not configured' >&2; exit 1; }
echo "run user=$(id -un)" >> ${LOG}
exec sleep infinity
`,
  'bin/installdependencies.sh': `#!/bin/sh
echo "installdependencies user=$(id -un)" >> ${LOG}
`,
};

/** Builds the stand-in tarball as actions/runner lays its releases out (files at the top level). */
async function buildStandinTarball(dir: string): Promise<Buffer> {
  const root = join(dir, 'standin');
  await mkdir(join(root, 'bin'), { recursive: true });
  for (const [name, content] of Object.entries(STANDIN)) {
    await writeFile(join(root, name), content);
    await chmod(join(root, name), 0o755);
  }
  return execFileSync('tar', ['-C', root, '-czf', '-', '.']);
}

/** Makes 127.0.0.1:PORT on the target reach ADDRESS:PORT on this machine (systemd's own socket proxy). */
const forwardLoopback = (address: string, port: number) =>
  `systemd-run --quiet --unit=test-forward-${port} --socket-property=ListenStream=127.0.0.1:${port} /lib/systemd/systemd-socket-proxyd ${address}:${port}`;

interface ModuleJson {
  module: string;
  status: string;
  steps: { title: string }[];
  health?: { title: string; ok: boolean; hint?: string }[];
  error?: string;
}
const runnerModule = (run: PhanesRun) => (JSON.parse(run.stdout).hosts[0].modules as ModuleJson[]).find((m) => m.module === 'github-runner')!;
const titles = (run: PhanesRun) => runnerModule(run).steps.map((s) => s.title);

describe('github-runner module on a real target (a stand-in runner release, a fake token API)', () => {
  let set: TargetSet;
  let target: Target;
  let api: FakeGithubApi;
  let downloads: Server;
  let tarballSha: string;
  let settings: Record<string, unknown>;
  const runs: PhanesRun[] = [];
  const phanes = async (args: string[]) => {
    const run = await runPhanes(args, { cwd: set.dir, env: { GH_RUNNER_ADMIN: API_TOKEN } });
    runs.push(run);
    return run;
  };
  const inventory = (extra: Record<string, unknown>, file = 'hosts.yaml') =>
    writeInventory(set, { file, defaults: { modules: ['github-runner'], vars: { 'github-runner': { ...settings, ...extra } } } });
  const log = () => shOutput(`cat ${LOG}`);
  const shOutput = (command: string) => sh(target, command);
  const mainPid = () => shText(target, 'systemctl show -p MainPID --value github-runner');

  beforeAll(async () => {
    set = await startTargets({ count: 1, dir: await mkdtemp(join(tmpdir(), 'phanes-runner-')) });
    target = set.targets[0]!;
    const gateway = new URL(set.aptProxy!.url).hostname;
    const tarball = await buildStandinTarball(set.dir);
    tarballSha = sha256(tarball);
    downloads = createServer((request, response) => {
      if (request.url === `/v${VERSION}/actions-runner-linux-x64-${VERSION}.tar.gz`) response.writeHead(200, { 'content-type': 'application/gzip' }).end(tarball);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => downloads.listen(0, gateway, resolve));
    const downloadPort = (downloads.address() as AddressInfo).port;
    api = await startFakeGithubApi(API_TOKEN, { registration: REGISTRATION, removal: REMOVAL }, gateway);
    const apiPort = Number(new URL(api.url).port);
    await sh(target, `${forwardLoopback(gateway, downloadPort)} && ${forwardLoopback(gateway, apiPort)}`);
    await sh(target, `install -m 0666 /dev/null ${LOG}`);
    settings = {
      repository: 'acme/deploy',
      token: '${env:GH_RUNNER_ADMIN}',
      labels: ['deploy', 'production'],
      version: VERSION,
      sha256: tarballSha,
      github_url: `http://127.0.0.1:${apiPort}`,
      api_url: `http://127.0.0.1:${apiPort}`,
      download_url: `http://127.0.0.1:${downloadPort}`,
    };
    // Every command line on the target, every 50 ms, while Phanes works.
    await sh(target, "nohup sh -c 'while [ ! -e /tmp/watch.stop ]; do ps -eo user:32=,args= >> /tmp/ps.log; sleep 0.05; done' >/dev/null 2>&1 &");
  }, 300_000);
  afterAll(async () => {
    await api?.close();
    await new Promise((resolve) => downloads?.close(resolve));
    await set?.stop();
  });

  it('refuses a download whose SHA-256 is not the pinned one: a clear error, nothing unpacked', async () => {
    const wrong = (tarballSha[0] === 'a' ? 'b' : 'a') + tarballSha.slice(1);
    const run = await phanes(['apply', '-i', await inventory({ sha256: wrong }, 'wrong-sum.yaml'), '--yes', '--json']);
    expect(run.code, run.stdout + run.stderr).toBe(5);
    const module = runnerModule(run);
    expect(module.status).toBe('failed');
    const shown = run.stdout + run.stderr;
    expect(shown).toContain(`has SHA-256 ${tarballSha}, not the pinned ${wrong}: not installed`);
    expect((await target.exec(`test -e ${DIR}/config.sh`)).exitCode).toBe(1);
    expect(await log()).toBe('');
    expect(api.requests).toEqual([]);
  });

  it('installs the pinned release for a dedicated user, registers it with the labels, runs it under systemd', async () => {
    const run = await phanes(['apply', '-i', await inventory({}), '--yes', '--json']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const module = runnerModule(run);
    expect(module.status).toBe('installed');
    expect(module.steps.map((s) => s.title)).toEqual([
      `Install actions/runner ${VERSION} in ${DIR} (download checked against SHA-256 ${tarballSha.slice(0, 12)}...)`,
      "Install the runner's libraries (its bin/installdependencies.sh)",
      'Register runner target1 with repository acme/deploy (labels deploy, production)',
      'Write /etc/systemd/system/github-runner.service (run.sh as github-runner)',
      'Reload systemd (the runner unit changed)',
      `Record the installed release and registration in ${DIR}/.phanes-runner.json`,
      'Enable github-runner.service at boot',
      'Start github-runner.service (restarted when it ran)',
    ]);
    expect(module.health).toEqual([
      { title: 'the GitHub Actions runner is running', ok: true },
      { title: 'the runner is configured (.runner exists)', ok: true },
    ]);

    // The user was created by the first, failed run (its step came before the download): a system user.
    expect(await shText(target, 'getent passwd github-runner | cut -d: -f3,6,7')).toMatch(/^\d{3}:\/home\/github-runner:\/bin\/bash$/);
    expect(Number((await shText(target, 'id -u github-runner')))).toBeLessThan(1000);
    expect(await sh(target, `stat -c '%U %n' ${DIR} ${DIR}/config.sh ${DIR}/.runner`)).toBe(`github-runner ${DIR}\ngithub-runner ${DIR}/config.sh\ngithub-runner ${DIR}/.runner\n`);
    // What the stand-in was given: the registration token through the environment, its user, its arguments.
    const registered = `configure user=github-runner token=${sha256(REGISTRATION)} args=--unattended --url ${settings['github_url']}/acme/deploy --name target1 --labels deploy,production --work _work --replace --disableupdate`;
    expect(await log()).toBe(`installdependencies user=root\n${registered}\nrun user=github-runner\n`);
    expect(api.requests.map((r) => `${r.method} ${r.path} ${r.headers.authorization === `Bearer ${API_TOKEN}`}`)).toEqual([
      'POST /repos/acme/deploy/actions/runners/registration-token true',
    ]);
    // The listener runs under systemd, as the user.
    expect(await sh(target, 'systemctl is-enabled github-runner; systemctl is-active github-runner')).toBe('enabled\nactive\n');
    // run.sh execs the stand-in listener: systemd's main process is it, as the user.
    expect(await shText(target, `ps -o user:32=,args= -p ${await mainPid()} | tr -s ' '`)).toBe('github-runner sleep infinity');
    expect(await shText(target, `cat ${DIR}/.phanes-runner.json`)).toBe(
      JSON.stringify({ version: VERSION, sha256: tarballSha, url: `${settings['github_url']}/acme/deploy`, name: 'target1', labels: ['deploy', 'production'], user: 'github-runner' }, null, 2),
    );
  });

  it('a second apply runs nothing: no step, no token asked, no restart, health passes', async () => {
    const pid = await mainPid();
    const before = await log();
    const run = await phanes(['apply', '-i', join(set.dir, 'hosts.yaml'), '--yes', '--json']);
    expect(run.code, run.stdout).toBe(0);
    expect(runnerModule(run)).toMatchObject({ status: 'converged', steps: [] });
    expect(runnerModule(run).health?.every((h) => h.ok)).toBe(true);
    expect(api.requests).toHaveLength(1);
    expect(await log()).toBe(before);
    expect(await mainPid()).toBe(pid);
  });

  it('changed labels re-register: stop, removal token and remove, registration token and configure, start', async () => {
    const pid = await mainPid();
    const before = await log();
    const file = await inventory({ labels: ['deploy', 'staging'] });
    const plan = await phanes(['plan', '-i', file, '--json']);
    const expected = [
      'Stop github-runner.service (a running job gets its stop timeout)',
      'Unregister the runner from repository acme/deploy (to register again: its labels were deploy, production)',
      'Register runner target1 with repository acme/deploy (labels deploy, staging)',
      `Record the installed release and registration in ${DIR}/.phanes-runner.json`,
      'Start github-runner.service (restarted when it ran)',
    ];
    expect(titles(plan)).toEqual(expected);
    const run = await phanes(['apply', '-i', file, '--yes', '--json']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(titles(run)).toEqual(expected);
    expect((await log()).slice(before.length)).toBe(
      `remove user=github-runner token=${sha256(REMOVAL)} args=remove\n` +
        `configure user=github-runner token=${sha256(REGISTRATION)} args=--unattended --url ${settings['github_url']}/acme/deploy --name target1 --labels deploy,staging --work _work --replace --disableupdate\n` +
        'run user=github-runner\n',
    );
    expect(api.requests.slice(1).map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /repos/acme/deploy/actions/runners/remove-token',
      'POST /repos/acme/deploy/actions/runners/registration-token',
    ]);
    expect(await mainPid()).not.toBe(pid);
    expect(await sh(target, 'systemctl is-active github-runner')).toBe('active\n');
    expect((await phanes(['plan', '-i', file, '--detailed-exitcode'])).code).toBe(0);
  });

  it('state: absent unregisters the runner, removes its service and directory, keeps the user', async () => {
    const before = await log();
    const file = await inventory({ state: 'absent', labels: ['deploy', 'staging'] }, 'absent.yaml');
    const run = await phanes(['apply', '-i', file, '--yes', '--json']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(titles(run)).toEqual([
      'Stop github-runner.service',
      'Unregister the runner from repository acme/deploy (state: absent)',
      'Remove github-runner.service',
      `Remove ${DIR} (the runner's files and work folder; the user github-runner stays)`,
    ]);
    expect((await log()).slice(before.length)).toBe(`remove user=github-runner token=${sha256(REMOVAL)} args=remove\n`);
    expect(api.requests.at(-1)?.path).toBe('/repos/acme/deploy/actions/runners/remove-token');
    expect((await target.exec(`test -e ${DIR} || test -e /etc/systemd/system/github-runner.service`)).exitCode).toBe(1);
    expect((await target.exec('systemctl is-active github-runner')).output.trim()).toBe('inactive');
    expect((await target.exec('id -u github-runner')).exitCode).toBe(0);
    expect((await phanes(['plan', '-i', file, '--detailed-exitcode'])).code).toBe(0);
  });

  it('no token is ever in a command line on the target, the state, the journal, the output or .phanes', async () => {
    await sh(target, 'touch /tmp/watch.stop; sleep 1');
    const secrets = [API_TOKEN, REGISTRATION, REMOVAL];
    await sh(target, `printf '%s\\n' ${secrets.join(' ')} > /tmp/secrets`);
    // The sampler saw config.sh run (configure and remove) and the runner's own listener: it was watching.
    expect(Number(await shText(target, 'grep -c "^github-runner .*config.sh .*--unattended" /tmp/ps.log'))).toBeGreaterThan(0);
    expect(Number(await shText(target, 'grep -c "^github-runner .*config.sh remove" /tmp/ps.log'))).toBeGreaterThan(0);
    const leaks = await target.exec(
      `journalctl --no-pager -o cat > /tmp/journal.txt; for f in /tmp/ps.log /var/lib/phanes/state.json /tmp/journal.txt ${LOG}; do grep -c -F -f /tmp/secrets "$f"; done`,
    );
    expect(leaks.output.trim().split('\n'), leaks.output).toEqual(['0', '0', '0', '0']);
    const local = await readdir(join(set.dir, '.phanes'), { recursive: true, withFileTypes: true });
    const files = local.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    expect(files.some((f) => f.includes('logs'))).toBe(true);
    const texts = [...runs.flatMap((r) => [r.stdout, r.stderr]), ...(await Promise.all(files.map((f) => readFile(f, 'utf8'))))];
    for (const secret of secrets) for (const text of texts) expect(text.includes(secret)).toBe(false);
  });
});
