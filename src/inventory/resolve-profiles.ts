import type { RawInventory } from '../../schemas/inventory.js';
import type { Catalog, Profile } from '../engine/catalog.js';
import type { NodeLocator } from './node-locator.js';
import { suggestionHint } from './nearest-name.js';
import type { InventoryProblem } from './resolved-host.js';

/** Built-in profiles with the user's merged over them, and the user profiles that could not be built. */
export interface ProfileResolution {
  readonly profiles: Map<string, Profile>;
  readonly broken: Set<string>;
}

/** `unknown module "x"` with the nearest known name, shared by profiles and host lists. */
export function unknownModuleText(name: string, catalog: Catalog): { message: string; hint: string | undefined } {
  return { message: `unknown module "${name}"`, hint: suggestionHint(name, catalog.modules.keys(), 'run `phanes list` to see the modules') };
}

/** `unknown profile "x"` with the nearest known name. */
export function unknownProfileText(name: string, profiles: Iterable<string>): { message: string; hint: string | undefined } {
  const names = [...profiles];
  return { message: `unknown profile "${name}"`, hint: suggestionHint(name, names, `profiles: ${names.join(', ')}`) };
}

/**
 * Builds the user profiles: `extends` first (a profile naming itself extends the built-in one), then its
 * own modules, each once. Unknown names and extends loops are problems; such profiles are `broken`.
 */
export function resolveProfiles(
  raw: RawInventory['profiles'],
  catalog: Catalog,
  locator: NodeLocator,
  problems: InventoryProblem[],
): ProfileResolution {
  const user = raw ?? {};
  const profiles = new Map<string, Profile>(catalog.profiles);
  const broken = new Set<string>();
  const done = new Map<string, Profile>();
  const allNames = new Set([...catalog.profiles.keys(), ...Object.keys(user)]);

  const build = (name: string, chain: readonly string[]): Profile | undefined => {
    const known = done.get(name);
    if (known !== undefined || broken.has(name)) return known;
    const definition = user[name];
    if (definition === undefined) return catalog.profiles.get(name);
    const here = ['profiles', name] as const;
    let base: readonly string[] = [];
    let ok = true;
    if (definition.extends !== undefined) {
      const target = definition.extends;
      const parent = target === name ? catalog.profiles.get(name) : chain.includes(target) ? 'loop' : build(target, [...chain, name]);
      if (parent === 'loop') {
        const loop = [...chain.slice(chain.indexOf(target)), name, target].join(' -> ');
        problems.push(locator.problem([...here, 'extends'], { message: `profiles extend each other in a loop: ${loop}`, hint: 'remove one of these extends' }));
        ok = false;
      } else if (parent === undefined) {
        if (!allNames.has(target) || target === name) {
          const text = target === name ? { message: `profile "${name}" extends itself and there is no built-in profile of that name`, hint: 'extend another profile' } : unknownProfileText(target, [...allNames].filter((n) => n !== name));
          problems.push(locator.problem([...here, 'extends'], text));
        }
        ok = false;
      } else {
        base = parent.modules;
      }
    }
    const own = definition.modules ?? [];
    if (definition.extends === undefined && definition.modules === undefined) {
      problems.push(locator.problem(here, { message: 'a profile needs modules or extends', hint: 'list its modules, or name the profile it builds on with extends' }, { key: true }));
      ok = false;
    }
    own.forEach((module, i) => {
      if (catalog.modules.has(module)) return;
      problems.push(locator.problem([...here, 'modules', i], unknownModuleText(module, catalog)));
      ok = false;
    });
    if (!ok) {
      broken.add(name);
      return undefined;
    }
    const profile: Profile = { name, description: definition.description ?? '', modules: [...new Set([...base, ...own])] };
    done.set(name, profile);
    return profile;
  };

  for (const name of Object.keys(user)) {
    const profile = build(name, []);
    if (profile !== undefined) profiles.set(name, profile);
  }
  return { profiles, broken };
}
