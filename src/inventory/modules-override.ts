import { contextOf } from './inventory-context.js';
import { InventoryError, sortProblems } from './inventory-error.js';
import type { Inventory } from './inventory.js';
import { suggestionHint } from './nearest-name.js';
import { orderModules } from './order-modules.js';
import type { ResolveContext } from './resolve-context.js';
import { resolveModules } from './resolve-host.js';
import type { InventoryProblem, InventoryWarning, ResolvedHost } from './resolved-host.js';
import { SelectionError, selectionProblem, type SelectionProblem } from './selection-error.js';

/** A module list from the command line that replaces the hosts' own. */
export interface ModulesOverride {
  /** `--profile NAME`: a built-in or inventory profile. */
  readonly profile?: string | undefined;
  /** `--modules a,b`: module names (commas also separate); after the profile's modules when both are given. */
  readonly modules?: readonly string[] | undefined;
}

/** The hosts with their module lists replaced, and the inventory's warnings with any the new modules add. */
export interface OverrideResult {
  readonly hosts: ResolvedHost[];
  readonly warnings: InventoryWarning[];
}

/**
 * Applies `--profile` / `--modules` over the hosts' own module lists: same requirement ordering, and every
 * module's settings validated for each host as at load time. Unknown names throw SelectionError (with
 * the nearest name); settings problems throw InventoryError, placed in the inventory file.
 */
export function resolveModulesOverride(inventory: Inventory, hosts: readonly ResolvedHost[], override: ModulesOverride): OverrideResult {
  const names = (override.modules ?? []).flatMap((entry) => entry.split(',')).map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (override.profile === undefined && names.length === 0) return { hosts: [...hosts], warnings: [...inventory.warnings] };
  const context = contextOf(inventory);
  const { catalog } = context.resolve;
  const selection: SelectionProblem[] = [];
  const profile = override.profile === undefined ? undefined : inventory.profiles.get(override.profile);
  if (override.profile !== undefined && profile === undefined) {
    const known = [...inventory.profiles.keys()];
    selection.push(selectionProblem('--profile', override.profile, 'unknown profile', suggestionHint(override.profile, known, `profiles: ${known.join(', ')}`)));
  }
  for (const name of names) {
    if (catalog.modules.has(name)) continue;
    selection.push(selectionProblem('--modules', name, 'unknown module', suggestionHint(name, catalog.modules.keys(), 'run `phanes list` to see the modules')));
  }
  if (selection.length > 0) throw new SelectionError(selection);

  const list = [...new Set([...(profile?.modules ?? []), ...names])];
  const source = [override.profile === undefined ? '' : `--profile ${override.profile}`, names.length === 0 ? '' : `--modules ${names.join(',')}`].filter((part) => part !== '').join(' ');
  const order = orderModules(list, catalog);
  if (!order.ok) {
    const option = names.length > 0 ? '--modules' : '--profile';
    throw new SelectionError([selectionProblem(option, option === '--modules' ? names.join(',') : (override.profile ?? ''), order.message, order.hint)]);
  }

  const problems: InventoryProblem[] = [];
  const warnings: InventoryWarning[] = [...inventory.warnings];
  const ctx: ResolveContext = { ...context.resolve, problems, warnings };
  const result = hosts.map((host) => {
    const levels = context.levels.get(host.name);
    if (levels === undefined) throw new Error(`host ${host.name} is not in this inventory`);
    const resolved = resolveModules(ctx, host.name, levels, { modules: order.modules, source, origin: ['hosts', host.name] });
    return resolved === undefined ? host : { ...host, ...resolved, moduleSource: source };
  });
  if (problems.length > 0) throw new InventoryError(problems);
  return { hosts: result, warnings: sortProblems(warnings) };
}
