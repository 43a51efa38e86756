import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionSettings, ResolvedHost } from '../inventory/resolved-host.js';
import { ConnectionError } from './connection.js';
import { parseSshConfig, resolveSshConfig, type SshConfig } from './ssh-config.js';
import type { SshEndpoint } from './ssh-connection.js';

/** Where keys, known hosts and ~/.ssh/config are looked for. */
export interface SshEnvironment {
  readonly home: string;
  /** ~/.ssh/known_hosts, used when the inventory names no other. */
  readonly knownHostsFile: string;
  /** --known-hosts: wins over the inventory. */
  readonly knownHostsOverride?: string;
  readonly sshConfig: SshConfig | null;
}

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];
const MAX_JUMPS = 8;

/** The user's SSH environment: ~/.ssh/known_hosts (or the given file) and ~/.ssh/config when present. */
export function sshEnvironment(options: { knownHostsFile?: string | undefined; sshConfigFile?: string | undefined; home?: string } = {}): SshEnvironment {
  const home = options.home ?? homedir();
  const configFile = options.sshConfigFile ?? join(home, '.ssh', 'config');
  let text: string | undefined;
  try {
    text = readFileSync(configFile, 'utf8');
  } catch {
    text = undefined;
  }
  return {
    home,
    knownHostsFile: join(home, '.ssh', 'known_hosts'),
    ...(options.knownHostsFile && { knownHostsOverride: options.knownHostsFile }),
    sshConfig: text === undefined ? null : parseSshConfig(text, configFile),
  };
}

/** Parses `[user@]host[:port]` (IPv6 as `[addr]:port`). */
function parseJumpSpec(spec: string): { user?: string; host: string; port?: number } {
  const match = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(spec);
  if (!match?.[2]) throw new ConnectionError('unreachable', `cannot read the jump host "${spec}"`, 'write it as [user@]host[:port] or name an inventory host');
  return { ...(match[1] && { user: match[1] }), host: match[2].replace(/^\[|\]$/g, ''), ...(match[3] && { port: Number(match[3]) }) };
}

/**
 * Turns a host's connection settings into an SSH endpoint: the inventory wins, then ~/.ssh/config (Host,
 * HostName, User, Port, IdentityFile, ProxyJump), then defaults (port 22, user root, ~/.ssh/id_*).
 * A jump names another inventory host or is `[user@]host[:port]`.
 */
export function resolveEndpoint(
  label: string,
  settings: Pick<ConnectionSettings, 'address' | 'port' | 'user' | 'identityFile' | 'knownHostsFile' | 'jump' | 'hostKeyPolicy' | 'connectTimeout'>,
  env: SshEnvironment,
  inventoryHosts: ReadonlyMap<string, ResolvedHost>,
  depth = 0,
): SshEndpoint {
  if (depth > MAX_JUMPS) throw new ConnectionError('unreachable', `${label}: more than ${MAX_JUMPS} jump hosts (a loop?)`, 'check the jump settings of these hosts');
  const fromConfig = env.sshConfig ? resolveSshConfig(env.sshConfig, settings.address, { home: env.home, defaultUser: settings.user ?? 'root' }) : { identityFiles: [] as string[] };
  const identityFiles = settings.identityFile
    ? [settings.identityFile]
    : fromConfig.identityFiles.length > 0
      ? fromConfig.identityFiles
      : DEFAULT_KEYS.map((key) => join(env.home, '.ssh', key));

  const jumpSpec = settings.jump ?? fromConfig.proxyJump?.split(',')[0];
  let jump: SshEndpoint | undefined;
  if (jumpSpec) {
    const viaInventory = inventoryHosts.get(jumpSpec);
    if (viaInventory) {
      jump = resolveEndpoint(jumpSpec, viaInventory.connection, env, inventoryHosts, depth + 1);
    } else {
      const spec = parseJumpSpec(jumpSpec);
      jump = resolveEndpoint(
        jumpSpec,
        { ...spec, address: spec.host, hostKeyPolicy: settings.hostKeyPolicy, connectTimeout: settings.connectTimeout, ...(settings.knownHostsFile && { knownHostsFile: settings.knownHostsFile }) },
        env,
        inventoryHosts,
        depth + 1,
      );
    }
  }

  return {
    label,
    host: fromConfig.hostName ?? settings.address,
    port: settings.port ?? fromConfig.port ?? 22,
    user: settings.user ?? fromConfig.user ?? 'root',
    identityFiles,
    knownHostsFile: env.knownHostsOverride ?? settings.knownHostsFile ?? env.knownHostsFile,
    hostKeyPolicy: settings.hostKeyPolicy,
    connectTimeoutMs: settings.connectTimeout * 1000,
    ...(jump && { jump }),
  };
}
