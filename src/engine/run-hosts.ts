import { randomUUID } from 'node:crypto';
import PQueue from 'p-queue';
import type { ResolvedHost } from '../inventory/resolved-host.js';
import type { Connection } from '../ssh/connection.js';
import { connectLocal } from '../ssh/local-connection.js';
import { resolveEndpoint, type SshEnvironment } from '../ssh/resolve-endpoint.js';
import { connectSsh } from '../ssh/ssh-connection.js';
import type { Catalog } from './catalog.js';
import type { Module, PeerHost } from './module.js';
import type { HostResult, RunMode, RunSummary } from './results.js';
import type { RunListener } from './run-events.js';
import { runHost } from './run-host.js';

/** Hosts worked on at once unless --forks says otherwise. */
export const DEFAULT_FORKS = 50;

export interface RunHostsOptions {
  readonly mode: RunMode;
  /** The hosts to run, after --limit. */
  readonly hosts: readonly ResolvedHost[];
  /** Every inventory host, for jump hosts named by inventory name. */
  readonly inventoryHosts: ReadonlyMap<string, ResolvedHost>;
  readonly catalog: Catalog;
  readonly forks: number;
  readonly ssh: SshEnvironment;
  readonly phanesVersion: string;
  readonly listener: RunListener;
  /** First Ctrl-C: start no new host or module. */
  readonly stopStarting: AbortSignal;
  /** Second Ctrl-C: kill the commands in flight. */
  readonly kill: AbortSignal;
  readonly runId?: string;
  /** File diffs in the results; default: in plan mode only. */
  readonly diffs?: boolean;
  /** Opens a host's connections; default: SSH or local, as the host's settings say (tests give their own). */
  readonly connector?: (host: ResolvedHost) => (port?: number, provenKey?: Buffer) => Promise<Connection>;
}

/**
 * SSH handshakes in flight at once, whatever --forks says: hundreds of simultaneous key exchanges starve
 * each other of CPU until some hit the connect timeout. Commands still run on all `forks` hosts at once.
 */
export const MAX_HANDSHAKES = 32;

function connectorFor(host: ResolvedHost, options: RunHostsOptions, handshakes: PQueue): (port?: number, provenKey?: Buffer) => Promise<Connection> {
  const settings = host.connection;
  if (settings.kind === 'local') return async () => connectLocal(host.name, settings.sudoPassword);
  return (port?: number, provenKey?: Buffer) => {
    const endpoint = resolveEndpoint(host.name, settings, options.ssh, options.inventoryHosts);
    const connect = () =>
      connectSsh(port === undefined ? endpoint : { ...endpoint, port }, {
        sudoPassword: settings.sudoPassword,
        agentSocket: process.env.SSH_AUTH_SOCK,
        provenKey,
      });
    return handshakes.add(connect);
  };
}

function notStarted(host: ResolvedHost): HostResult {
  return {
    host: host.name,
    status: 'interrupted',
    modules: host.modules.map((module) => ({ module, status: 'skipped', steps: [], durationMs: 0, error: 'not started: interrupted' })),
    connections: 0,
    commands: 0,
    durationMs: 0,
  };
}

/** A host that never started because a host it runs after did not succeed. */
function blockedBy(host: ResolvedHost, before: string, status: HostResult['status']): HostResult {
  const why = `not started: ${before}, which it runs after, ended ${status}`;
  return {
    host: host.name,
    status: 'failed',
    modules: host.modules.map((module) => ({ module, status: 'skipped', steps: [], durationMs: 0, error: why })),
    connections: 0,
    commands: 0,
    durationMs: 0,
  };
}

/** The hosts of this run that `host` must wait for (its modules' runsAfter), itself left out. */
function hostsBefore(host: ResolvedHost, modules: readonly Module[], selected: ReadonlySet<string>): string[] {
  const names = modules.flatMap((module) => module.runsAfter?.(host.settings[module.name] ?? {}) ?? []);
  return [...new Set(names)].filter((name) => name !== host.name && selected.has(name));
}

/** Runs every host through p-queue, at most `forks` at once; one host's failure never stops another. */
export async function runHosts(options: RunHostsOptions): Promise<RunSummary> {
  const runId = options.runId ?? randomUUID();
  const startedAt = new Date();
  const queue = new PQueue({ concurrency: Math.max(1, options.forks) });
  const handshakes = new PQueue({ concurrency: MAX_HANDSHAKES });
  const results = new Map<string, HostResult>();
  // Peers as this run has them: --profile and --modules change the module lists of the run's hosts.
  const asRun = new Map([...options.inventoryHosts.values(), ...options.hosts].map((h) => [h.name, h]));
  const peers: ReadonlyMap<string, PeerHost> = new Map([...asRun.values()].map((h) => [h.name, { address: h.connection.address, modules: h.modules, settings: h.settings, ...(h.connection.jump !== undefined && { jump: h.connection.jump }) }]));
  const selected = new Set(options.hosts.map((h) => h.name));
  const done = new Map<string, Promise<void>>();

  const run = async (host: ResolvedHost, modules: readonly Module[], before: readonly string[]): Promise<void> => {
    // Hosts it runs after first (the inventory refuses cycles); waiting holds no queue slot.
    if (before.length > 0) options.listener({ type: 'host-phase', host: host.name, phase: `waiting for ${before.join(', ')}` });
    await Promise.all(before.map((name) => done.get(name)));
    const failed = before.find((name) => results.get(name)?.status !== 'ok');
    if (failed !== undefined) {
      const status = results.get(failed)?.status;
      if (status === undefined || status === 'interrupted') return; // reported as not started
      const result = blockedBy(host, failed, status);
      results.set(host.name, result);
      options.listener({ type: 'host-end', host: host.name, result });
      return;
    }
    await queue.add(async () => {
      if (options.stopStarting.aborted) return; // reported as not started
      const result = await runHost({
        host,
        modules,
        peers,
        mode: options.mode,
        runId,
        diffs: options.diffs ?? options.mode === 'plan',
        phanesVersion: options.phanesVersion,
        connect: options.connector?.(host) ?? connectorFor(host, options, handshakes),
        emit: options.listener,
        stopStarting: options.stopStarting,
        kill: options.kill,
      });
      results.set(host.name, result);
    });
  };

  for (const host of options.hosts) {
    const modules = host.modules.map((name) => {
      const module = options.catalog.modules.get(name);
      if (!module) throw new Error(`host ${host.name}: module ${name} is not in the catalog`);
      return module;
    });
    // A plan changes nothing, so it needs no order.
    const before = options.mode === 'apply' ? hostsBefore(host, modules, selected) : [];
    done.set(host.name, Promise.resolve().then(() => run(host, modules, before)));
  }
  await Promise.all(done.values());

  return {
    runId,
    mode: options.mode,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    interrupted: options.stopStarting.aborted,
    hosts: options.hosts.map((host) => results.get(host.name) ?? notStarted(host)),
  };
}
