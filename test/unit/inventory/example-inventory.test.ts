import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../../modules/catalog.js';
import { inventorySchema } from '../../../schemas/inventory.js';
import { loadInventory } from '../../../src/inventory/load-inventory.js';
import { testCatalog } from './test-catalog.js';

const example = fileURLToPath(new URL('../../../inventory.example.yaml', import.meta.url));

/** Every property name the schema defines, at any depth. */
function propertyNames(schema: unknown, into = new Set<string>()): Set<string> {
  if (schema === null || typeof schema !== 'object') return into;
  const properties = (schema as { properties?: Record<string, unknown> }).properties;
  for (const [name, sub] of Object.entries(properties ?? {})) {
    into.add(name);
    propertyNames(sub, into);
  }
  for (const [key, sub] of Object.entries(schema)) if (key !== 'properties') propertyNames(sub, into);
  return into;
}

/** Properties of the schema that have no description, as dotted paths. */
function undescribed(schema: unknown, path = ''): string[] {
  if (schema === null || typeof schema !== 'object') return [];
  const own = typeof (schema as { description?: unknown }).description === 'string' || path === '' ? [] : [path];
  const properties = (schema as { properties?: Record<string, unknown> }).properties ?? {};
  const items = (schema as { items?: unknown }).items;
  const extra = (schema as { additionalProperties?: unknown }).additionalProperties;
  return [
    ...own,
    ...Object.entries(properties).flatMap(([name, sub]) => undescribed(sub, `${path}.${name}`)),
    ...(typeof items === 'object' ? undescribed(items, `${path}[]`) : []),
    ...(typeof extra === 'object' ? undescribed(extra, `${path}.*`) : []),
  ];
}

describe('inventory.example.yaml', () => {
  it('loads without problems or warnings', async () => {
    const inventory = await loadInventory(example, testCatalog, { env: { SUDO_PW: 'from-env' }, home: '/home/me' });
    expect(inventory.warnings).toStrictEqual([]);
    expect(inventory.hosts.map((host) => [host.name, host.groups, host.connection.kind, host.modules, host.moduleSource])).toStrictEqual([
      ['bastion', [], 'ssh', ['baseline'], 'profile minimal'],
      ['web1', ['web'], 'ssh', ['baseline', 'user'], 'profile edge'],
      ['web2', ['web', 'europe'], 'ssh', ['baseline', 'user'], 'profile edge'],
      ['db1', [], 'ssh', ['baseline', 'user'], 'profile ops'],
      ['laptop', [], 'local', ['baseline'], 'modules of host laptop'],
    ]);
    const web2 = inventory.hosts[2];
    expect(web2?.settings['baseline']).toStrictEqual({ timezone: 'Europe/Berlin', locale: 'en_US.UTF-8', packages: ['curl', 'htop', 'nginx'] });
    expect(web2?.connection).toMatchObject({ user: 'deploy', port: 2222, jump: 'bastion', identityFile: '/home/me/.ssh/id_ed25519' });
    expect(web2?.connection.sudoPassword?.source).toBe('env:SUDO_PW');
    expect(inventory.hosts[0]?.connection.jump).toBeUndefined();
  });

  it('loads with the built-in modules and profiles too', async () => {
    const inventory = await loadInventory(example, builtInCatalog, { env: { SUDO_PW: 'from-env' } });
    expect(inventory.warnings).toStrictEqual([]);
    expect(inventory.hosts.map((host) => host.name)).toStrictEqual(['bastion', 'web1', 'web2', 'db1', 'laptop']);
  });

  it('shows every key of the inventory schema', async () => {
    const text = await readFile(example, 'utf8');
    // The terraform section is shown commented out (the example runs without Terraform): `# key:` counts.
    const missing = [...propertyNames(inventorySchema)].filter((name) => !new RegExp(`^\\s*(#\\s*)?${name}:`, 'm').test(text));
    expect(missing).toStrictEqual([]);
  });
});

describe('schemas/inventory.ts', () => {
  it('describes every property', () => {
    expect(undescribed(inventorySchema)).toStrictEqual([]);
  });
});
