import { osReleaseFact, type OsRelease } from '../facts/os-release.js';
import { vitalsFact, type HostVitals } from '../facts/vitals.js';
import type { Fact } from '../facts/fact.js';
import type { ResolvedHost } from '../inventory/resolved-host.js';
import { sh, type ShellText } from '../shell/command.js';
import { newMarkers } from '../shell/markers.js';
import { renderStepScript } from '../shell/step-script.js';
import { ConnectionError, type Connection } from '../ssh/connection.js';
import { keyTypeOf } from '../ssh/known-hosts.js';
import { hostRecordFact, type HostRecord } from '../state/host-record.js';
import { nextHostRecord, writeHostRecord } from '../state/write-host-record.js';
import { describeStep } from './describe-step.js';
import { failureOutput } from './failure-output.js';
import { FactError, gatherFacts } from './gather-facts.js';
import { PlanRefusedError, type FactContext, type HealthCheck, type HostContext, type Module, type PeerHost } from './module.js';
import { healthChecksOf, healthError, healthFacts, healthOutcomes } from './health.js';
import { portConflicts } from './port-conflicts.js';
import type { HealthReport, HostResult, ModuleResult, ModuleStatus, RunMode } from './results.js';
import type { RunListener } from './run-events.js';
import type { Step } from './step.js';

/** Everything one host's run needs; the runner builds one per host. */
export interface HostJob {
  readonly host: ResolvedHost;
  /** The host's modules, in order. */
  readonly modules: readonly Module[];
  /** Every inventory host, as plans may see them. */
  readonly peers: ReadonlyMap<string, PeerHost>;
  readonly mode: RunMode;
  readonly runId: string;
  readonly phanesVersion: string;
  /** Whether file steps carry their diff in the results (plan, or apply --diff). */
  readonly diffs: boolean;
  /**
   * Opens a new connection; `port` overrides the inventory's (a module moved sshd there), and `provenKey` is
   * the host key the host already proved on its old port (recorded for the new port).
   */
  connect(port?: number, provenKey?: Buffer): Promise<Connection>;
  readonly emit: RunListener;
  /** Set by the first Ctrl-C: start nothing new on this host. */
  readonly stopStarting: AbortSignal;
  /** Set by the second Ctrl-C: kill the command in flight. */
  readonly kill: AbortSignal;
}

/** A module's plan, and its health as the probe found it (checks run with the facts, read-only). */
type ModulePlan = ({ module: Module; steps: Step[] } | { module: Module; refused: string } | { module: Module; notApplicable: string }) & {
  health: HealthReport[];
  /** How long its health checks ran inside the probe: part of a converged module's time. */
  healthMs: number;
  notes: string[];
};

/** The state of a host a plan starts from: its OS and Phanes' record there. */
interface Probe {
  readonly os: OsRelease;
  readonly vitals: HostVitals;
  readonly record: HostRecord | null;
  readonly plans: ModulePlan[];
}

/** Asks the host for the engine's facts and every module's facts in one command, then plans each module. */
async function probeAndPlan(job: HostJob, connection: Connection, modules: readonly Module[]): Promise<Probe> {
  const factContext: FactContext = { host: job.host.name, loginUser: connection.loginUser, ...(job.host.connection.kind === 'local' ? { local: true } : {}) };
  const requests = new Map<string, Record<string, Fact<unknown>>>([['', { os: osReleaseFact, record: hostRecordFact, vitals: vitalsFact }]]);
  for (const module of modules) {
    const settings = job.host.settings[module.name] ?? {};
    requests.set(module.name, module.facts(settings, factContext));
    let checks: HealthCheck[];
    try {
      checks = healthChecksOf(module, settings, factContext);
    } catch (error) {
      throw new FactError(`module ${module.name}: its health checks could not be built: ${(error as Error).message}`);
    }
    if (checks.length > 0) requests.set(`health:${module.name}`, healthFacts(checks));
  }
  const facts = await gatherFacts(connection, requests, job.host.connection.commandTimeout * 1000);
  const own = facts.get('') ?? {};
  const os = own.os as OsRelease;
  const hostKeyType = connection.hostKey && keyTypeOf(connection.hostKey);
  const context: HostContext = { ...factContext, os, peers: job.peers, ...(hostKeyType && { hostKeyType }) };
  const conflicts = portConflicts(job.modules, job.host.settings);
  const plans = modules.map((module): ModulePlan => {
    const { reports: health, durationMs: healthMs } = healthOutcomes(facts.get(`health:${module.name}`));
    const conflict = conflicts.get(module.name);
    if (conflict) return { module, health: [], healthMs: 0, notes: [], refused: conflict };
    const settings = job.host.settings[module.name] ?? {};
    const moduleFacts = facts.get(module.name) ?? {};
    try {
      const notes = module.notes?.(settings, moduleFacts, context) ?? [];
      const notApplicable = module.notApplicable?.(settings, moduleFacts, context);
      if (notApplicable !== undefined) return { module, health: [], healthMs: 0, notes, notApplicable };
      return { module, health, healthMs, notes, steps: module.plan(settings, moduleFacts, context) };
    } catch (error) {
      if (error instanceof PlanRefusedError) return { module, health, healthMs: 0, notes: [], refused: error.message };
      throw new FactError(`module ${module.name}: planning failed: ${(error as Error).message}`);
    }
  });
  return { os, vitals: own.vitals as HostVitals, record: (own.record as HostRecord | null) ?? null, plans };
}

/** How a module's command ended when it did not succeed; `lost` when the connection to the host is gone. */
interface ModuleOutcome {
  readonly failedStep?: number;
  readonly error?: string;
  readonly interrupted?: boolean;
  readonly lost?: ConnectionError;
}

/** Runs one module's steps as one remote command, streaming step progress; Phanes can stop it on the host. */
async function applyModule(job: HostJob, connection: Connection, module: Module, steps: Step[]): Promise<ModuleOutcome> {
  const markers = newMarkers();
  let current = -1;
  const stepMarker = new RegExp(`^${markers.step(0).replace(/ 0$/, ' (\\d+)')}$`);
  let result;
  try {
    result = await connection.run(renderStepScript(steps, markers), {
      timeoutMs: job.host.connection.commandTimeout * 1000,
      signal: job.kill,
      stoppable: true,
      onStderrLine: (line) => {
        const match = stepMarker.exec(line);
        if (!match) return;
        current = Number(match[1]);
        job.emit({ type: 'step-start', host: job.host.name, module: module.name, index: current, title: steps[current]?.title ?? '' });
      },
    });
  } catch (error) {
    if (!(error instanceof ConnectionError)) throw error;
    const during = current >= 0 ? { failedStep: current, error: `${error.message} (in step "${steps[current]?.title}")` } : { error: `${error.message} (before the first step)` };
    if (error.kind === 'interrupted') return { ...during, interrupted: true };
    if (error.kind === 'timeout') return during;
    return { ...during, lost: error };
  }
  if (result.exitCode === 0) return {};
  const stderr = result.stderr.replace(new RegExp(`^${markers.step(0).replace(/ 0$/, ' \\d+')}\\n`, 'gm'), '');
  const output = failureOutput(stderr, result.stdout);
  const title = steps[current]?.title ?? 'before the first step';
  return { failedStep: current, error: `step "${title}" failed (exit ${result.exitCode})${output ? `:\n${output}` : ''}` };
}

/** A new login after an sshd change is tried this often, this far apart, while sshd restarts. */
const LOGIN_CHECK_ATTEMPTS = 5;
const LOGIN_CHECK_RETRY_MS = 1_000;

/** The SSH port a module of this host moves sshd to, if any. */
function loginPortOf(job: HostJob): number | undefined {
  for (const module of job.modules) {
    const port = module.loginPort?.(job.host.settings[module.name] ?? {});
    if (port !== undefined) return port;
  }
  return undefined;
}

/**
 * Connects on the port a module moved sshd to, else (not there yet) on the default port. A port set in the
 * inventory always wins: it may be forwarded (NAT, containers) to whatever port sshd listens on.
 */
async function connectPreferringLoginPort(job: HostJob): Promise<Connection> {
  const port = loginPortOf(job);
  if (port === undefined || job.host.connection.kind === 'local' || job.host.connection.port !== undefined) return job.connect();
  try {
    return await job.connect(port);
  } catch (error) {
    if (error instanceof ConnectionError && error.kind === 'unreachable') return job.connect();
    throw error;
  }
}

/**
 * After a module that can lock Phanes out changed something: a NEW login, as the next run will make it.
 * When it fails, the module's rollback runs on the still-open connection. Returns the failure, or undefined.
 */
async function verifyNewLogin(job: HostJob, connection: Connection, module: Module): Promise<string | undefined> {
  const settings = job.host.settings[module.name] ?? {};
  if (!module.rollbackOnLoginFailure || job.host.connection.kind === 'local') return undefined;
  // As the next run will connect: the inventory's port when set (it may be forwarded), else the module's.
  const port = job.host.connection.port === undefined ? module.loginPort?.(settings) : undefined;
  const failure = await tryNewLogin(job, port, connection.hostKey, module.confirmChange?.(settings));
  if (failure === undefined) return undefined;
  const rollback = await connection.run(module.rollbackOnLoginFailure(settings), { timeoutMs: job.host.connection.commandTimeout * 1000 });
  if (rollback.exitCode !== 0) {
    return `a new login after the change failed (${failure}); ROLLING BACK FAILED (exit ${rollback.exitCode}: ${rollback.stderr.trim().slice(-200)})`;
  }
  // The rollback is proved the same way: a new login on the port Phanes used before.
  const after = await tryNewLogin(job, undefined, connection.hostKey);
  const reachable = after === undefined ? 'the host takes new logins as before' : `BUT A NEW LOGIN STILL FAILS (${after})`;
  return `a new login after the change failed (${failure}); the change was rolled back and ${reachable}`;
}

/**
 * A module that can lock Phanes out and stopped halfway (a step failed, or Ctrl-C) is put back as it was,
 * over the connection that still works; its on-host timer would do it later anyway. Returns what to add to
 * the error.
 */
async function rollBackHalfDone(job: HostJob, connection: Connection, module: Module): Promise<string> {
  if (!module.rollbackOnLoginFailure || job.host.connection.kind === 'local') return '';
  try {
    const rollback = await connection.run(module.rollbackOnLoginFailure(job.host.settings[module.name] ?? {}), { timeoutMs: job.host.connection.commandTimeout * 1000 });
    return rollback.exitCode === 0 ? '\n(its changes so far were rolled back)' : `\n(ROLLING BACK FAILED, exit ${rollback.exitCode}: ${rollback.stderr.trim().slice(-200)})`;
  } catch (error) {
    return `\n(rolling back failed: ${(error as Error).message}; the host reverts by itself when its timer ends)`;
  }
}

/**
 * Opens a new login and runs `true` (or the module's confirmation); undefined when that worked, else why not. sshd re-executes on reload:
 * a connection in that instant is lost, which proves nothing, so those are retried; a refused login is an
 * answer and is not.
 */
async function tryNewLogin(job: HostJob, port: number | undefined, provenKey: Buffer | undefined, confirm: ShellText = sh`true`): Promise<string | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      const probe = await job.connect(port, provenKey);
      const check = await probe.run(confirm, { timeoutMs: job.host.connection.connectTimeout * 1000 }).finally(() => probe.close());
      return check.exitCode === 0 ? undefined : `a command over the new login exited ${check.exitCode}${check.stderr.trim() ? `: ${check.stderr.trim().slice(-300)}` : ''}`;
    } catch (error) {
      const transient = error instanceof ConnectionError && (error.kind === 'unreachable' || error.kind === 'timeout');
      if (!transient || attempt >= LOGIN_CHECK_ATTEMPTS) return (error as Error).message;
      await new Promise((resolve) => setTimeout(resolve, LOGIN_CHECK_RETRY_MS));
    }
  }
}

/** Runs a module's health checks after it changed something: one command, none when it has no checks. */
async function checkHealth(job: HostJob, connection: Connection, module: Module): Promise<HealthReport[]> {
  const checks = healthChecksOf(module, job.host.settings[module.name] ?? {}, { host: job.host.name, loginUser: connection.loginUser });
  if (checks.length === 0) return [];
  const facts = await gatherFacts(connection, new Map([['health', healthFacts(checks)]]), job.host.connection.commandTimeout * 1000);
  return healthOutcomes(facts.get('health')).reports;
}

/**
 * A host that stopped answering or could not be used: the modules that ran keep their results, the rest
 * are skipped. A timeout is a failure of this host's work, not a sign the host is unreachable.
 */
function unreachable(job: HostJob, error: ConnectionError | FactError, started: number, connections: number, results: readonly ModuleResult[], connection?: Connection): HostResult {
  const kind = error instanceof ConnectionError ? error.kind : 'facts';
  const status = kind === 'interrupted' ? 'interrupted' : kind === 'facts' || kind === 'timeout' ? 'failed' : 'unreachable';
  const done = new Map(results.map((r) => [r.module, r]));
  return {
    host: job.host.name,
    status,
    modules: job.modules.map((m) => done.get(m.name) ?? { module: m.name, status: 'skipped', steps: [], durationMs: 0 }),
    error: { kind, message: error.message, ...(error instanceof ConnectionError && error.hint ? { hint: error.hint } : {}) },
    connections,
    commands: connection?.commandCount ?? 0,
    durationMs: Date.now() - started,
  };
}

/**
 * One host from connection to state: connect once, learn every fact in one command, plan every module, and
 * (apply) run each module that has steps as one command. A failed module stops the modules after it on this
 * host only. After a module changed something, the facts of the modules after it are learned again.
 */
export async function runHost(counted: HostJob): Promise<HostResult> {
  const started = Date.now();
  let connections = 0;
  const job: HostJob = {
    ...counted,
    // Only connections that opened count: a refused attempt on a moved SSH port is not one.
    connect: async (port, provenKey) => {
      const connection = await counted.connect(port, provenKey);
      connections++;
      return connection;
    },
  };
  const name = job.host.name;
  job.emit({ type: 'host-start', host: name, modules: job.modules.map((m) => m.name) });
  job.emit({ type: 'host-phase', host: name, phase: 'connecting' });
  let connection: Connection | undefined;
  const results: ModuleResult[] = [];
  try {
    connection = await connectPreferringLoginPort(job);
    job.emit({ type: 'host-phase', host: name, phase: 'gathering facts' });
    const probe = await probeAndPlan(job, connection, job.modules);
    const plans = new Map(probe.plans.map((p) => [p.module.name, p]));

    for (const [i, module] of job.modules.entries()) {
      const plan = plans.get(module.name)!;
      const moduleStarted = Date.now();
      const settle = (status: ModuleStatus, extra: Partial<ModuleResult> = {}) => {
        const steps = 'steps' in plan ? plan.steps.map((s) => describeStep(s, job.diffs)) : [];
        const notes = plan.notes.length > 0 ? { notes: plan.notes } : {};
        const result: ModuleResult = { module: module.name, status, steps, durationMs: Date.now() - moduleStarted, ...notes, ...extra };
        results.push(result);
        job.emit({ type: 'module-end', host: name, module: module.name, status, ...(result.error ? { error: result.error } : {}) });
      };

      if ('refused' in plan) {
        settle('refused', { error: plan.refused });
        continue;
      }
      // Apply stops a host's later modules after a failure (they may depend on it); plan shows them all.
      if (job.mode === 'apply' && results.some((r) => r.status === 'failed' || r.status === 'refused' || r.status === 'interrupted')) {
        settle('skipped', { error: 'not run: an earlier module on this host failed' });
        continue;
      }
      if ('notApplicable' in plan) {
        settle('not-applicable', { error: plan.notApplicable });
        continue;
      }
      if (plan.steps.length === 0) {
        const error = healthError(plan.health);
        // Its checks ran earlier, inside the probe: their time is this module's too.
        const durationMs = Date.now() - moduleStarted + plan.healthMs;
        settle(error ? 'failed' : 'converged', { durationMs, ...(plan.health.length > 0 && { health: plan.health }), ...(error && { error }) });
        continue;
      }
      if (job.mode === 'plan') {
        // Health as the probe found it: a drift check shows a stopped service red before apply starts it.
        settle('pending', plan.health.length > 0 ? { health: plan.health } : {});
        continue;
      }
      if (job.stopStarting.aborted) {
        settle('skipped', { error: 'not started: interrupted' });
        continue;
      }
      job.emit({ type: 'module-start', host: name, module: module.name, steps: plan.steps.map((s) => s.title) });
      const outcome = await applyModule(job, connection, module, plan.steps);
      if (outcome.error !== undefined) {
        const error = outcome.lost ? outcome.error : outcome.error + (await rollBackHalfDone(job, connection, module));
        settle(outcome.interrupted ? 'interrupted' : 'failed', { error, ...(outcome.failedStep !== undefined ? { failedStep: outcome.failedStep } : {}) });
        // Nothing more can be done or recorded there; the modules after it are reported skipped.
        if (outcome.lost) throw outcome.lost;
        continue;
      }
      const lockedOut = await verifyNewLogin(job, connection, module);
      if (lockedOut) {
        settle('failed', { error: lockedOut });
        continue;
      }
      const health = await checkHealth(job, connection, module);
      const unhealthy = healthError(health);
      if (unhealthy) settle('failed', { error: unhealthy, health });
      else settle(probe.record?.modules[module.name]?.status === 'ok' ? 'changed' : 'installed', health.length > 0 ? { health } : {});
      const rest = job.modules.slice(i + 1);
      // What this module changed may change what the next ones must do: learn their facts again.
      if (rest.length > 0 && !job.stopStarting.aborted) {
        for (const p of (await probeAndPlan(job, connection, rest)).plans) plans.set(p.module.name, p);
      }
    }

    let stateError: HostResult['error'];
    const next = job.mode === 'apply' ? nextHostRecord(probe.record, job, results) : null;
    if (next) {
      job.emit({ type: 'host-phase', host: name, phase: 'writing state' });
      // Results are kept even when the record cannot be written; the host is then reported failed.
      stateError = await writeHostRecord(connection, next, job.host.connection.commandTimeout * 1000).then(
        () => undefined,
        (error: Error) => ({ kind: 'state' as const, message: `${name}: writing the host's record failed: ${error.message}` }),
      );
    }
    const failed = stateError || results.some((r) => r.status === 'failed' || r.status === 'refused');
    const interrupted = job.stopStarting.aborted && results.some((r) => r.status === 'interrupted' || r.status === 'skipped');
    const result: HostResult = {
      host: name,
      status: interrupted ? 'interrupted' : failed ? 'failed' : 'ok',
      modules: results,
      record: probe.record,
      os: probe.os,
      vitals: probe.vitals,
      ...(stateError && { error: stateError }),
      connections,
      commands: connection.commandCount,
      durationMs: Date.now() - started,
    };
    job.emit({ type: 'host-end', host: name, result });
    return result;
  } catch (error) {
    if (!(error instanceof ConnectionError || error instanceof FactError)) throw error;
    const result = unreachable(job, error, started, connections, results, connection);
    job.emit({ type: 'host-end', host: name, result });
    return result;
  } finally {
    await connection?.close();
  }
}
