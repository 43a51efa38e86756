/**
 * `npm run bench [-- --sizes 1,10,50] [--runs 5] [--ansible-runs 3] [--tools phanes,ansible,ssh2,openssh]
 * [--profile] [--dir /var/tmp/phanes-bench]`: starts the SSH hosts, runs every tool on them, prints the
 * table (docs/performance.md explains it) and writes it with every raw figure under DIR/results/.
 * PHANES_ENTRY=dist/src/cli/main.js measures the unbundled build instead of dist/phanes.mjs (A/B runs);
 * PHANES_EXECUTABLE=dist/bin/phanes-linux-x64 measures the self-contained executable.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { summarizeProfile } from './cpu-profile.js';
import { countSince, markLogs, removeCgroups, startFleet, type BenchHost, type Fleet } from './fleet.js';
import { cgroupCpuMs, measure, type Measurement } from './measure.js';
import { formatTable, median, type Row } from './report.js';
import { checkAnsible, checkPhanes, writeWorkload, type Workload } from './workload.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PHANES = join(ROOT, process.env.PHANES_ENTRY ?? 'dist/phanes.mjs');
/** How Phanes is started: the executable when PHANES_EXECUTABLE names one, else Node with the bundle. */
const PHANES_COMMAND = process.env.PHANES_EXECUTABLE ? [join(ROOT, process.env.PHANES_EXECUTABLE)] : ['node', PHANES];
const FLOOR_SSH2 = join(ROOT, 'dist/bench/floor-ssh2.js');

const { values: options } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1,10,50,100,200' },
    runs: { type: 'string', default: '5' },
    'ansible-runs': { type: 'string', default: '3' },
    /** Ansible's runs take minutes from here on (its remote Python shares this machine's 2 cores): measured once, no warm-up. */
    'ansible-once-from': { type: 'string', default: '50' },
    /** Ansible's change run is measured up to this size (each run at 200 hosts takes several minutes here). */
    'ansible-change-max': { type: 'string', default: '50' },
    tools: { type: 'string', default: 'ssh2,openssh,phanes,ansible' },
    profile: { type: 'boolean', default: false },
    dir: { type: 'string', default: '/var/tmp/phanes-bench' },
    /** Print the table of an earlier run's results JSON, and run nothing. */
    table: { type: 'string' },
  },
});
const sizes = options.sizes.split(',').map(Number);
const runs = Number(options.runs);
const ansibleRuns = Number(options['ansible-runs']);
const ansibleOnceFrom = Number(options['ansible-once-from']);
const ansibleChangeMax = Number(options['ansible-change-max']);
const tools = new Set(options.tools.split(','));
const dir = options.dir;

function preflight(): void {
  const missing: string[] = [];
  if (process.getuid?.() !== 0) missing.push('root (sshd on many addresses, mount namespaces, cgroups)');
  if (!existsSync('/usr/sbin/sshd')) missing.push('openssh-server (apt-get install openssh-server)');
  if (tools.has('ansible') && spawnSync('ansible-playbook', ['--version']).status !== 0) missing.push('ansible-core (apt-get install ansible-core)');
  if (!existsSync('/usr/bin/python3') || spawnSync('/usr/bin/python3', ['-c', 'import apt']).status !== 0) missing.push('python3-apt for Ansible\'s apt module (apt-get install python3-apt)');
  if (!existsSync(PHANES_COMMAND.at(-1)!)) missing.push(`the built CLI ${PHANES_COMMAND.at(-1)} (npm run build, or npm run build:binary)`);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 240)) missing.push('--sizes: integers from 1 to 240');
  if (missing.length > 0) {
    process.stderr.write(`bench: cannot run, missing:\n  ${missing.join('\n  ')}\n`);
    process.exit(3);
  }
}

const say = (text: string) => process.stderr.write(text + '\n');

interface Scenario {
  readonly tool: string;
  readonly scenario: 'noop' | 'change' | 'true';
  readonly command: (revision: number) => string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly check: (m: Measurement) => string | undefined;
  readonly runs: number;
  /** A change run needs a new revision each time. */
  readonly bumps: boolean;
  readonly warmUp: boolean;
}

function scenarios(fleet: Fleet, work: Workload, n: number): Scenario[] {
  const exitOk = (m: Measurement) => (m.exitCode === 0 ? undefined : `exit ${m.exitCode}: ${readFileSync(m.stderrFile, 'utf8').slice(-500)}`);
  const phanes = (revision: number) => [...PHANES_COMMAND, 'apply', '-i', work.phanesInventory(revision), '--yes', '--forks', String(n), '--json'];
  // A --json run that succeeds says nothing on stderr (a Node warning there once went unnoticed).
  const quiet = (m: Measurement) => (readFileSync(m.stderrFile, 'utf8') === '' ? undefined : `stderr: ${readFileSync(m.stderrFile, 'utf8').slice(-500)}`);
  const phanesCheck = (expect: 'noop' | 'change') => (m: Measurement) => exitOk(m) ?? checkPhanes(readFileSync(m.stdoutFile, 'utf8'), n, expect) ?? quiet(m);
  const ansible = (revision: number) => ['ansible-playbook', '-f', String(n), '-e', work.ansibleVars(revision), work.playbook];
  const ansibleEnv = { ...process.env, ANSIBLE_CONFIG: work.ansibleConfig, ANSIBLE_HOME: join(work.dir, 'ansible-home'), ANSIBLE_LOCAL_TEMP: join(work.dir, 'ansible-home', 'tmp'), ANSIBLE_NOCOLOR: '1' };
  const ansibleCheck = (expect: 'noop' | 'change') => (m: Measurement) =>
    checkAnsible(readFileSync(m.stdoutFile, 'utf8'), n, expect) ?? exitOk(m);
  const all: Scenario[] = [
    { tool: 'ssh2 floor', scenario: 'true', command: () => ['node', FLOOR_SSH2, work.hostsJson, fleet.clientKey, fleet.knownHosts, String(n)], check: exitOk, runs, bumps: false, warmUp: true },
    {
      tool: 'openssh floor',
      scenario: 'true',
      command: () => ['sh', '-c', `xargs -P ${n} -I{} ssh -F ${work.sshConfig} {} true < ${work.hostNames}`],
      check: exitOk,
      runs,
      bumps: false,
      warmUp: true,
    },
    { tool: 'phanes', scenario: 'noop', command: phanes, check: phanesCheck('noop'), runs, bumps: false, warmUp: true },
    { tool: 'phanes', scenario: 'change', command: phanes, check: phanesCheck('change'), runs, bumps: true, warmUp: true },
  ];
  const once = n >= ansibleOnceFrom;
  const ansibleRun = { command: ansible, env: ansibleEnv, runs: once ? 1 : ansibleRuns, warmUp: !once };
  all.push({ tool: 'ansible', scenario: 'noop', ...ansibleRun, check: ansibleCheck('noop'), bumps: false });
  if (n <= ansibleChangeMax) all.push({ tool: 'ansible', scenario: 'change', ...ansibleRun, check: ansibleCheck('change'), bumps: true });
  const wanted = (s: Scenario) =>
    (s.tool === 'ssh2 floor' && tools.has('ssh2')) || (s.tool === 'openssh floor' && tools.has('openssh')) || tools.has(s.tool);
  return all.filter(wanted);
}

let revision = 1;
/** Runs slower than this are measured at most twice (after the warm-up). */
const SLOW_RUN_MS = 20_000;

/** The machine's CPU time counters (/proc/stat, in ticks): busy, and stolen by the hypervisor. */
function cpuTicks(): { all: number; steal: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  return { all: fields.reduce((sum, value) => sum + value, 0), steal: fields[7] ?? 0 };
}

interface Measured {
  readonly m: Measurement;
  readonly targetCpuMs: number;
  readonly connections: number;
  readonly commands: number;
  readonly load: number;
  /** Share of the machine's CPU time the hypervisor took during the run (steal), in %. */
  readonly steal: number;
}

/** One run of a scenario (run 0 is its warm-up), checked, counted and logged. */
async function runOnce(fleet: Fleet, work: Workload, hosts: readonly BenchHost[], s: Scenario, n: number, i: number, planned: number): Promise<Measured> {
  if (s.bumps) revision++;
  const load = loadavg()[0]!;
  const marks = markLogs(fleet, hosts);
  const targetBefore = cgroupCpuMs(fleet.targetCgroup);
  const ticksBefore = cpuTicks();
  const m = await measure(s.command(revision), {
    cwd: work.dir,
    ...(s.env && { env: s.env }),
    outputPrefix: join(work.dir, `${s.tool.replace(/ /g, '-')}-${s.scenario}-${i}`),
  });
  const ticksAfter = cpuTicks();
  const targetCpuMs = cgroupCpuMs(fleet.targetCgroup) - targetBefore;
  const steal = (100 * (ticksAfter.steal - ticksBefore.steal)) / Math.max(1, ticksAfter.all - ticksBefore.all);
  // sshd writes its log lines a moment after the client is done.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const counts = [...countSince(fleet, hosts, marks).values()];
  const problem = s.check(m);
  if (problem) throw new Error(`N=${n} ${s.tool} ${s.scenario} run ${i}: ${problem}\n(output: ${m.stdoutFile}, ${m.stderrFile})`);
  const connections = counts.reduce((sum, c) => sum + c.connections, 0) / n;
  const commands = counts.reduce((sum, c) => sum + c.commands, 0) / n;
  say(
    `  N=${n} ${s.tool} ${s.scenario} ${i === 0 ? 'warm-up' : `run ${i}/${planned}`}: ${(m.wallMs / 1000).toFixed(2)} s, cpu ${(m.cpuMs / 1000).toFixed(2)} s, ` +
      `${Math.round(m.peakPssKiB / 1024)} MiB, ${connections.toFixed(2)} conn/host, ${commands.toFixed(2)} cmd/host, steal ${steal.toFixed(0)}%`,
  );
  return { m, targetCpuMs, connections, commands, load, steal };
}

function toRow(s: Scenario, n: number, measured: readonly Measured[], interleaved: boolean): Row {
  return {
    n,
    tool: s.tool,
    scenario: s.scenario,
    runs: measured.length,
    wallMs: median(measured.map((r) => r.m.wallMs)),
    cpuMs: median(measured.map((r) => r.m.cpuMs)),
    targetCpuMs: median(measured.map((r) => r.targetCpuMs)),
    peakPssMiB: Math.max(...measured.map((r) => r.m.peakPssKiB)) / 1024,
    maxRssMiB: Math.max(...measured.map((r) => r.m.maxRssKiB)) / 1024,
    connectionsPerHost: Math.max(...measured.map((r) => r.connections)),
    commandsPerHost: Math.max(...measured.map((r) => r.commands)),
    wallsMs: measured.map((r) => Math.round(r.m.wallMs)),
    load: Math.max(...measured.map((r) => r.load)),
    steal: Math.max(...measured.map((r) => r.steal)),
    interleaved,
  };
}

/**
 * Runs the scenarios in rounds, after a warm-up of each: run 1 of every scenario, then run 2 of every
 * scenario... so that each tool meets the same moments of a machine whose speed drifts (CPU steal comes and
 * goes within minutes here); a run slower than SLOW_RUN_MS is measured twice at most. Run i of one row
 * and run i of another were measured back to back, which the report uses for paired ratios.
 */
async function runRounds(fleet: Fleet, work: Workload, hosts: readonly BenchHost[], group: readonly Scenario[], n: number, interleaved: boolean): Promise<Row[]> {
  const measured = group.map((): Measured[] => []);
  const planned = group.map((s) => s.runs);
  for (const [k, s] of group.entries()) if (s.warmUp) await runOnce(fleet, work, hosts, s, n, 0, planned[k]!);
  for (let i = 1; i <= Math.max(...planned); i++) {
    for (const [k, s] of group.entries()) {
      if (i > planned[k]!) continue;
      const run = await runOnce(fleet, work, hosts, s, n, i, planned[k]!);
      measured[k]!.push(run);
      if (run.m.wallMs > SLOW_RUN_MS) planned[k] = Math.min(planned[k]!, Math.max(i, 2));
    }
  }
  return group.map((s, k) => toRow(s, n, measured[k]!, interleaved));
}

/** The floors and Phanes' no-op in rounds (their ratio is the target); change runs and Ansible after, each on its own. */
async function runSize(fleet: Fleet, work: Workload, hosts: readonly BenchHost[], n: number): Promise<Row[]> {
  const all = scenarios(fleet, work, n);
  const paired = all.filter((s) => !s.bumps && s.tool !== 'ansible');
  const rows = await runRounds(fleet, work, hosts, paired, n, paired.length > 1);
  for (const s of all.filter((s) => !paired.includes(s))) rows.push(...(await runRounds(fleet, work, hosts, [s], n, false)));
  return rows;
}

async function profilePhanes(work: Workload, n: number, resultsDir: string): Promise<string> {
  const profileDir = join(resultsDir, `cpu-profile-N${n}`);
  rmSync(profileDir, { recursive: true, force: true });
  mkdirSync(profileDir, { recursive: true });
  const m = await measure(['node', '--cpu-prof', '--cpu-prof-dir', profileDir, PHANES, 'apply', '-i', work.phanesInventory(revision), '--yes', '--forks', String(n), '--json'], {
    cwd: work.dir,
    outputPrefix: join(work.dir, 'phanes-profile'),
  });
  const problem = checkPhanes(readFileSync(m.stdoutFile, 'utf8'), n, 'noop');
  if (problem) throw new Error(`profile run: ${problem}`);
  const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile in ${profileDir}`);
  return `Phanes no-op apply at N=${n} under --cpu-prof (${(m.wallMs / 1000).toFixed(2)} s wall with the profiler on), ${join(profileDir, file)}:\n\n` + summarizeProfile(join(profileDir, file));
}

async function main(): Promise<void> {
  preflight();
  const started = Date.now();
  mkdirSync(dir, { recursive: true });
  const resultsDir = join(dir, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const max = Math.max(...sizes);
  say(`bench: starting ${max} sshd hosts under ${dir}`);
  const fleet = await startFleet(dir, max);
  const rows: Row[] = [];
  let profile = '';
  try {
    for (const n of sizes) {
      const hosts = fleet.hosts.slice(0, n);
      const workDir = join(dir, 'work', `N${n}`);
      rmSync(workDir, { recursive: true, force: true });
      mkdirSync(workDir, { recursive: true });
      const work = writeWorkload(fleet, hosts, workDir);
      // Converge first (not measured): Phanes' no-op runs then start from a converged host.
      const setup = await measure([...PHANES_COMMAND, 'apply', '-i', work.phanesInventory(revision), '--yes', '--forks', String(n), '--json'], {
        cwd: workDir,
        outputPrefix: join(workDir, 'setup'),
      });
      if (setup.exitCode !== 0) throw new Error(`N=${n}: the converging run failed (exit ${setup.exitCode}); see ${setup.stdoutFile}`);
      say(`N=${n}: converged (${(setup.wallMs / 1000).toFixed(2)} s)`);
      rows.push(...(await runSize(fleet, work, hosts, n)));
      say('\n' + formatTable(rows.filter((r) => r.n === n)));
      // Kept after every size: a long run that fails later still leaves what it measured.
      writeFileSync(join(resultsDir, 'partial.json'), JSON.stringify({ rows }, null, 2));
    }
    if (options.profile) {
      const work = writeWorkload(fleet, fleet.hosts, join(dir, 'work', `N${max}`));
      profile = await profilePhanes(work, max, resultsDir);
    }
  } finally {
    fleet.stop();
    await new Promise((resolve) => setTimeout(resolve, 500));
    removeCgroups();
  }

  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ` +
    `${spawnSync('ssh', ['-V'], { encoding: 'utf8' }).stderr.trim()}, ${tools.has('ansible') ? spawnSync('ansible-playbook', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0] : ''}`;
  const table = formatTable(rows);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const report = `Phanes benchmark, ${new Date().toISOString()}, ${machine}\nruns: ${runs} after one warm-up each, at most 2 for a run over ${SLOW_RUN_MS / 1000} s (Ansible: ${ansibleRuns} after a warm-up below N=${ansibleOnceFrom}, 1 from there on; its change run up to N=${ansibleChangeMax}); ${Math.round((Date.now() - started) / 1000)} s in all\n\n${table}${profile ? `\n${profile}` : ''}`;
  writeFileSync(join(resultsDir, `bench-${stamp}.md`), report);
  writeFileSync(join(resultsDir, `bench-${stamp}.json`), JSON.stringify({ machine, runs, ansibleRuns, rows }, null, 2));
  process.stdout.write(report + `\nwritten to ${join(resultsDir, `bench-${stamp}.md`)} (and .json)\n`);
}

if (options.table) process.stdout.write(formatTable((JSON.parse(readFileSync(options.table, 'utf8')) as { rows: Row[] }).rows));
else await main();
