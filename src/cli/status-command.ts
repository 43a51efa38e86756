import { resolve } from 'node:path';
import { builtInCatalog } from '../../modules/catalog.js';
import type { HostResult } from '../engine/results.js';
import { runHosts } from '../engine/run-hosts.js';
import { colorsFor, type Colors } from '../report/colors.js';
import { settingsHash } from '../state/host-record.js';
import { readLocalCache } from '../state/local-cache.js';
import { EXIT, exitCodeOf, type ExitCode } from './exit-codes.js';
import { CliError, loadTargets, type TargetArgs } from './load-targets.js';
import { sshEnvironmentChecked } from './ssh-environment.js';
import { PHANES_VERSION } from './version.js';

export interface StatusArgs extends TargetArgs {
  readonly host: string;
  readonly json: boolean;
  readonly offline: boolean;
  readonly detailedExitcode: boolean;
  readonly knownHosts?: string | undefined;
  readonly sshConfig?: string | undefined;
  readonly stateDir: string;
}

/** One line per module: what the host's record says, and whether a live plan finds drift. */
function renderStatus(result: HostResult, settings: Readonly<Record<string, unknown>>, c: Colors): string {
  const lines = [c.bold(`${result.host}`)];
  if (result.status === 'unreachable') return [...lines, c.red(`  unreachable: ${result.error?.message ?? ''}`)].join('\n') + '\n';
  const record = result.record;
  if (!record) lines.push(c.yellow('  no Phanes record on this host yet (never applied)'));
  else lines.push(c.dim(`  record: ${Object.keys(record.modules).length} modules, last change ${record.lastRun.at} by Phanes ${record.lastRun.phanesVersion} (run ${record.lastRun.runId.slice(0, 8)})`));
  for (const m of result.modules) {
    const entry = record?.modules[m.module];
    const recorded = entry ? `${entry.status} since ${entry.appliedAt}, settings ${entry.settingsHash}` : 'not applied';
    const settingsChanged = entry && entry.settingsHash !== settingsHash(settings[m.module] ?? {}) ? c.yellow(' (inventory settings changed since)') : '';
    const drift =
      m.status === 'converged'
        ? c.green('in sync')
        : m.status === 'pending'
          ? c.yellow(`drifted: ${m.steps.length} step${m.steps.length === 1 ? '' : 's'} would run (${m.steps.map((s) => s.title).join('; ')})`)
          : (m.status === 'not-applicable' ? c.dim : c.red)(`${m.status}${m.error ? `: ${m.error.split('\n')[0]}` : ''}`);
    lines.push(`  ${m.module.padEnd(12)} ${recorded}${settingsChanged}\n  ${' '.repeat(12)} ${drift}`);
  }
  return lines.join('\n') + '\n';
}

/** `phanes status HOST`: the host's record and a live drift check (or the local cache with --offline). */
export async function statusCommand(args: StatusArgs): Promise<ExitCode> {
  const c = colorsFor(process.stdout);
  if (args.offline) {
    const cache = readLocalCache(args.stateDir, resolve(args.inventory));
    const entry = cache?.hosts[args.host];
    if (!entry) throw new CliError(`no local record of ${args.host} for ${args.inventory} under ${args.stateDir}/ (apply first, or drop --offline)`, EXIT.usage);
    if (args.json) process.stdout.write(JSON.stringify({ version: PHANES_VERSION, host: args.host, ...entry }, null, 2) + '\n');
    else {
      process.stdout.write(`${c.bold(args.host)} (local cache, last apply ${entry.at}, run ${entry.runId.slice(0, 8)}: ${entry.status})\n`);
      for (const [module, status] of Object.entries(entry.modules)) process.stdout.write(`  ${module.padEnd(12)} ${status}\n`);
    }
    return EXIT.ok;
  }
  const targets = await loadTargets({ ...args, limit: [args.host] });
  const host = targets.hosts.find((h) => h.name === args.host);
  if (!host) throw new CliError(`${args.host} is not a host in ${args.inventory} (a group name selects several hosts; status takes one)`, EXIT.usage);
  const never = new AbortController().signal;
  const summary = await runHosts({
    mode: 'plan',
    hosts: [host],
    inventoryHosts: new Map(targets.inventory.hosts.map((h) => [h.name, h])),
    catalog: builtInCatalog,
    forks: 1,
    ssh: sshEnvironmentChecked(args, { ...targets, hosts: [host] }),
    phanesVersion: PHANES_VERSION,
    listener: () => {},
    stopStarting: never,
    kill: never,
  });
  const result = summary.hosts[0]!;
  if (args.json) process.stdout.write(JSON.stringify({ version: PHANES_VERSION, ...result }, null, 2) + '\n');
  else process.stdout.write(renderStatus(result, host.settings, c));
  return exitCodeOf(summary, args.detailedExitcode);
}
