import { INVENTORY_NAME_PATTERN, type RawInventory } from '../../schemas/inventory.js';
import type { Catalog, Profile } from '../engine/catalog.js';
import type { Level } from './resolve-context.js';
import type { NodeLocator } from './node-locator.js';
import { suggestionHint } from './nearest-name.js';
import { unknownModuleText, unknownProfileText } from './resolve-profiles.js';
import type { InventoryProblem } from './resolved-host.js';

const NAME = new RegExp(INVENTORY_NAME_PATTERN);

/** What the reference checks read. */
export interface ReferenceInput {
  readonly raw: RawInventory;
  readonly catalog: Catalog;
  readonly locator: NodeLocator;
  readonly profiles: ReadonlyMap<string, Profile>;
  /** Profiles whose definition had a schema error: their names exist even if their bodies were dropped. */
  readonly doubtfulProfiles: ReadonlySet<string>;
  /** Defaults, every group and every host, as levels. */
  readonly levels: readonly Level[];
}

/**
 * Checks every name the document uses: host, group and profile names, group members, and the profiles,
 * modules and module settings each level refers to. Unknown names come with the nearest known one.
 */
export function checkReferences(input: ReferenceInput, problems: InventoryProblem[]): void {
  const { raw, catalog, locator } = input;
  const hostNames = Object.keys(raw.hosts);
  const groups = raw.groups ?? {};
  const badName = (kind: string, section: string, name: string): void => {
    if (NAME.test(name)) return;
    const text = { message: `"${name}" is not a valid ${kind} name`, hint: 'use letters, digits, _, . and -, not starting with . or -' };
    problems.push(locator.problem([section, name], text, { key: true }));
  };
  for (const name of hostNames) badName('host', 'hosts', name);
  for (const name of Object.keys(raw.profiles ?? {})) badName('profile', 'profiles', name);
  for (const [group, body] of Object.entries(groups)) {
    badName('group', 'groups', group);
    if (Object.hasOwn(raw.hosts, group)) {
      problems.push(locator.problem(['groups', group], { message: `group "${group}" has the name of a host`, hint: 'rename the group, so that --limit can tell them apart' }, { key: true }));
    }
    (body?.hosts ?? []).forEach((host, i) => {
      if (Object.hasOwn(raw.hosts, host)) return;
      const hint = suggestionHint(host, hostNames, 'add it under hosts');
      problems.push(locator.problem(['groups', group, 'hosts', i], { message: `host "${host}" is not listed under hosts`, hint }));
    });
  }

  const profileNames = new Set([...input.profiles.keys(), ...Object.keys(raw.profiles ?? {}), ...input.doubtfulProfiles]);
  for (const level of input.levels) {
    const { profile, modules, vars } = level.value;
    if (profile !== undefined && modules !== undefined) {
      const text = { message: 'set either profile or modules, not both', hint: 'to add modules to a profile, define a profile that extends it' };
      problems.push(locator.problem([...level.path, 'modules'], text, { key: true }));
    }
    if (profile !== undefined && !profileNames.has(profile)) {
      problems.push(locator.problem([...level.path, 'profile'], unknownProfileText(profile, input.profiles.keys())));
    }
    (modules ?? []).forEach((module, i) => {
      if (!catalog.modules.has(module)) problems.push(locator.problem([...level.path, 'modules', i], unknownModuleText(module, catalog)));
    });
    for (const module of Object.keys(vars ?? {})) {
      if (!catalog.modules.has(module)) problems.push(locator.problem([...level.path, 'vars', module], unknownModuleText(module, catalog), { key: true }));
    }
  }
}
