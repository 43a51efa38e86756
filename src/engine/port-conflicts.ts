import type { Module } from './module.js';

/**
 * For each module that claims a TCP port another module of the same host also claims, why it is refused
 * (e.g. nginx and caddy both on 80/443).
 */
export function portConflicts(modules: readonly Module[], settings: Readonly<Record<string, unknown>>): Map<string, string> {
  const claims = new Map<number, string[]>();
  for (const module of modules) {
    for (const port of module.ports?.(settings[module.name] ?? {}) ?? []) claims.set(port, [...(claims.get(port) ?? []), module.name]);
  }
  const refusals = new Map<string, string[]>();
  for (const [port, owners] of claims) {
    if (owners.length < 2) continue;
    for (const owner of owners) refusals.set(owner, [...(refusals.get(owner) ?? []), `port ${port} is also used by ${owners.filter((o) => o !== owner).join(', ')}`]);
  }
  return new Map(
    [...refusals].map(([module, reasons]) => [module, `${reasons.join('; ')}: keep one of these modules on this host, or move one to another port in its settings`]),
  );
}
