import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { CPUACCT_ROOT } from './fleet.js';

/** What one run of a tool cost this machine's controller side. */
export interface Measurement {
  readonly exitCode: number | null;
  readonly wallMs: number;
  /** User + system CPU of every process the tool started (its cpuacct cgroup), daemons included. */
  readonly cpuMs: number;
  /** Peak of the summed PSS of all its processes, sampled (forked workers' shared pages counted once). */
  readonly peakPssKiB: number;
  /** The largest high-water RSS (VmHWM) of any one of its processes. */
  readonly maxRssKiB: number;
  readonly stdoutFile: string;
  readonly stderrFile: string;
}

const SAMPLE_MS = 25;
let runs = 0;

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function field(text: string, name: string): number {
  const match = new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

function pids(cgroup: string): number[] {
  return read(join(cgroup, 'cgroup.procs')).split('\n').filter(Boolean).map(Number);
}

/**
 * Runs `command` in a fresh cpuacct cgroup (it joins before exec, so everything it starts is counted),
 * sampling its processes' memory, and measures wall time from spawn to the main process's exit. Processes
 * it left behind (Ansible's ControlPersist masters) are killed afterwards: every run starts cold.
 */
export async function measure(command: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; outputPrefix: string }): Promise<Measurement> {
  const cgroup = join(CPUACCT_ROOT, `run-${process.pid}-${++runs}`);
  mkdirSync(cgroup, { recursive: true });
  const stdoutFile = `${options.outputPrefix}.stdout`;
  const stderrFile = `${options.outputPrefix}.stderr`;
  const out = openSync(stdoutFile, 'w');
  const err = openSync(stderrFile, 'w');
  let peakPssKiB = 0;
  let maxRssKiB = 0;
  let sampling = true;
  const sample = () => {
    if (!sampling) return;
    const started = performance.now();
    let pss = 0;
    for (const pid of pids(cgroup)) {
      pss += field(read(`/proc/${pid}/smaps_rollup`), 'Pss');
      maxRssKiB = Math.max(maxRssKiB, field(read(`/proc/${pid}/status`), 'VmHWM'));
    }
    peakPssKiB = Math.max(peakPssKiB, pss);
    // Sampling 200 Python workers costs time: never spend more than a fifth of one core on it.
    setTimeout(sample, Math.max(SAMPLE_MS, 4 * (performance.now() - started)));
  };

  const started = performance.now();
  const child = spawn('/bin/sh', ['-c', 'echo $$ > "$0/cgroup.procs" && exec "$@"', cgroup, ...command], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', out, err],
  });
  closeSync(out);
  closeSync(err);
  setTimeout(sample, 5);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
  const wallMs = performance.now() - started;
  sampling = false;
  const cpuMs = Number(read(join(cgroup, 'cpuacct.usage')).trim()) / 1e6;

  // Leftovers (ControlPersist masters) are not part of the next run.
  for (let attempt = 0; attempt < 100; attempt++) {
    const left = pids(cgroup);
    if (left.length === 0) break;
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  try {
    rmdirSync(cgroup);
  } catch {
    // a process is still exiting; the directory is empty of work and harmless
  }
  return { exitCode, wallMs, cpuMs, peakPssKiB, maxRssKiB, stdoutFile, stderrFile };
}

/** CPU time (ms) a cgroup has used so far. */
export function cgroupCpuMs(cgroup: string): number {
  return Number(read(join(cgroup, 'cpuacct.usage')).trim()) / 1e6;
}
