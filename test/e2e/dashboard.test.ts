import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeForDashboard } from '../targets/node24.js';
import { startTargets, type Target, type TargetSet } from '../targets/targets.js';
import { writeInventory } from './support/inventory.js';
import { PHANES_BIN, runPhanes } from './support/run-phanes.js';
import { shText as sh } from './support/target-shell.js';

/** Debian's chromium (test/targets/prepare.sh installs it); Playwright never downloads a browser here. */
const CHROMIUM = '/usr/bin/chromium';
/** PHANES_DASHBOARD_SCREENSHOTS=1 writes the screenshots into docs/dashboard/ (for docs/dashboard.md). */
const SHOTS = process.env.PHANES_DASHBOARD_SCREENSHOTS === '1' ? fileURLToPath(new URL('../../docs/dashboard/', import.meta.url)) : undefined;

/** Payloads that would set window.pwned (or open a dialog) if any page took them for markup. */
const XSS_HOST = `<script>window.pwned=1</script>"onerror=window.pwned=2 x="`;
const XSS_CONTENT = `<script>window.pwned=3</script><img src=x onerror="window.pwned=4;alert(4)">"onerror=alert(5)\n`;
const XSS_ON_HOST = `<img src=y onerror="window.pwned=6"><script>alert(7)</script>\n`;
const XSS_FILE = '/etc/phanes-dashboard-xss.txt';

/** A run record of a host whose name, steps, output and hints are payloads. */
function writeXssRecord(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const summary = {
    runId: 'xss-run',
    mode: 'apply',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 5,
    interrupted: false,
    hosts: [
      {
        host: XSS_HOST,
        status: 'failed',
        os: { id: 'debian', versionId: '12', codename: 'bookworm', prettyName: XSS_ON_HOST },
        vitals: { uptimeSeconds: 1, memoryTotalKiB: 1, memoryAvailableKiB: 1, diskTotalKiB: 1, diskUsedKiB: 1 },
        modules: [{ module: 'files', status: 'failed', failedStep: 0, steps: [{ title: XSS_CONTENT, detail: XSS_CONTENT }], error: `step failed (exit 1):\n${XSS_ON_HOST}`, health: [{ title: XSS_HOST, ok: false, hint: XSS_CONTENT }], durationMs: 1 }],
        connections: 1,
        commands: 1,
        durationMs: 5,
      },
    ],
  };
  writeFileSync(join(dir, 'xss-run.json'), JSON.stringify({ schemaVersion: 1, trigger: 'cli', inventory: XSS_HOST, summary }));
}

/** A dashboard process: its address (with the token, if it printed one). */
interface Dashboard {
  readonly child: ChildProcess;
  readonly url: string;
  stderr(): string;
}

function startDashboard(cwd: string, args: readonly string[]): Promise<Dashboard> {
  const child = spawn(nodeForDashboard(), [PHANES_BIN, 'dashboard', ...args], { cwd, env: { ...process.env, NO_COLOR: '1', SSH_AUTH_SOCK: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the dashboard did not start in 60 s:\n${stdout}${stderr}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`the dashboard exited ${code}:\n${stdout}${stderr}`)));
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const url = /Dashboard: (\S+)/.exec(stdout)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, stderr: () => stderr });
      }
    });
  });
}

async function stopDashboard(dashboard: Dashboard | undefined): Promise<void> {
  if (!dashboard || dashboard.child.exitCode !== null) return;
  const exited = new Promise((resolve) => dashboard.child.once('exit', resolve));
  dashboard.child.kill('SIGTERM');
  await exited;
}

describe('dashboard in a real browser (chromium) against a real target', () => {
  let set: TargetSet;
  let target: Target;
  let inventory: string;
  let dashboard: Dashboard;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];

  const shot = async (name: string) => {
    if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  };
  /** The mdns module's health badge in target1's row of the hosts page. */
  const mdnsHealth = () => page.locator('tr[data-host="target1"] [data-module="mdns"] .health').getAttribute('data-health');
  /** Starts a drift check from the page and waits (over SSE) until it finished. */
  const checkDrift = async () => {
    await page.goto(dashboard.url);
    await page.click('#check-drift');
    await page.waitForSelector('#drift-state[data-running="no"]:has-text("last drift check")', { timeout: 120_000 });
    await page.goto(dashboard.url);
  };

  beforeAll(async () => {
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
    set = await startTargets({ count: 1, dir: await mkdtemp(join(tmpdir(), 'phanes-dashboard-')) });
    target = set.targets[0]!;
    // avahi-daemon's unit needs no container drop-in; the file the files module keeps is the XSS carrier.
    inventory = await writeInventory(set, {
      defaults: { modules: ['mdns', 'files'], vars: { mdns: { host_name: 'phanes-dash' }, files: { files: [{ path: XSS_FILE, content: XSS_CONTENT }] } } },
      // A host that cannot be reached: its error is on the pages.
      hosts: { offline1: { address: '127.0.0.1', port: 1 } },
    });
    // The inventory refuses such host names; a run record is data the dashboard must show as it is.
    writeXssRecord(join(set.dir, '.phanes', 'runs'));
    const applied = await runPhanes(['apply', '-i', inventory, '--limit', 'target1', '--yes', '--json'], { cwd: set.dir });
    expect(applied.code, applied.stderr).toBe(0);
    dashboard = await startDashboard(set.dir, ['-i', inventory, '--port', '0', '--drift-interval', '0']);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // Playwright gives each launch a fresh temporary profile (--user-data-dir) of its own.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });

  afterAll(async () => {
    await browser?.close();
    await stopDashboard(dashboard);
    await set?.stop();
  });

  it('lists the hosts with OS, uptime, memory and disk, and their modules healthy after the apply', async () => {
    await page.goto(dashboard.url);
    const row = page.locator('tr[data-host="target1"]');
    await expect(row.locator('td.os').textContent()).resolves.toContain('Debian GNU/Linux 12');
    await expect(row.locator('td.uptime').textContent()).resolves.toMatch(/\d+ (min|h|d)/);
    await expect(row.locator('td.memory').textContent()).resolves.toMatch(/(MiB|GiB) of \d/);
    await expect(row.locator('td.disk').textContent()).resolves.toMatch(/(MiB|GiB) of \d/);
    await expect(row.locator('[data-module="mdns"] [data-status]').getAttribute('data-status')).resolves.toBe('installed');
    await expect(mdnsHealth()).resolves.toBe('ok');
    await expect(page.locator('tr[data-host]').count()).resolves.toBe(2); // target1 and offline1
    await shot('hosts');
  });

  it("shows a module's health red after its service is stopped on the target (drift check), green after apply, and the apply live", async () => {
    await sh(target, 'systemctl stop avahi-daemon.socket avahi-daemon.service');
    await checkDrift();
    await expect(mdnsHealth()).resolves.toBe('failed');
    await expect(page.locator('tr[data-host="target1"] td.drift [data-drift]').getAttribute('data-drift')).resolves.toBe('mdns');
    await page.click('tr[data-host="target1"] a');
    await expect(page.locator('tr[data-module="mdns"] ul.health-checks li.bad').first().textContent()).resolves.toContain('hint: see systemctl status avahi-daemon');
    await shot('host-unhealthy');

    // A longer apply to watch: avahi-utils removed, so apply installs it again before it starts avahi.
    await sh(target, 'DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq avahi-utils >/dev/null 2>&1; systemctl stop avahi-daemon.socket avahi-daemon.service');
    await page.goto(dashboard.url);
    const apply = runPhanes(['apply', '-i', inventory, '--limit', 'target1', '--yes'], { cwd: set.dir });
    // Seen while it runs: the host's row in the live panel, fed by the CLI's run events over SSE.
    await page.waitForSelector('[data-live-run]:not([data-finished]) tr[data-live-host="target1"]', { timeout: 120_000 });
    await expect(page.locator('#live').isVisible()).resolves.toBe(true);
    await shot('live-apply');
    const applied = await apply;
    expect(applied.code, applied.stderr).toBe(0);
    await page.waitForSelector('[data-live-run][data-finished="yes"] tr[data-live-host="target1"] [data-status="ok"]', { timeout: 30_000 });
    await expect(page.locator('[data-live-run] tr[data-live-host="target1"] [data-module="mdns"] [data-status]').getAttribute('data-status')).resolves.toBe('changed');

    await page.goto(dashboard.url);
    await expect(mdnsHealth()).resolves.toBe('ok');
    await expect(page.locator('tr[data-host="target1"] td.drift [data-drift]').getAttribute('data-drift')).resolves.toBe('none');
  });

  it('runs nothing from host names, settings or command output: every page shows them as text', async () => {
    // The host's own copy of the file now holds another payload: the drift check's diff shows both.
    await sh(target, `printf '%s' '${XSS_ON_HOST.replace(/'/g, "'\\''")}' > ${XSS_FILE}`);
    await checkDrift();
    const visited: string[] = [];
    const visit = async (path: string) => {
      await page.goto(new URL(path, dashboard.url).href);
      visited.push(path);
      // Diffs sit in closed <details>: opened, their text is rendered too.
      for (const details of await page.locator('details').all()) await details.evaluate((d) => (d as unknown as { setAttribute(name: string, value: string): void }).setAttribute('open', ''));
      await expect(page.evaluate(() => (globalThis as { pwned?: number }).pwned)).resolves.toBeUndefined();
    };
    await visit('/');
    await expect(page.locator('tr[data-host="offline1"]').innerText()).resolves.toContain('unreachable');
    await visit('/hosts/target1');
    await expect(page.locator('body').innerText()).resolves.toContain('<script>window.pwned=3</script>');
    await expect(page.locator('body').innerText()).resolves.toContain('<img src=y onerror="window.pwned=6">');
    await visit(`/hosts/${encodeURIComponent(XSS_HOST)}`);
    await expect(page.locator('h1').innerText()).resolves.toBe(XSS_HOST);
    await expect(page.locator('td.os').innerText()).resolves.toBe(XSS_ON_HOST.trim());
    await visit(`/runs?host=${encodeURIComponent(XSS_HOST)}&status=failed`);
    await expect(page.locator('#count').innerText()).resolves.toMatch(/^1 run,/);
    await visit('/runs/xss-run');
    await expect(page.locator('section.host-run h2 a').innerText()).resolves.toBe(XSS_HOST);
    await expect(page.locator('pre.output').innerText()).resolves.toContain(XSS_ON_HOST.trim());
    // The drift check's run: the target's file diff (both payloads) and the offline host's error.
    await visit(`/runs?status=unreachable`);
    await visit((await page.locator('#runs a').first().getAttribute('href'))!);
    await expect(page.locator('section.host-run').count()).resolves.toBe(2);
    await shot('run');
    await visit('/runs');
    await shot('history');
    expect(visited).toHaveLength(8);
    expect(dialogs).toEqual([]);
    // No element came from a payload.
    await expect(page.locator('img').count()).resolves.toBe(0);
  });

  it('refuses a non-loopback --listen without the printed token, and serves the page with it', async () => {
    const open = await startDashboard(set.dir, ['-i', inventory, '--port', '0', '--drift-interval', '0', '--listen', '0.0.0.0']);
    try {
      const printed = new URL(open.url);
      const token = printed.searchParams.get('token');
      expect(token).toMatch(/^[\w-]{32}$/);
      // Connected on 127.0.0.1 only: the server listens on every address, the test talks to this machine.
      const base = `http://127.0.0.1:${printed.port}/`;
      const without = await fetch(base, { redirect: 'manual' });
      expect(without.status).toBe(401);
      expect(await without.text()).not.toContain('target1');
      expect((await fetch(`${base}?token=${token}x`, { redirect: 'manual' })).status).toBe(401);
      expect((await fetch(`${base}runs`, { headers: { Authorization: 'Bearer nope' } })).status).toBe(401);
      expect((await fetch(`${base}runs`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
      const other = await browser.newPage();
      await other.goto(`${base}?token=${token}`);
      expect(new URL(other.url()).search).toBe(''); // the token went into a cookie, out of the address bar
      await expect(other.locator('tr[data-host="target1"]').count()).resolves.toBe(1);
      await other.close();
      expect(open.stderr()).not.toContain(token!);
    } finally {
      await stopDashboard(open);
    }
  });
});
