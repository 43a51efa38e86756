import { existsSync } from 'node:fs';
import { homedir, hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import type { ConnectionSettings, ResolvedHost } from '../inventory/resolved-host.js';
import { ConnectionError } from './connection.js';
import { parseJumpHop, type JumpHop } from './jump-spec.js';
import { diskFiles } from './ssh-config-files.js';
import { resolveSshConfig, SshConfigError, type SshConfigContext, type SshConfigSource, type SshHostOptions } from './ssh-config.js';
import type { SshEndpoint } from './ssh-connection.js';

/** Where keys, known hosts and ~/.ssh/config are looked for. */
export interface SshEnvironment {
  readonly home: string;
  /** ~/.ssh/known_hosts, used when the inventory names no other. */
  readonly knownHostsFile: string;
  /** --known-hosts: wins over the inventory. */
  readonly knownHostsOverride?: string;
  /** ~/.ssh/config (or --ssh-config) when it exists. */
  readonly sshConfig: SshConfigSource | null;
  /** Local user, home and environment for Match and tokens. */
  readonly context: SshConfigContext;
  /** Every config warning met so far in this run, each once (`FILE:LINE: ...`). */
  readonly warnings: Set<string>;
  /** The first reason ssh would refuse the whole config, when met. */
  refusal?: string;
}

const MAX_JUMPS = 8;
const SYSTEM_CONFIG = '/etc/ssh/ssh_config';

/** The user's SSH environment: ~/.ssh/known_hosts (or the given file) and ~/.ssh/config when present. */
export function sshEnvironment(
  options: { knownHostsFile?: string | undefined; sshConfigFile?: string | undefined; home?: string; /** Default /etc/ssh/ssh_config; null: none. */ systemConfigFile?: string | null } = {},
): SshEnvironment {
  const home = options.home ?? homedir();
  const configFile = options.sshConfigFile ?? join(home, '.ssh', 'config');
  let localUser = 'root';
  try {
    localUser = userInfo().username;
  } catch {
    // No passwd entry (some containers): ssh would refuse to run; Phanes uses root as the name.
  }
  const uid = process.getuid?.();
  return {
    home,
    knownHostsFile: join(home, '.ssh', 'known_hosts'),
    ...(options.knownHostsFile && { knownHostsOverride: options.knownHostsFile }),
    // ssh checks the owner and mode of ~/.ssh/config, not of a file given with -F.
    sshConfig: configSource(configFile, options.sshConfigFile === undefined ? (options.systemConfigFile === undefined ? SYSTEM_CONFIG : options.systemConfigFile) : null, uid),
    context: { home, localUser, defaultUser: 'root', ...(uid !== undefined && { uid }), localHostName: hostname(), env: process.env },
    warnings: new Set(),
  };
}

/**
 * ~/.ssh/config then /etc/ssh/ssh_config, as plain `ssh` reads them (its owner and mode checked), or only
 * the file given with --ssh-config, as `ssh -F FILE` reads it. Null when there is nothing to read.
 */
function configSource(configFile: string, systemFile: string | null, uid: number | undefined): SshConfigSource | null {
  const isDefault = systemFile !== null;
  const system = systemFile !== null && existsSync(systemFile) ? systemFile : undefined;
  if (!existsSync(configFile) && system === undefined) return null;
  return { file: configFile, files: diskFiles(uid), checkPermissions: isDefault, ...(system !== undefined && { systemFile: system }) };
}

/**
 * What ~/.ssh/config says for `address` with the inventory's user and port winning (as `ssh -l -p` would).
 * A config ssh refuses, or a host that depends on what Phanes never does (Match exec, ProxyCommand, DNS),
 * stops this host with the config's own one-line reason.
 */
export function configFor(env: SshEnvironment, label: string, address: string, overrides: { user?: string | undefined; port?: number | undefined }): SshHostOptions {
  try {
    const resolved = resolveSshConfig(env.sshConfig, address, env.context, overrides);
    for (const warning of resolved.warnings) env.warnings.add(warning);
    return resolved;
  } catch (error) {
    if (!(error instanceof SshConfigError)) throw error;
    if (error.scope === 'config') env.refusal ??= error.message;
    const hint = error.scope === 'config' ? 'ssh refuses this config too; fix that line' : 'change that line, or set this host\'s values in the inventory';
    throw new ConnectionError('unreachable', `${label}: ${error.message}`, hint);
  }
}

/** Reads an inventory `jump` written as `[user@]host[:port]` or `ssh://[user@]host[:port]`. */
function parseJumpSetting(spec: string): JumpHop {
  const hop = parseJumpHop(spec);
  if (hop === undefined) throw new ConnectionError('unreachable', `cannot read the jump host "${spec}"`, 'write it as [user@]host[:port] or name an inventory host');
  return hop;
}

type JumpSettings = Pick<ConnectionSettings, 'address' | 'port' | 'user' | 'identityFile' | 'knownHostsFile' | 'jump' | 'hostKeyPolicy' | 'connectTimeout'>;

/**
 * Turns a host's connection settings into an SSH endpoint: the inventory wins, then ~/.ssh/config (Host,
 * Match, Include, HostName, User, Port, IdentityFile, ProxyJump), then defaults (port 22, user root, ssh's
 * default key files). A jump names another inventory host or is `[user@]host[:port]`; a config's ProxyJump
 * list `a,b` goes through a, then b. `via`, when given, is the hop before this one and replaces its jumps.
 */
export function resolveEndpoint(
  label: string,
  settings: JumpSettings,
  env: SshEnvironment,
  inventoryHosts: ReadonlyMap<string, ResolvedHost>,
  depth = 0,
  via?: SshEndpoint,
): SshEndpoint {
  if (depth > MAX_JUMPS) throw new ConnectionError('unreachable', `${label}: more than ${MAX_JUMPS} jump hosts (a loop?)`, 'check the jump settings of these hosts');
  const fromConfig = configFor(env, label, settings.address, { user: settings.user, port: settings.port });
  const identityFiles = settings.identityFile ? [settings.identityFile] : fromConfig.identityFiles;

  let jump = via;
  if (jump === undefined) {
    const hops: (JumpHop | string)[] = settings.jump !== undefined ? [settings.jump] : [...(fromConfig.proxyJump ?? [])];
    for (const hop of hops) jump = hopEndpoint(hop, settings, env, inventoryHosts, depth + 1, jump);
  }

  return {
    label,
    host: fromConfig.hostName,
    port: settings.port ?? fromConfig.port ?? 22,
    user: settings.user ?? fromConfig.user ?? 'root',
    identityFiles,
    knownHostsFile: env.knownHostsOverride ?? settings.knownHostsFile ?? env.knownHostsFile,
    hostKeyPolicy: settings.hostKeyPolicy,
    connectTimeoutMs: settings.connectTimeout * 1000,
    ...(jump && { jump }),
  };
}

/** One jump host: an inventory host by name, else an address with its own config; `previous` is reached first. */
function hopEndpoint(hop: JumpHop | string, settings: JumpSettings, env: SshEnvironment, inventoryHosts: ReadonlyMap<string, ResolvedHost>, depth: number, previous: SshEndpoint | undefined): SshEndpoint {
  const written = typeof hop === 'string' ? hop : hop.user === undefined && hop.port === undefined ? hop.host : undefined;
  const viaInventory = written === undefined ? undefined : inventoryHosts.get(written);
  if (viaInventory && written !== undefined) return resolveEndpoint(written, viaInventory.connection, env, inventoryHosts, depth, previous);
  const spec = typeof hop === 'string' ? parseJumpSetting(hop) : hop;
  const name = typeof hop === 'string' ? hop : `${spec.user === undefined ? '' : `${spec.user}@`}${spec.host}${spec.port === undefined ? '' : `:${spec.port}`}`;
  return resolveEndpoint(
    name,
    {
      address: spec.host,
      ...(spec.user !== undefined && { user: spec.user }),
      ...(spec.port !== undefined && { port: spec.port }),
      hostKeyPolicy: settings.hostKeyPolicy,
      connectTimeout: settings.connectTimeout,
      ...(settings.knownHostsFile && { knownHostsFile: settings.knownHostsFile }),
    },
    env,
    inventoryHosts,
    depth,
    previous,
  );
}

/**
 * Resolves every SSH host of a run (and its jump hosts) once before it starts, so that the config's
 * warnings can be shown once, first, and a config ssh would refuse whole stops the run with its reason.
 * Problems of single hosts are left for the run, which reports them per host.
 */
export function checkSshConfig(env: SshEnvironment, hosts: readonly ResolvedHost[], inventoryHosts: ReadonlyMap<string, ResolvedHost>): { warnings: string[]; refusal?: string } {
  for (const host of hosts) {
    if (host.connection.kind === 'local') continue;
    try {
      resolveEndpoint(host.name, host.connection, env, inventoryHosts);
    } catch (error) {
      if (!(error instanceof ConnectionError)) throw error;
    }
  }
  return { warnings: [...env.warnings], ...(env.refusal !== undefined && { refusal: env.refusal }) };
}
