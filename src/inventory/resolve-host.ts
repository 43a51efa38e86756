import type { RawDefaults } from '../../schemas/inventory.js';
import type { DocumentPath } from './document-path.js';
import { orderModules } from './order-modules.js';
import { resolveConnection } from './resolve-connection.js';
import type { Level, ResolveContext } from './resolve-context.js';
import { resolveSettings } from './resolve-settings.js';
import type { ResolvedHost } from './resolved-host.js';

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

/** `defaults`, `group web` or `host web1`, for moduleSource. */
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
