import type { Inventory } from './inventory.js';
import { suggestionHint } from './nearest-name.js';
import type { ResolvedHost } from './resolved-host.js';
import { SelectionError, selectionProblem, type SelectionProblem } from './selection-error.js';

/** How many names a hint lists before it stops. */
const LISTED_NAMES = 10;

function globToRegExp(glob: string): RegExp {
  const body = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`);
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, LISTED_NAMES).join(', ');
  return names.length > LISTED_NAMES ? `${shown}, ...` : shown;
}

/**
 * The hosts a `--limit` selects, in the inventory's order, each once. Entries (commas also separate) are
 * host names, group names (all their hosts) or globs with `*` over host names. No limit selects every
 * host; an entry that selects nothing is a SelectionError with the nearest name.
 */
export function selectHosts(inventory: Inventory, limit: readonly string[] | undefined): ResolvedHost[] {
  const entries = (limit ?? []).flatMap((entry) => entry.split(',')).map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (entries.length === 0) return [...inventory.hosts];
  const hostNames = inventory.hosts.map((host) => host.name);
  const groupNames = Object.keys(inventory.groups);
  const chosen = new Set<string>();
  const problems: SelectionProblem[] = [];
  for (const entry of entries) {
    if (entry.includes('*')) {
      const pattern = globToRegExp(entry);
      const matches = hostNames.filter((name) => pattern.test(name));
      if (matches.length === 0) problems.push(selectionProblem('--limit', entry, 'matches no host', `hosts: ${listNames(hostNames)}`));
      matches.forEach((name) => chosen.add(name));
    } else if (hostNames.includes(entry)) {
      chosen.add(entry);
    } else if (Object.hasOwn(inventory.groups, entry)) {
      inventory.groups[entry]?.forEach((name) => chosen.add(name));
    } else {
      const names = [...hostNames, ...groupNames];
      const hint = suggestionHint(entry, names, `hosts and groups: ${listNames(names)}`);
      problems.push(selectionProblem('--limit', entry, 'no host or group has this name', hint));
    }
  }
  if (problems.length > 0) throw new SelectionError(problems);
  return inventory.hosts.filter((host) => chosen.has(host.name));
}
