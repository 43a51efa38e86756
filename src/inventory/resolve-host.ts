import { inventorySchema, type RawDefaults, type RawGroup, type RawHost } from '../../schemas/inventory.js';
import type { Catalog, Profile } from '../engine/catalog.js';
import type { Secret } from '../shell/secret.js';
import { describeSchemaError } from './describe-schema-error.js';
import type { DocumentPath, PathSegment } from './document-path.js';
import { mergeSettings } from './merge-settings.js';
import { nearestName, suggestionHint } from './nearest-name.js';
import type { NodeLocator, ProblemText } from './node-locator.js';
import { orderModules } from './order-modules.js';
import type { ConnectionSettings, InventoryProblem, InventoryWarning, ResolvedHost } from './resolved-host.js';
import { resolveSecretReference, resolveUserPath, type SecretSources } from './secret-reference.js';
import { checkModuleSettings } from './settings-validator.js';

/** One source of a host's settings: defaults, one of its groups, or the host itself, least specific first. */
export interface Level {
  readonly path: DocumentPath;
  readonly value: RawDefaults | RawGroup | RawHost;
}

/** What resolving hosts needs from the loaded document; problems and warnings are appended here. */
export interface ResolveContext {
  readonly catalog: Catalog;
  readonly locator: NodeLocator;
  readonly profiles: ReadonlyMap<string, Profile>;
  readonly brokenProfiles: ReadonlySet<string>;
  readonly secrets: SecretSources;
  readonly rawHosts: Readonly<Record<string, RawHost | null>>;
  readonly problems: InventoryProblem[];
  readonly warnings: InventoryWarning[];
}

/** Where a host's module list came from: shown as `moduleSource`, and the node its problems point at. */
export interface ModuleList {
  readonly modules: readonly string[];
  readonly source: string;
  readonly origin: DocumentPath;
}

/** A resolved host, with where its jump setting was written (for the jump loop check). */
export interface HostResolution {
  readonly host: ResolvedHost;
  readonly jumpOrigin?: DocumentPath;
}

const connectionSchema = inventorySchema.properties.defaults.properties;
const DEFAULT_HOST_KEY_POLICY = connectionSchema.host_key_policy.default;
const DEFAULT_CONNECT_TIMEOUT = connectionSchema.connect_timeout.default;
const DEFAULT_COMMAND_TIMEOUT = connectionSchema.command_timeout.default;

/** `[user@]host[:port]`, host possibly a bracketed IPv6 address. */
const JUMP_ADDRESS = /^(?:[^@\s:[\]]+@)?(?:\[[0-9A-Fa-f:.]+\]|[^@\s:[\]]+)(?::(\d{1,5}))?$/;

/** Keys an SSH connection uses and a local one ignores. */
const SSH_ONLY_KEYS = ['address', 'user', 'port', 'identity_file', 'host_key_policy', 'connect_timeout', 'jump'] as const;

type LevelKey = keyof RawDefaults;

/** What each key of a level holds when it is set. */
type LevelValues = { [K in LevelKey]-?: Exclude<RawDefaults[K], undefined> };

/** The most specific level that sets `key` (null counts as set: it clears a less specific value). */
function pick<K extends LevelKey>(levels: readonly Level[], key: K): { value: LevelValues[K]; path: DocumentPath } | undefined {
  for (let i = levels.length - 1; i >= 0; i--) {
    const level = levels[i] as Level;
    const value: unknown = (level.value as RawDefaults)[key];
    const path: PathSegment[] = [...level.path, key];
    if (value !== undefined) return { value: value as LevelValues[K], path };
  }
  return undefined;
}

function describeLevel(path: DocumentPath): string {
  if (path[0] === 'defaults') return 'defaults';
  return `${path[0] === 'groups' ? 'group' : 'host'} ${String(path[1])}`;
}

/** Resolves one host: connection, module list in run order, validated settings with Secrets. */
export function resolveHost(ctx: ResolveContext, name: string, groups: readonly string[], levels: readonly Level[]): HostResolution | undefined {
  const connection = resolveConnection(ctx, name, levels);
  const list = resolveModuleList(ctx, name, levels);
  if (list === undefined) return undefined;
  const resolved = resolveModules(ctx, name, levels, list);
  if (resolved === undefined) return undefined;
  const host: ResolvedHost = { name, groups, connection: connection.settings, ...resolved, moduleSource: list.source };
  return connection.jumpOrigin === undefined ? { host } : { host, jumpOrigin: connection.jumpOrigin };
}

/** Orders a module list and validates every module's settings for the host; undefined after a problem. */
export function resolveModules(
  ctx: ResolveContext,
  name: string,
  levels: readonly Level[],
  list: ModuleList,
): { modules: string[]; settings: Record<string, Record<string, unknown>> } | undefined {
  const order = orderModules(list.modules, ctx.catalog);
  if (!order.ok) {
    ctx.problems.push(ctx.locator.problem(list.origin, order));
    return undefined;
  }
  const settings = resolveSettings(ctx, name, levels, order.modules);
  return settings === undefined ? undefined : { modules: order.modules, settings };
}

function resolveConnection(ctx: ResolveContext, name: string, levels: readonly Level[]): { settings: ConnectionSettings; jumpOrigin?: DocumentPath } {
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
  const jump = resolveJump(ctx, name, levels);
  const settings: ConnectionSettings = {
    kind: 'ssh',
    ...common,
    ...(user === undefined ? {} : { user: user.value }),
    ...(port === undefined ? {} : { port: port.value }),
    ...(identity === undefined ? {} : { identityFile: resolveUserPath(identity.value, ctx.secrets) }),
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

/** The module list of the most specific level that sets a profile or modules; undefined after a problem. */
export function resolveModuleList(ctx: ResolveContext, name: string, levels: readonly Level[]): ModuleList | undefined {
  for (let i = levels.length - 1; i >= 0; i--) {
    const level = levels[i] as Level;
    const { profile, modules } = level.value as RawDefaults;
    // Both set, unknown names: already reported while checking references; nothing more to say here.
    if (profile !== undefined && modules !== undefined) return undefined;
    if (modules !== undefined) {
      const known = modules.filter((module) => ctx.catalog.modules.has(module));
      if (known.length !== modules.length) return undefined;
      return { modules: known, source: `modules of ${describeLevel(level.path)}`, origin: [...level.path, 'modules'] };
    }
    if (profile !== undefined) {
      const found = ctx.profiles.get(profile);
      if (found === undefined || ctx.brokenProfiles.has(profile)) return undefined;
      return { modules: found.modules, source: `profile ${profile}`, origin: [...level.path, 'profile'] };
    }
  }
  const text = { message: 'the host has neither modules nor a profile', hint: 'set modules: [...] or profile: NAME on the host, one of its groups or defaults' };
  ctx.problems.push(ctx.locator.problem(['hosts', name], text, { key: true }));
  return undefined;
}

/**
 * Places a problem in a module's settings: at the most specific level that has the deepest part of the
 * path (the value that won the merge), else at the host's name.
 */
function settingsProblem(ctx: ResolveContext, name: string, levels: readonly Level[], module: string, path: readonly PathSegment[], text: ProblemText, atKey = false): InventoryProblem {
  let best: { depth: number; full: PathSegment[] } = { depth: 0, full: [] };
  for (let i = levels.length - 1; i >= 0; i--) {
    const level = levels[i] as Level;
    const full = [...level.path, 'vars', module, ...path];
    const depth = ctx.locator.depth(full) - level.path.length;
    if (depth > best.depth) best = { depth, full };
  }
  if (best.depth === 0) return ctx.locator.problem(['hosts', name], text, { key: true });
  return ctx.locator.problem(best.full, text, { key: atKey });
}

function resolveSettings(ctx: ResolveContext, name: string, levels: readonly Level[], modules: readonly string[]): Record<string, Record<string, unknown>> | undefined {
  const all: Record<string, Record<string, unknown>> = {};
  let ok = true;
  for (const moduleName of modules) {
    const module = ctx.catalog.modules.get(moduleName);
    if (module === undefined) continue;
    const settings = mergeSettings(levels.map((level) => level.value.vars?.[moduleName]));
    const check = checkModuleSettings(module, settings);
    for (const error of check.errors) {
      const text = describeSchemaError(error, settings, 'setting');
      const message = error.keyword === 'required' ? `${text.message} of module "${moduleName}"` : text.message;
      ctx.problems.push(settingsProblem(ctx, name, levels, moduleName, text.path, { message, hint: text.hint }, text.atKey));
      ok = false;
    }
    if (check.errors.length > 0) continue;
    for (const path of check.secretPaths) {
      const resolved = resolveSecretReference(String(getAt(settings, path)), ctx.secrets);
      if ('problem' in resolved) {
        ctx.problems.push(settingsProblem(ctx, name, levels, moduleName, path, resolved.problem));
        ok = false;
        continue;
      }
      if (resolved.warning !== undefined) ctx.warnings.push(settingsProblem(ctx, name, levels, moduleName, path, resolved.warning));
      setAt(settings, path, resolved.secret);
    }
    all[moduleName] = settings;
  }
  return ok ? all : undefined;
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

function getAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const segment of path) node = (node as Record<PathSegment, unknown> | undefined)?.[segment];
  return node;
}

function setAt(root: unknown, path: readonly PathSegment[], value: unknown): void {
  const parent = getAt(root, path.slice(0, -1)) as Record<PathSegment, unknown>;
  const last = path[path.length - 1];
  if (last !== undefined) parent[last] = value;
}
