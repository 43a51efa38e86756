/**
 * `npm run bench:dashboard [-- --runs 1000 --hosts 50 --repeat 20 --dir /var/tmp/phanes-bench-dashboard]`:
 * records RUNS runs of HOSTS hosts (as apply and plan write them), starts `phanes dashboard` on them, and
 * times every page: over HTTP (server time, median and worst of REPEAT loads) and in chromium (navigation
 * to the load event). The target (issue 15): every page under 300 ms with 1,000 runs of 50 hosts.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { stringify } from 'yaml';
import type { HostResult, ModuleResult, ModuleStatus } from '../src/engine/results.js';
import type { RunRecord } from '../src/state/run-recorder.js';
import { nodeForDashboard } from '../test/targets/node24.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '1000' },
    hosts: { type: 'string', default: '50' },
    repeat: { type: 'string', default: '20' },
    dir: { type: 'string', default: '/var/tmp/phanes-bench-dashboard' },
  },
});
const RUNS = Number(options.runs);
const HOSTS = Number(options.hosts);
const REPEAT = Number(options.repeat);
const MODULES = ['baseline', 'user', 'security', 'nginx', 'redis'];
const hostName = (i: number) => `host${String(i + 1).padStart(2, '0')}`;

/** One module's result: mostly converged, some changed, a failure now and then with its output. */
function moduleResult(module: string, run: number, host: number, mode: 'apply' | 'plan'): ModuleResult {
  const roll = (run * 31 + host * 7 + module.length) % 100;
  const status: ModuleStatus = roll < 3 ? 'failed' : roll < 15 ? (mode === 'plan' ? 'pending' : 'changed') : 'converged';
  const steps = status === 'converged' ? [] : [{ title: `Write /etc/${module}/phanes.conf`, detail: `/etc/${module}/phanes.conf`, diff: `--- a\n+++ b\n@@ -1 +1 @@\n-old ${run}\n+new ${run}\n` }, { title: `Restart ${module}`, detail: `systemctl restart ${module}` }];
  return {
    module,
    status,
    steps,
    ...(status === 'failed' && { failedStep: 1, error: `step "Restart ${module}" failed (exit 1):\nJob for ${module}.service failed because the control process exited with error code.\nSee "systemctl status ${module}.service" and "journalctl -xeu ${module}.service" for details.` }),
    health: [{ title: `${module} answers`, ok: status !== 'failed', ...(status === 'failed' && { hint: `see journalctl -u ${module}` }) }],
    durationMs: 50 + roll * 10,
  };
}

function hostResult(run: number, host: number, mode: 'apply' | 'plan'): HostResult {
  const modules = MODULES.map((m) => moduleResult(m, run, host, mode));
  return {
    host: hostName(host),
    status: modules.some((m) => m.status === 'failed') ? 'failed' : 'ok',
    modules,
    record: null,
    os: { id: 'debian', versionId: '12', codename: 'bookworm', prettyName: 'Debian GNU/Linux 12 (bookworm)' },
    vitals: { uptimeSeconds: 86_400 + run * 600, memoryTotalKiB: 4_194_304, memoryAvailableKiB: 2_000_000 + host * 1000, diskTotalKiB: 41_943_040, diskUsedKiB: 10_000_000 + run * 100 },
    connections: 1,
    commands: 2,
    durationMs: 2000 + host * 10,
  };
}

/** Writes the inventory and RUNS run records (every fourth a plan), an hour apart, as the recorder does. */
function record(dir: string): string {
  const runs = join(dir, '.phanes', 'runs');
  mkdirSync(runs, { recursive: true });
  const start = Date.parse('2026-01-01T00:00:00Z');
  for (let run = 0; run < RUNS; run++) {
    const mode = run % 4 === 3 ? 'plan' : 'apply';
    const runId = `00000000-0000-4000-8000-${String(run).padStart(12, '0')}`;
    const hosts = Array.from({ length: HOSTS }, (_, host) => hostResult(run, host, mode));
    const body: RunRecord = { schemaVersion: 1, trigger: 'cli', inventory: join(dir, 'hosts.yaml'), summary: { runId, mode, startedAt: new Date(start + run * 3_600_000).toISOString(), durationMs: 30_000, interrupted: false, hosts } };
    writeFileSync(join(runs, `${runId}.json`), JSON.stringify(body));
  }
  const inventory = join(dir, 'hosts.yaml');
  const hosts = Object.fromEntries(Array.from({ length: HOSTS }, (_, i) => [hostName(i), { address: '127.0.0.1', port: 1 }]));
  writeFileSync(inventory, stringify({ defaults: { user: 'root', modules: ['baseline'] }, hosts }));
  return inventory;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  rmSync(options.dir, { recursive: true, force: true });
  mkdirSync(options.dir, { recursive: true });
  let t = performance.now();
  const inventory = record(options.dir);
  process.stdout.write(`recorded ${RUNS} runs x ${HOSTS} hosts x ${MODULES.length} modules in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);

  t = performance.now();
  const child = spawn(nodeForDashboard(), [join(ROOT, 'dist/phanes.mjs'), 'dashboard', '-i', inventory, '--port', '0', '--drift-interval', '0'], { cwd: options.dir, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const found = /Dashboard: (\S+)/.exec(out)?.[1];
      if (found) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`the dashboard exited ${code}`)));
  });
  process.stdout.write(`dashboard up, ${RUNS} runs indexed into SQLite, in ${((performance.now() - t) / 1000).toFixed(1)} s (once; later starts index only new runs)\n\n`);

  const some = `00000000-0000-4000-8000-${String(RUNS - 7).padStart(12, '0')}`;
  const pages = ['/', '/hosts/host07', '/runs', '/runs?host=host07', '/runs?module=redis', '/runs?status=failed', '/runs?host=host07&module=redis&status=failed', `/runs?offset=${Math.max(0, RUNS - 50)}`, `/runs/${some}`, `/runs/${some}?status=failed`];
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const page = await browser.newPage();
  // Other jobs on the machine slow every figure: say how busy it was.
  process.stdout.write(`load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores\n`);
  process.stdout.write(`${'page'.padEnd(48)} ${'bytes'.padStart(8)} ${'HTTP first'.padStart(11)} ${'HTTP median'.padStart(12)} ${'HTTP worst'.padStart(11)} ${'chromium median'.padStart(16)}\n`);
  let worst = 0;
  try {
    for (const path of pages) {
      const http: number[] = [];
      let bytes = 0;
      // The first load of a page (SQLite's pages not yet in memory), shown apart from the repeated ones.
      const coldStart = performance.now();
      await (await fetch(new URL(path, url))).text();
      const cold = performance.now() - coldStart;
      for (let i = 0; i < REPEAT; i++) {
        const start = performance.now();
        const response = await fetch(new URL(path, url));
        bytes = (await response.text()).length;
        if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
        http.push(performance.now() - start);
      }
      const browserMs: number[] = [];
      for (let i = 0; i < Math.min(REPEAT, 10); i++) {
        await page.goto(new URL(path, url).href, { waitUntil: 'load' });
        // In the page: from the request to the load event (the browser's own navigation timing).
        browserMs.push(await page.evaluate('performance.getEntriesByType("navigation")[0].duration') as number);
      }
      worst = Math.max(worst, Math.max(...http), median(browserMs));
      process.stdout.write(`${path.padEnd(48)} ${String(bytes).padStart(8)} ${`${cold.toFixed(1)} ms`.padStart(11)} ${`${median(http).toFixed(1)} ms`.padStart(12)} ${`${Math.max(...http).toFixed(1)} ms`.padStart(11)} ${`${median(browserMs).toFixed(1)} ms`.padStart(16)}\n`);
    }
  } finally {
    await browser.close();
    child.kill('SIGTERM');
  }
  process.stdout.write(`\nslowest (worst repeated HTTP load or chromium median): ${worst.toFixed(1)} ms (target: under 300 ms); load average now ${loadavg()[0]!.toFixed(1)}\n`);
}

await main();
