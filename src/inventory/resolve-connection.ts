import { inventorySchema } from '../../schemas/inventory.js';
import type { Secret } from '../shell/secret.js';
import type { DocumentPath } from './document-path.js';
import { nearestName, suggestionHint } from './nearest-name.js';
import { pick, type Level, type ResolveContext } from './resolve-context.js';
import type { ConnectionSettings } from './resolved-host.js';
import { resolveSecretReference, resolveUserPath } from './secret-reference.js';

const connectionSchema = inventorySchema.properties.defaults.properties;
const DEFAULT_HOST_KEY_POLICY = connectionSchema.host_key_policy.default;
const DEFAULT_CONNECT_TIMEOUT = connectionSchema.connect_timeout.default;
const DEFAULT_COMMAND_TIMEOUT = connectionSchema.command_timeout.default;

/** `[user@]host[:port]`, host possibly a bracketed IPv6 address. */
const JUMP_ADDRESS = /^(?:[^@\s:[\]]+@)?(?:\[[0-9A-Fa-f:.]+\]|[^@\s:[\]]+)(?::(\d{1,5}))?$/;

/** Keys an SSH connection uses and a local one ignores. */
const SSH_ONLY_KEYS = ['address', 'user', 'port', 'identity_file', 'known_hosts', 'host_key_policy', 'connect_timeout', 'jump'] as const;

/** How to reach the host; problems (a missing secret, a bad jump) go to the context. */
export function resolveConnection(ctx: ResolveContext, name: string, levels: readonly Level[]): { settings: ConnectionSettings; jumpOrigin?: DocumentPath } {
  const host = ctx.rawHosts[name] ?? {};
  const sudo = pick(levels, 'sudo_password');
  const sudoPassword = sudo === undefined ? undefined : resolveSecretAt(ctx, sudo.path, sudo.value);
  const common = {
    address: host.address ?? name,
    hostKeyPolicy: pick(levels, 'host_key_policy')?.value ?? DEFAULT_HOST_KEY_POLICY,
    connectTimeout: pick(levels, 'connect_timeout')?.value ?? DEFAULT_CONNECT_TIMEOUT,
    commandTimeout: pick(levels, 'command_timeout')?.value ?? DEFAULT_COMMAND_TIMEOUT,
    ...(sudoPassword === undefined ? {} : { sudoPassword }),
  };
  if (host.connection === 'local') {
    for (const key of SSH_ONLY_KEYS) {
      if (host[key] === undefined) continue;
      ctx.warnings.push(ctx.locator.problem(['hosts', name, key], { message: `${key} is ignored: this host runs locally`, hint: 'remove it, or set connection: ssh' }, { key: true }));
    }
    return { settings: { kind: 'local', ...common } };
  }
  const user = pick(levels, 'user');
  const port = pick(levels, 'port');
  const identity = pick(levels, 'identity_file');
  const knownHosts = pick(levels, 'known_hosts');
  const jump = resolveJump(ctx, name, levels);
  const settings: ConnectionSettings = {
    kind: 'ssh',
    ...common,
    ...(user === undefined ? {} : { user: user.value }),
    ...(port === undefined ? {} : { port: port.value }),
    ...(identity === undefined ? {} : { identityFile: resolveUserPath(identity.value, ctx.secrets) }),
    ...(knownHosts === undefined ? {} : { knownHostsFile: resolveUserPath(knownHosts.value, ctx.secrets) }),
    ...(jump === undefined ? {} : { jump: jump.value }),
  };
  return jump === undefined ? { settings } : { settings, jumpOrigin: jump.path };
}

/** The host's jump, checked: an SSH host of the inventory or `[user@]host[:port]`; never itself. */
function resolveJump(ctx: ResolveContext, name: string, levels: readonly Level[]): { value: string; path: DocumentPath } | undefined {
  const jump = pick(levels, 'jump');
  if (jump === undefined || jump.value === null || jump.value === name) return undefined;
  const value = jump.value;
  const hostNames = Object.keys(ctx.rawHosts);
  if (Object.hasOwn(ctx.rawHosts, value)) {
    if (ctx.rawHosts[value]?.connection === 'local') {
      ctx.problems.push(ctx.locator.problem(jump.path, { message: `jump host ${value} runs locally, so it cannot forward SSH`, hint: 'name an SSH host, or connect directly with jump: null' }));
      return undefined;
    }
    return { value, path: jump.path };
  }
  const match = JUMP_ADDRESS.exec(value);
  const port = match?.[1] === undefined ? undefined : Number(match[1]);
  if (match === null || (port !== undefined && (port < 1 || port > 65535))) {
    const hint = suggestionHint(value, hostNames, 'write an inventory host name or [user@]host[:port], port 1 to 65535');
    ctx.problems.push(ctx.locator.problem(jump.path, { message: 'jump is neither an inventory host nor [user@]host[:port]', hint }));
    return undefined;
  }
  const near = /[.:@]/.test(value) ? undefined : nearestName(value, hostNames);
  if (near !== undefined) {
    ctx.warnings.push(ctx.locator.problem(jump.path, { message: `jump "${value}" is not an inventory host, so it is used as an address`, hint: `did you mean "${near}"?` }));
  }
  return { value, path: jump.path };
}

function resolveSecretAt(ctx: ResolveContext, path: DocumentPath, text: string): Secret | undefined {
  const resolved = resolveSecretReference(text, ctx.secrets);
  if ('problem' in resolved) {
    ctx.problems.push(ctx.locator.problem(path, resolved.problem));
    return undefined;
  }
  if (resolved.warning !== undefined) ctx.warnings.push(ctx.locator.problem(path, resolved.warning));
  return resolved.secret;
}
