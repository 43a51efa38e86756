import type { Catalog } from '../engine/catalog.js';

/** A module list in run order, or why there is none. */
export type ModuleOrder =
  | { readonly ok: true; readonly modules: string[] }
  | { readonly ok: false; readonly message: string; readonly hint: string };

/**
 * Keeps the given order and inserts each module's `requires` (recursively) just before it when they are
 * not already earlier in the list; a module listed twice runs once, at its first place.
 */
export function orderModules(list: readonly string[], catalog: Catalog): ModuleOrder {
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visiting: string[] = [];
  let failure: ModuleOrder | undefined;

  const visit = (name: string, requiredBy: string | undefined): void => {
    if (failure !== undefined || placed.has(name)) return;
    const loopStart = visiting.indexOf(name);
    if (loopStart >= 0) {
      const cycle = [...visiting.slice(loopStart), name].join(' -> ');
      failure = { ok: false, message: `module requirements form a cycle: ${cycle}`, hint: 'a module\'s requires must not lead back to it; fix the module definitions' };
      return;
    }
    const module = catalog.modules.get(name);
    if (module === undefined) {
      const message = requiredBy === undefined ? `unknown module "${name}"` : `module "${requiredBy}" requires "${name}", which is not a known module`;
      failure = { ok: false, message, hint: 'fix the module definitions' };
      return;
    }
    visiting.push(name);
    for (const required of module.requires) visit(required, name);
    visiting.pop();
    if (failure === undefined) {
      placed.add(name);
      ordered.push(name);
    }
  };

  for (const name of list) visit(name, undefined);
  return failure ?? { ok: true, modules: ordered };
}
