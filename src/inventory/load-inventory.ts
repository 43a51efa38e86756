import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { RawHost } from '../../schemas/inventory.js';
import type { Catalog } from '../engine/catalog.js';
import { checkReferences } from './check-references.js';
import { runOrderProblems } from './check-run-order.js';
import { formatPath, type DocumentPath } from './document-path.js';
import { rememberContext } from './inventory-context.js';
import { InventoryError, sortProblems } from './inventory-error.js';
import type { Inventory, LoadInventoryOptions } from './inventory.js';
import { parseInventoryYaml } from './parse-inventory-yaml.js';
import { readInventoryFile } from './read-inventory-file.js';
import type { Level, ResolveContext } from './resolve-context.js';
import { resolveHost } from './resolve-host.js';
import { resolveProfiles } from './resolve-profiles.js';
import type { InventoryProblem, InventoryWarning, ResolvedHost } from './resolved-host.js';
import { applyTerraformSection } from './terraform/terraform-section.js';
import { validateDocument } from './validate-document.js';

/**
 * Reads, validates and resolves an inventory file against the catalog's modules and profiles. Every
 * problem of the file is collected first; if there is any, throws one InventoryError listing them all.
 */
export async function loadInventory(file: string, catalog: Catalog, options: LoadInventoryOptions = {}): Promise<Inventory> {
  return loadInventoryText(await readInventoryFile(file), file, catalog, options);
}

/** `loadInventory` of text not (yet) on disk, e.g. an inventory being edited: the same checks, the same messages. */
export function loadInventoryText(text: string, file: string, catalog: Catalog, options: LoadInventoryOptions = {}): Inventory {
  const parsed = parseInventoryYaml(text, file);
  if (parsed.data === undefined) throw new InventoryError(parsed.problems);
  const { locator } = parsed;
  const absolute = resolve(file);
  const home = options.home ?? homedir();
  const env = options.env ?? process.env;
  // Before validation: Terraform's hosts are validated as if the file listed them.
  const terraform = applyTerraformSection(parsed.data, locator, { dir: dirname(absolute), home, env });
  // Without Terraform's hosts, the rest of the file would only add noise ("hosts is required").
  if (terraform.problems.length > 0) throw new InventoryError([...parsed.problems, ...terraform.problems]);
  const check = validateDocument(parsed.data, locator);
  const problems: InventoryProblem[] = [...parsed.problems, ...terraform.problems, ...check.problems];
  const warnings: InventoryWarning[] = [...parsed.warnings];
  const raw = check.inventory;
  if (raw === undefined) throw new InventoryError(problems);

  const doubtful = (section: string, name: string): boolean => check.taint.all || check.taint.levels.has(formatPath([section, name]));
  const doubtfulProfiles = new Set(Object.keys((parsed.data as { profiles?: object } | null)?.profiles ?? {}).filter((name) => doubtful('profiles', name)));
  const { profiles, broken } = resolveProfiles(raw.profiles, catalog, locator, problems);

  const groups = Object.entries(raw.groups ?? {}).map(([name, body]) => ({ name, body: body ?? {} }));
  const hosts = Object.entries(raw.hosts).map(([name, body]) => ({ name, body: body ?? {} }));
  const defaults: Level[] = raw.defaults === undefined || raw.defaults === null ? [] : [{ path: ['defaults'], value: raw.defaults }];
  const groupLevels: Level[] = groups.map(({ name, body }) => ({ path: ['groups', name], value: body }));
  const hostLevels: Level[] = hosts.map(({ name, body }) => ({ path: ['hosts', name], value: body }));
  checkReferences({ raw, catalog, locator, profiles, doubtfulProfiles, levels: [...defaults, ...groupLevels, ...hostLevels] }, problems);

  const context: Omit<ResolveContext, 'problems' | 'warnings'> = {
    catalog,
    locator,
    profiles,
    brokenProfiles: new Set([...broken, ...doubtfulProfiles]),
    secrets: { dir: dirname(absolute), env, home, files: new Map(), ...(terraform.outputs !== undefined && { terraform: terraform.outputs }) },
    rawHosts: Object.fromEntries(hosts.map(({ name, body }) => [name, body])) as Record<string, RawHost>,
  };
  const ctx: ResolveContext = { ...context, problems, warnings };

  const levelsByHost = new Map<string, Level[]>();
  const resolved = new Map<string, ResolvedHost>();
  const jumps = new Map<string, { target: string; origin: DocumentPath }>();
  for (const [i, { name }] of hosts.entries()) {
    const memberOf = groups.filter(({ body }) => body.hosts?.includes(name) === true);
    const levels = [...defaults, ...memberOf.map((group) => groupLevels[groups.indexOf(group)] as Level), hostLevels[i] as Level];
    levelsByHost.set(name, levels);
    if (doubtful('hosts', name) || memberOf.some((group) => doubtful('groups', group.name))) continue;
    const result = resolveHost(ctx, name, memberOf.map((group) => group.name), levels);
    if (result === undefined) continue;
    resolved.set(name, result.host);
    const target = result.host.connection.jump;
    if (result.jumpOrigin !== undefined && target !== undefined && Object.hasOwn(raw.hosts, target)) {
      jumps.set(name, { target, origin: result.jumpOrigin });
    }
  }
  checkJumpLoops(jumps, ctx);
  for (const problem of runOrderProblems([...resolved.values()], catalog, new Set(hosts.map((h) => h.name)))) {
    ctx.problems.push(ctx.locator.problem(['hosts', problem.host], problem, { key: true }));
  }
  warnUnusedSettings([...defaults, ...groupLevels, ...hostLevels], levelsByHost, resolved, ctx);

  if (problems.length > 0) throw new InventoryError(problems);
  const inventory: Inventory = {
    file: absolute,
    hosts: hosts.map(({ name }) => resolved.get(name) as ResolvedHost),
    groups: Object.fromEntries(groups.map(({ name, body }) => [name, [...(body.hosts ?? [])]])),
    profiles,
    warnings: sortProblems(warnings),
  };
  rememberContext(inventory, { resolve: context, levels: levelsByHost });
  return inventory;
}

/** A host that jumps through hosts leading back to itself could never connect; each loop is told once. */
function checkJumpLoops(jumps: ReadonlyMap<string, { target: string; origin: DocumentPath }>, ctx: ResolveContext): void {
  const inLoop = new Set<string>();
  for (const [start, { origin }] of jumps) {
    if (inLoop.has(start)) continue;
    const chain = [start];
    let next = jumps.get(start)?.target;
    while (next !== undefined && !chain.includes(next)) {
      chain.push(next);
      next = jumps.get(next)?.target;
    }
    if (next !== start) continue;
    chain.forEach((name) => inLoop.add(name));
    const text = { message: `jump hosts form a loop: ${[...chain, start].join(' -> ')}`, hint: 'let one of them connect directly with jump: null' };
    ctx.problems.push(ctx.locator.problem(origin, text));
  }
}

/** Settings no host they apply to will use are likely a typo in a module list: warn, do not fail. */
function warnUnusedSettings(
  levels: readonly Level[],
  levelsByHost: ReadonlyMap<string, readonly Level[]>,
  resolved: ReadonlyMap<string, ResolvedHost>,
  ctx: ResolveContext,
): void {
  for (const level of levels) {
    const reached = [...levelsByHost].filter(([, hostLevels]) => hostLevels.includes(level)).map(([name]) => name);
    const hosts = reached.map((name) => resolved.get(name));
    if (hosts.length === 0 || hosts.some((host) => host === undefined)) continue;
    for (const module of Object.keys(level.value.vars ?? {})) {
      if (!ctx.catalog.modules.has(module) || hosts.some((host) => host?.modules.includes(module))) continue;
      const who = level.path[0] === 'defaults' ? 'no host runs it' : level.path[0] === 'groups' ? `no host of group ${String(level.path[1])} runs it` : 'this host does not run it';
      const text = { message: `settings for module "${module}" are not used: ${who}`, hint: `add ${module} to the modules or the profile, or remove these settings` };
      ctx.warnings.push(ctx.locator.problem([...level.path, 'vars', module], text, { key: true }));
    }
  }
}
