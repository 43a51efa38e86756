import type { Catalog } from '../../engine/catalog.js';
import { removeValue, renameKey, setValue, valueAt, InventoryEditError, type KeyPath } from './edit-text.js';

/** Where modules and settings are written: the defaults, a group or a host. */
export type Level = { readonly kind: 'defaults' } | { readonly kind: 'group' | 'host'; readonly name: string };

/** The document path of a level. */
export function levelPath(level: Level): KeyPath {
  return level.kind === 'defaults' ? ['defaults'] : [level.kind === 'group' ? 'groups' : 'hosts', level.name];
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function checkName(name: string): void {
  if (!NAME.test(name)) throw new InventoryEditError(`"${name}" is not a host name: letters, digits, dots, dashes and underscores, starting with a letter or digit`);
}

function groupsOf(text: string): Record<string, { hosts?: unknown }> {
  const groups = valueAt(text, ['groups']);
  return groups && typeof groups === 'object' ? (groups as Record<string, { hosts?: unknown }>) : {};
}

/** Adds a host with its address (the name when empty). */
export function addHost(text: string, name: string, address: string): string {
  checkName(name);
  if (valueAt(text, ['hosts', name]) !== undefined || (valueAt(text, ['hosts']) as Record<string, unknown> | undefined)?.[name] !== undefined) {
    throw new InventoryEditError(`host ${name} already exists`);
  }
  return setValue(text, ['hosts', name], address.trim() === '' ? null : { address: address.trim() });
}

/** Renames a host, and the host in every group's list and every `jump:` that names it. */
export function renameHost(text: string, from: string, to: string): string {
  checkName(to);
  let out = renameKey(text, ['hosts', from], to);
  for (const [group, body] of Object.entries(groupsOf(out))) {
    if (Array.isArray(body?.hosts) && body.hosts.includes(from)) out = setValue(out, ['groups', group, 'hosts'], body.hosts.map((h) => (h === from ? to : h)));
  }
  const jumpers: KeyPath[] = [['defaults'], ...Object.keys(groupsOf(out)).map((g) => ['groups', g]), ...Object.keys((valueAt(out, ['hosts']) as object | null) ?? {}).map((h) => ['hosts', h])];
  for (const level of jumpers) if (valueAt(out, [...level, 'jump']) === from) out = setValue(out, [...level, 'jump'], to);
  return out;
}

/** Removes a host and its name from every group's list. */
export function removeHost(text: string, name: string): string {
  let out = removeValue(text, ['hosts', name]);
  for (const [group, body] of Object.entries(groupsOf(out))) {
    if (Array.isArray(body?.hosts) && body.hosts.includes(name)) out = setValue(out, ['groups', group, 'hosts'], body.hosts.filter((h) => h !== name));
  }
  return out;
}

/** `modules` with each one's requirements before it (transitively), each once, in order. */
export function withRequirements(modules: readonly string[], catalog: Catalog): string[] {
  const out: string[] = [];
  const add = (name: string, seen: Set<string>): void => {
    if (out.includes(name) || seen.has(name)) return;
    seen.add(name);
    for (const required of catalog.modules.get(name)?.requires ?? []) add(required, seen);
    out.push(name);
  };
  for (const name of modules) add(name, new Set());
  return out;
}

/** Modules of `modules` that need `module` (directly or through another). */
export function dependentsOf(module: string, modules: readonly string[], catalog: Catalog): string[] {
  return modules.filter((name) => name !== module && withRequirements([name], catalog).includes(module));
}

/**
 * Turns `module` on or off in a level's module list (`current`: the list the level runs now). On brings its
 * requirements; off takes the modules that need it too. The list replaces a `profile` of that level.
 */
export function toggleModule(text: string, level: Level, current: readonly string[], module: string, catalog: Catalog): { text: string; modules: string[] } {
  const on = current.includes(module);
  const modules = on ? current.filter((name) => name !== module && !dependentsOf(module, current, catalog).includes(name)) : withRequirements([...current, module], catalog);
  const path = levelPath(level);
  let out = setValue(text, [...path, 'modules'], modules);
  if (valueAt(out, [...path, 'profile']) !== undefined) out = removeValue(out, [...path, 'profile']);
  return { text: out, modules };
}
