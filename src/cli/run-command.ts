import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createInterface } from 'node:readline/promises';
import { join, resolve } from 'node:path';
import { builtInCatalog } from '../../modules/catalog.js';
import type { RunMode, RunSummary } from '../engine/results.js';
import type { RunEvent, RunListener } from '../engine/run-events.js';
import { runHosts } from '../engine/run-hosts.js';
import { colorsFor } from '../report/colors.js';
import { renderApplyMarkdown } from '../report/apply-markdown.js';
import { renderPlanMarkdown } from '../report/plan-markdown.js';
import { renderPlan } from '../report/plan-view.js';
import { appendStepSummary } from '../report/step-summary.js';
import { lineView } from '../report/line-view.js';
import { openRunLog } from '../report/run-log.js';
import { renderSummary } from '../report/summary-table.js';
import type { SshEnvironment } from '../ssh/resolve-endpoint.js';
import { sshEnvironmentChecked } from './ssh-environment.js';
import { formatProblem } from '../inventory/inventory-error.js';
import { lockInventory, LockedError, recordRun } from '../state/local-cache.js';
import { openRunRecorder } from '../state/run-recorder.js';
import { valueMasker } from '../report/mask-values.js';
import { EXIT, exitCodeOf, type ExitCode } from './exit-codes.js';
import { CliError, loadTargets, secretsOf, type TargetArgs, type Targets } from './load-targets.js';
import { PHANES_VERSION } from './version.js';

/** How plan and apply print their result on stdout: tables, Markdown (plan only) or JSON. */
export type OutputFormat = 'text' | 'markdown' | 'json';

/** Options of apply and plan. */
export interface RunArgs extends TargetArgs {
  readonly forks: number;
  readonly format: OutputFormat;
  readonly yes: boolean;
  readonly detailedExitcode: boolean;
  /** apply: file diffs in the JSON result and the log (plan always has them). */
  readonly diff: boolean;
  readonly knownHosts?: string | undefined;
  readonly sshConfig?: string | undefined;
  readonly stateDir: string;
}

/**
 * Ctrl-C once: start nothing new. Twice, or SIGTERM: stop what runs, on the hosts too, and still write the
 * summary and state (bounded: a host that does not confirm the stop is given up on). A third: leave at once.
 * All end in exit code 130.
 */
export function interruptSignals(say: (text: string) => void, forceExit: () => void) {
  const stopStarting = new AbortController();
  const kill = new AbortController();
  // Every command in flight listens to them: at --forks 100 that is far past Node's leak warning at 10.
  setMaxListeners(0, stopStarting.signal, kill.signal);
  const stopRunning = () => {
    say('\nStopping running commands on the hosts (TERM, then KILL); Ctrl-C again to leave at once\n');
    stopStarting.abort();
    kill.abort();
  };
  const onInterrupt = () => {
    if (!stopStarting.signal.aborted) {
      say('\nInterrupted: starting nothing new, letting running modules finish (Ctrl-C again to stop them)\n');
      stopStarting.abort();
    } else if (!kill.signal.aborted) stopRunning();
    else forceExit();
  };
  const onTerminate = () => (kill.signal.aborted ? forceExit() : stopRunning());
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onTerminate);
  return {
    stopStarting: stopStarting.signal,
    kill: kill.signal,
    /** What Ctrl-C does, for a view that reads the key itself (the TUI's raw terminal sends no SIGINT). */
    interrupt: onInterrupt,
    dispose: () => {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onTerminate);
    },
  };
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/** What a view other than the CLI's own (the TUI) hears of a run: its events, interrupt notices, Ctrl-C. */
export interface RunHooks {
  readonly listener: RunListener;
  /** Interrupt notices (the CLI writes them to stderr). */
  say(text: string): void;
  /** Called before a third Ctrl-C leaves at once (e.g. to give the terminal back). */
  leave(): void;
  /** Receives the run's Ctrl-C handler, to call when the key is read. */
  onInterrupt(interrupt: () => void): void;
}

/** Runs one pass over the hosts in `mode`, with live progress (unless --json, or `hooks` take the events) and a log file. */
async function runOnce(mode: RunMode, args: RunArgs, targets: Targets, ssh: SshEnvironment, quiet: boolean, hooks?: RunHooks): Promise<RunSummary> {
  // Live view on a terminal (progress-view.ts); plain lines in CI or a pipe; nothing with --json (stdout is the result).
  if (hooks) quiet = true;
  const live = !quiet && process.stderr.isTTY === true && !process.env.CI;
  const view = live
    ? (await import('../report/progress-view.js')).startProgressView({ mode, hosts: targets.hosts.map((h) => ({ name: h.name, modules: h.modules })) })
    : undefined;
  const lines = !quiet && !live ? lineView((line) => process.stderr.write(line + '\n'), colorsFor(process.stderr)) : undefined;
  const runId = randomUUID();
  const log = openRunLog(join(args.stateDir, 'logs'), runId, secretsOf(targets.hosts), (error) =>
    process.stderr.write(`warning: cannot write the run log ${join(args.stateDir, 'logs')}: ${error.message}; the run goes on without it\n`),
  );
  // The run history the dashboard shows (docs/dashboard.md), live while the run goes.
  const recorder = openRunRecorder({
    stateDir: args.stateDir,
    runId,
    mode,
    trigger: 'cli',
    inventory: resolve(targets.inventory.file),
    hosts: targets.hosts.map((h) => ({ name: h.name, modules: h.modules })),
    mask: valueMasker(secretsOf(targets.hosts)),
    onError: (error) => process.stderr.write(`warning: cannot record this run under ${join(args.stateDir, 'runs')}: ${error.message}; the dashboard will not show it\n`),
  });
  const signals = interruptSignals(
    hooks ? hooks.say : (text) => process.stderr.write(text),
    () => {
      hooks?.leave();
      process.stderr.write('\nLeaving now, without a summary: hosts stop what still runs when the connection closes; their records may miss this run\n');
      log.close();
      recorder.close();
      process.exit(EXIT.interrupted); // the inventory lock is released on exit (runCommand)
    },
  );
  hooks?.onInterrupt(signals.interrupt);
  log.logger.info({ mode, inventory: targets.inventory.file, hosts: targets.hosts.map((h) => h.name), version: PHANES_VERSION }, 'run started');
  try {
    const summary = await runHosts({
      runId,
      mode,
      hosts: targets.hosts,
      inventoryHosts: new Map(targets.inventory.hosts.map((h) => [h.name, h])),
      catalog: builtInCatalog,
      forks: args.forks,
      ssh,
      phanesVersion: PHANES_VERSION,
      listener: (event: RunEvent) => {
        view?.listener(event);
        lines?.(event);
        hooks?.listener(event);
        log.logger.info({ event }, event.type);
        recorder.listener(event);
      },
      diffs: mode === 'plan' || args.diff,
      stopStarting: signals.stopStarting,
      kill: signals.kill,
    });
    log.logger.info({ summary }, 'run finished');
    recorder.finish(summary);
    await view?.finish(summary);
    return summary;
  } finally {
    signals.dispose();
    log.close();
    recorder.close();
  }
}

/** `phanes apply` and `phanes plan`: returns the exit code. */
export async function runCommand(mode: RunMode, args: RunArgs): Promise<ExitCode> {
  const out = colorsFor(process.stdout);
  const targets = await loadTargets(args);
  for (const warning of targets.warnings) process.stderr.write(`warning: ${formatProblem(warning)}\n`);
  const ssh = sshEnvironmentChecked(args, targets);

  if (mode === 'apply' && !args.yes) {
    if (!process.stdin.isTTY) {
      throw new CliError('apply changes servers without asking only with --yes (stdin is not a terminal to ask on); run `phanes plan` to see what it would do', EXIT.usage);
    }
    const plan = await runOnce('plan', args, targets, ssh, false);
    process.stdout.write('\n' + renderPlan(plan, out) + '\n' + renderSummary(plan, out));
    if (!plan.hosts.flatMap((h) => h.modules).some((m) => m.status === 'pending')) return exitCodeOf(plan, false);
    if (!(await confirm('Apply these changes? [y/N] '))) {
      process.stderr.write('Nothing applied.\n');
      return EXIT.ok;
    }
  }

  const summary = await runRecorded(mode, args, targets, ssh, args.format === 'json');
  // Made only when someone reads it: masking every string of a large run by value costs time.
  const markdown = () => (mode === 'plan' ? renderPlanMarkdown(summary, secretsOf(targets.hosts)) : renderApplyMarkdown(summary, secretsOf(targets.hosts)));
  if (process.env.GITHUB_STEP_SUMMARY) appendStepSummary(markdown(), process.env, (line) => process.stderr.write(line + '\n'));
  if (args.format === 'json') {
    process.stdout.write(JSON.stringify({ version: PHANES_VERSION, exitCode: exitCodeOf(summary, args.detailedExitcode), ...summary }, null, 2) + '\n');
  } else if (args.format === 'markdown') {
    process.stdout.write(markdown());
  } else {
    process.stdout.write('\n' + (mode === 'plan' ? renderPlan(summary, out) + '\n' : '') + renderSummary(summary, out));
  }
  return exitCodeOf(summary, args.detailedExitcode);
}

/**
 * One run as `phanes plan` or `apply` makes it: an apply holds the inventory's lock and is recorded in the
 * local cache. The CLI and the TUI (with `hooks`) both run through here.
 */
export async function runRecorded(mode: RunMode, args: RunArgs, targets: Targets, ssh: SshEnvironment, quiet: boolean, hooks?: RunHooks): Promise<RunSummary> {
  let release = () => {};
  if (mode === 'apply') {
    try {
      release = lockInventory(args.stateDir, targets.inventory.file);
      process.once('exit', release); // also when a third Ctrl-C leaves at once
    } catch (error) {
      if (error instanceof LockedError) throw new CliError(error.message, EXIT.locked);
      throw new CliError(`cannot take this inventory's lock under ${args.stateDir}: ${(error as Error).message}; free space there or choose another --state-dir`, EXIT.usage);
    }
  }
  try {
    const summary = await runOnce(mode, args, targets, ssh, quiet, hooks);
    if (mode === 'apply') {
      try {
        recordRun(args.stateDir, targets.inventory.file, summary);
      } catch (error) {
        // The hosts keep their own records; only `status --offline` misses this run.
        (hooks?.say ?? ((text: string) => process.stderr.write(text)))(`warning: cannot write the local record of this run under ${args.stateDir}: ${(error as Error).message}; \`phanes status --offline\` will not show it\n`);
      }
    }
    return summary;
  } finally {
    release();
  }
}
