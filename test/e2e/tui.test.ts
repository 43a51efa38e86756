import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startTargets, type Target, type TargetSet } from '../targets/targets.js';
import { PHANES_BIN, runPhanes } from './support/run-phanes.js';
import { shText as sh } from './support/target-shell.js';
import { openTmuxPane, type TmuxPane } from './support/tmux-pane.js';
import { writeScreens } from './support/tui-driver.js';

/**
 * `phanes tui` as a person uses it: the built CLI in a real terminal (tmux, 80x24), keys sent one by one,
 * the screen read back, against a real target: open the inventory, tick redis, set its settings, save (the
 * file keeps its comments), preview, apply, read the summary; then `apply --tui` stopped with Ctrl-C twice.
 * Then a module that really fails on the target, its output read with f. Screens are kept for docs/tui.md
 * (support/tui-driver.ts, writeScreens).
 */
const SIZE = { width: 80, height: 24 };
/** Between keys: a person types no faster, and Ink reads each key in turn. */
const KEY_MS = 150;
const PASSWORD_ENV = 'PHANES_TUI_REDIS_PASSWORD';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The demo inventory of this test: comments and alignment a save must keep. */
function demoInventory(set: TargetSet, target: Target): string {
  return [
    '# Demo inventory for phanes tui: these comments must survive a save.',
    'defaults:',
    '  user: root                 # log in as root',
    `  identity_file: ${set.privateKeyFile}`,
    `  known_hosts: ${set.knownHostsFile}`,
    '',
    '# The machines.',
    'hosts:',
    '  box:                       # the target under test',
    `    address: ${target.host}`,
    `    port: ${target.port}`,
    '    modules: []              # ticked in the TUI',
    '',
  ].join('\n');
}

describe('phanes tui in a real terminal (tmux) against a real target', () => {
  let set: TargetSet;
  let target: Target;
  let dir: string;
  const panes: TmuxPane[] = [];
  const screens: Record<string, string> = {};

  function open(name: string, args: string): TmuxPane {
    const raw = join(dir, `${name}.raw`);
    // CI unset: Ink draws only the last frame when it believes it runs in CI.
    const command = `cd '${dir}' && env -u CI NO_COLOR=1 ${PASSWORD_ENV}=tui-secret-pw '${process.execPath}' '${PHANES_BIN}' ${args}; echo "EXIT=$?"; sleep 600`;
    const pane = openTmuxPane(`${name}`, command, SIZE, raw);
    panes.push(pane);
    return pane;
  }

  async function waitFor(pane: TmuxPane, what: string | RegExp, timeoutMs = 60_000): Promise<string> {
    const started = Date.now();
    let screen = '';
    while (Date.now() - started < timeoutMs) {
      screen = pane.capture().join('\n');
      if (typeof what === 'string' ? screen.includes(what) : what.test(screen)) return screen;
      await sleep(200);
    }
    throw new Error(`timed out waiting for ${String(what)}; the screen:\n${screen}`);
  }

  async function press(pane: TmuxPane, ...keys: string[]): Promise<void> {
    for (const key of keys) {
      pane.keys(key);
      await sleep(KEY_MS);
    }
  }

  async function type(pane: TmuxPane, text: string): Promise<void> {
    pane.keys('-l', text);
    await sleep(KEY_MS);
  }

  function keep(name: string, pane: TmuxPane): string {
    const screen = pane.capture().join('\n');
    screens[name] = screen;
    return screen;
  }

  beforeAll(async () => {
    if (spawnSync('tmux', ['-V']).status !== 0) throw new Error('tmux is missing: run test/targets/prepare.sh');
    dir = mkdtempSync(join(tmpdir(), 'phanes-tui-'));
    set = await startTargets({ count: 1, dir });
    target = set.targets[0]!;
    // A container limit, not the module's (as in redis.test.ts): Debian's unit asks for PrivateUsers=yes.
    await sh(target, 'mkdir -p /etc/systemd/system/redis-server.service.d && printf "[Service]\\nPrivateUsers=no\\n" > /etc/systemd/system/redis-server.service.d/container.conf && systemctl daemon-reload');
    writeFileSync(join(dir, 'hosts.yaml'), demoInventory(set, target));
  });

  afterAll(async () => {
    for (const pane of panes) pane.kill();
    if (dir && target) writeScreens(screens, [[dir, '/home/you/servers'], [`port: ${target.port}`, 'port: 2201']]);
    await set?.stop();
  });

  it('refuses without a terminal, with a clear message', async () => {
    const run = await runPhanes(['tui', '-i', 'hosts.yaml'], { cwd: dir });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('phanes tui needs a terminal');
  });

  it('select, edit, save, preview, apply, summary', async () => {
    const pane = open('tui', 'tui -i hosts.yaml');
    await waitFor(pane, 'Hosts & groups');
    keep('main', pane);
    // The host, then the modules side; redis is the 14th module.
    await press(pane, 'j', 'Tab');
    const list = await waitFor(pane, '[ ] redis');
    const row = list.split('\n').findIndex((line) => line.includes('[ ] redis'));
    const first = list.split('\n').findIndex((line) => /\[[ x]\] baseline/.test(line));
    await press(pane, ...Array<string>(row - first).fill('j'), 'Space');
    const ticked = await waitFor(pane, '[x] redis');
    expect(ticked).toContain('[modified]');
    // redis needs a password: the loader's own message shows at once.
    expect(ticked).toMatch(/hosts\.box: missing required setting/);
    screens.ticked = ticked;

    await press(pane, 'Enter');
    await waitFor(pane, 'redis settings for box');
    // password (a secret: a reference only), then maxmemory, then the eviction policy.
    await press(pane, 'Enter');
    await type(pane, 'hunter2');
    await press(pane, 'Enter');
    expect(await waitFor(pane, 'is a secret: write a reference')).not.toContain('hunter2 ');
    await press(pane, 'Enter');
    await type(pane, `\${env:${PASSWORD_ENV}}`);
    await press(pane, 'Enter');
    await waitFor(pane, `\${env:${PASSWORD_ENV}}`);
    await press(pane, 'j', 'j', 'j', 'Enter');
    await type(pane, '64mb');
    await press(pane, 'Enter');
    await waitFor(pane, /maxmemory +string +64mb/);
    await press(pane, 'j', 'Space');
    const settings = await waitFor(pane, /maxmemory_policy +enum +allkeys-lru/);
    expect(settings).not.toContain('problem(s)');
    screens.settings = keep('settings', pane);

    // NO_COLOR: no foreground or background color anywhere (reverse video marks the selection).
    expect(pane.capture({ escapes: true }).join('\n')).not.toMatch(/\u001b\[[0-9;]*(3[0-7]|9[0-7]|4[0-7]|38;|48;)[0-9;]*m/);
    await press(pane, 'Escape', 's');
    const diff = await waitFor(pane, '+++ ');
    expect(diff).toContain('modules: [redis]');
    screens.diff = diff;
    await press(pane, 'y');
    await waitFor(pane, 'saved ');
    const saved = readFileSync(join(dir, 'hosts.yaml'), 'utf8');
    expect(saved).toContain('# Demo inventory for phanes tui: these comments must survive a save.');
    expect(saved).toContain('  user: root                 # log in as root');
    expect(saved).toContain('  box:                       # the target under test');
    expect(saved).toContain('    modules: [redis]              # ticked in the TUI');
    expect(parse(saved).hosts.box.vars.redis).toEqual({ password: `\${env:${PASSWORD_ENV}}`, maxmemory: '64mb', maxmemory_policy: 'allkeys-lru' });

    await press(pane, 'p');
    const plan = await waitFor(pane, /Plan: 1 host/, 180_000);
    expect(plan).toContain('y applies these changes');
    screens.preview = plan;
    await press(pane, 'y');
    await waitFor(pane, /^apply /m, 60_000);
    screens.progress = keep('progress', pane);
    const summary = await waitFor(pane, /Apply: 1 host/, 600_000);
    screens.summary = summary;
    expect(summary).toMatch(/box +redis +installed/);
    expect(summary).toMatch(/ok \(\d+\)/);
    await press(pane, 'Escape', 'q');
    await waitFor(pane, 'EXIT=0');

    const ping = await target.exec('echo tui-secret-pw | redis-cli --askpass PING 2>&1');
    expect(ping.output).toContain('PONG');
    const config = await sh(target, 'cat /etc/redis/phanes.conf');
    expect(config).toMatch(/maxmemory 64mb/);
    expect(config).toMatch(/maxmemory-policy allkeys-lru/);
  });

  it('apply --tui: Ctrl-C once starts nothing new, twice stops what runs', async () => {
    // A slow first module (a package install) and one after it that must not start.
    const text = demoInventory(set, target)
      .replace('    modules: []', '    modules: [baseline, redis]')
      .replace('  known_hosts:', `  vars:\n    baseline:\n      packages: [sqlite3, lua5.4, bc]\n    redis:\n      password: \${env:${PASSWORD_ENV}}\n  known_hosts:`);
    writeFileSync(join(dir, 'slow.yaml'), text);
    const pane = open('tuistop', 'apply -i slow.yaml --tui --yes');
    await waitFor(pane, /box .*baseline/, 120_000);
    pane.keys('C-c');
    screens.interrupted = await waitFor(pane, 'starting nothing new');
    pane.keys('C-c');
    await waitFor(pane, 'Stopping running commands');
    const summary = await waitFor(pane, /Apply: 1 host/, 180_000);
    screens.stopped = summary;
    expect(summary).toMatch(/Apply: 1 host: 0 ok, 1 interrupted/);
    expect(summary).toMatch(/box +baseline +interrupted/);
    expect(summary).toMatch(/ +redis +skipped/);
    await press(pane, 'Escape', 'q');
    await waitFor(pane, 'EXIT=130');
  });
  it('a failed module: the summary says so, f shows its step and output', async () => {
    // A directory under /etc/hostname, a file: mkdir fails on the target, in the files module's own step.
    // Its path makes mkdir's message wider than the terminal: f wraps it, to be read to the end.
    const LONG_PATH = '/etc/hostname/phanes-tui-a-directory-whose-name-makes-the-error-wider-than-80-columns';
    const text = demoInventory(set, target)
      .replace('    modules: []', '    modules: [files]')
      .replace('  known_hosts:', `  vars:\n    files:\n      directories: [{path: ${LONG_PATH}}]\n  known_hosts:`);
    writeFileSync(join(dir, 'broken.yaml'), text);
    const pane = open('tuifail', 'apply -i broken.yaml --tui --yes');
    const summary = await waitFor(pane, /Apply: 1 host/, 180_000);
    expect(summary).toMatch(/box +files +failed/);
    await press(pane, 'f');
    const failed = await waitFor(pane, 'Failed modules (');
    expect(failed).toContain('box files: failed');
    expect(failed).toMatch(/step: .*\/etc\/hostname\/phanes-tui/);
    // Rows wrapped at the width go on indented by two: joined, the whole message is there.
    const unwrapped = failed.replace(/\n  /g, '');
    expect(unwrapped).toContain(LONG_PATH); // longer than a row: shown whole only when wrapped
    expect(unwrapped).toMatch(/cannot create directory .*: Not a directory/);
    expect(failed.split('\n').every((row) => [...row].length <= 80)).toBe(true);
    screens.failed = failed;
    // Esc back to the summary, Esc to the main screen, q: exit code 5, a module failed, as the CLI says.
    await press(pane, 'Escape');
    await waitFor(pane, /files +failed/);
    await press(pane, 'Escape', 'q');
    await waitFor(pane, 'EXIT=5');
  });
});
