import type { Catalog } from '../engine/catalog.js';
import type { ResolveContext } from './resolve-context.js';
import type { ResolvedHost } from './resolved-host.js';

/**
 * Hosts a module says must be applied first (`runsAfter`, e.g. a k3s agent's server) must be inventory
 * hosts, and must not wait for each other in a circle: the run would never start them.
 */
export function checkRunOrder(hosts: ReadonlyMap<string, ResolvedHost>, catalog: Catalog, ctx: ResolveContext): void {
  const after = new Map<string, string[]>();
  for (const host of hosts.values()) {
    const names: string[] = [];
    for (const name of host.modules) {
      const module = catalog.modules.get(name);
      for (const before of module?.runsAfter?.(host.settings[name] ?? {}) ?? []) {
        if (before === host.name) continue;
        if (!ctx.rawHosts[before]) {
          const text = { message: `module ${name} runs after host "${before}", which is not in the inventory`, hint: `add ${before} to hosts, or correct the name in ${name}'s settings` };
          ctx.problems.push(ctx.locator.problem(['hosts', host.name], text, { key: true }));
        } else names.push(before);
      }
    }
    after.set(host.name, names);
  }
  const reported = new Set<string>();
  for (const start of after.keys()) {
    const loop = findLoop(start, after);
    if (loop === undefined || loop.some((name) => reported.has(name))) continue;
    loop.forEach((name) => reported.add(name));
    const text = { message: `hosts wait for each other in a circle: ${[...loop, loop[0]].join(' -> ')}`, hint: 'let one of them start the cluster on its own (no server to join)' };
    ctx.problems.push(ctx.locator.problem(['hosts', start], text, { key: true }));
  }
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
