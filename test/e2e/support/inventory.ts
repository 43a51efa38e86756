import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Target, TargetSet } from '../../targets/targets.js';

/** Module settings most e2e inventories use: a real admin user with the run's key. */
export function baseVars(set: TargetSet<Target>, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    baseline: { timezone: 'Europe/Berlin', packages: ['ca-certificates', 'curl'] },
    user: { name: 'ops', authorized_keys: [set.publicKey.trim()], groups: ['adm'] },
    ...overrides,
  };
}

/** Writes DIR/hosts.yaml for the set's targets (names target1..N) and returns its path. */
export async function writeInventory(
  set: TargetSet<Target>,
  options: { defaults?: Record<string, unknown>; hosts?: Record<string, Record<string, unknown>>; file?: string } = {},
): Promise<string> {
  const hosts: Record<string, Record<string, unknown>> = {};
  for (const t of set.targets) hosts[t.name] = { address: t.host, port: t.port, ...options.hosts?.[t.name] };
  for (const [name, extra] of Object.entries(options.hosts ?? {})) if (!hosts[name]) hosts[name] = extra;
  const document = {
    defaults: {
      user: 'root',
      identity_file: set.privateKeyFile,
      known_hosts: set.knownHostsFile,
      modules: ['baseline', 'user'],
      vars: baseVars(set),
      ...options.defaults,
    },
    hosts,
  };
  const file = join(set.dir, options.file ?? 'hosts.yaml');
  await writeFile(file, stringify(document));
  return file;
}
