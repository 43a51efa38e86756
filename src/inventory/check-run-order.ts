import type { Catalog } from '../engine/catalog.js';
import type { ResolvedHost } from './resolved-host.js';

/** A host whose modules name hosts to run after that cannot be: unknown, or waiting in a circle. */
export interface RunOrderProblem {
  readonly host: string;
  readonly message: string;
  readonly hint: string;
}

/**
 * Hosts a module says must be applied first (`runsAfter`, e.g. a k3s agent's server) must be inventory
 * hosts, and must not wait for each other in a circle: the run would never start them.
 */
export function runOrderProblems(hosts: readonly ResolvedHost[], catalog: Catalog, inventoryHosts: ReadonlySet<string>): RunOrderProblem[] {
  const problems: RunOrderProblem[] = [];
  const after = new Map<string, string[]>();
  for (const host of hosts) {
    const names: string[] = [];
    for (const name of host.modules) {
      for (const before of catalog.modules.get(name)?.runsAfter?.(host.settings[name] ?? {}) ?? []) {
        if (before === host.name) continue;
        if (inventoryHosts.has(before)) names.push(before);
        else problems.push({ host: host.name, message: `module ${name} runs after host "${before}", which is not in the inventory`, hint: `add ${before} to hosts, or correct the name in ${name}'s settings` });
      }
    }
    after.set(host.name, names);
  }
  const reported = new Set<string>();
  for (const start of after.keys()) {
    const loop = findLoop(start, after);
    if (loop === undefined || loop.some((name) => reported.has(name))) continue;
    loop.forEach((name) => reported.add(name));
    problems.push({
      host: start,
      message: `hosts wait for each other in a circle: ${[...loop, loop[0]].join(' -> ')}`,
      hint: 'change the settings that name the other hosts so that one of them needs none',
    });
  }
  return problems;
}

/** The circle of hosts that leads from `start` back to it, or undefined. */
function findLoop(start: string, after: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const search = (path: string[]): string[] | undefined => {
    for (const next of after.get(path[path.length - 1] as string) ?? []) {
      if (next === start) return path;
      if (!path.includes(next)) {
        const found = search([...path, next]);
        if (found) return found;
      }
    }
    return undefined;
  };
  return search([start]);
}
