import { describe, expect, it } from 'vitest';
import { formatProblem, InventoryError } from '../../../src/inventory/inventory-error.js';
import { loadInventory } from '../../../src/inventory/load-inventory.js';
import { resolveModulesOverride, type ModulesOverride } from '../../../src/inventory/modules-override.js';
import { selectHosts } from '../../../src/inventory/select-hosts.js';
import { SelectionError } from '../../../src/inventory/selection-error.js';
import { good } from './fixtures.js';
import { baseline, catalogOf, fakeModule, testCatalog } from './test-catalog.js';

const userDefaults = { authorized_keys: [], shell: '/bin/bash', groups: [], sudo: 'nopasswd' };

async function overrideError(file: string, override: ModulesOverride, catalog = testCatalog): Promise<Error> {
  const inventory = await loadInventory(file, catalog);
  try {
    resolveModulesOverride(inventory, inventory.hosts, override);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the override to fail');
}

describe('resolveModulesOverride', () => {
  it('leaves the hosts and warnings as they are without --profile or --modules', async () => {
    const file = good('select.yaml');
    const inventory = await loadInventory(file, testCatalog);
    const result = resolveModulesOverride(inventory, inventory.hosts, { modules: [] });
    expect(result.hosts).toStrictEqual(inventory.hosts);
    // select.yaml keeps user settings for overrides; without one, nothing runs the user module.
    expect(result.warnings.map(formatProblem)).toStrictEqual([
      `${file}:5:5 defaults.vars.user: settings for module "user" are not used: no host runs it (add user to the modules or the profile, or remove these settings)`,
      `${file}:18:7 hosts.cache1.vars.user: settings for module "user" are not used: this host does not run it (add user to the modules or the profile, or remove these settings)`,
    ]);
  });

  it('replaces the module list with a profile, ordering requirements and validating settings', async () => {
    const inventory = await loadInventory(good('select.yaml'), testCatalog);
    const chosen = selectHosts(inventory, ['web1', 'cache1']);
    const { hosts } = resolveModulesOverride(inventory, chosen, { profile: 'webserver' });
    expect(hosts.map((host) => [host.name, host.modules, host.moduleSource])).toStrictEqual([
      ['web1', ['baseline', 'user', 'web'], '--profile webserver'],
      ['cache1', ['baseline', 'user', 'web'], '--profile webserver'],
    ]);
    expect(hosts[1]?.settings).toStrictEqual({
      baseline: { timezone: 'UTC', locale: 'C.UTF-8', packages: [] },
      user: { name: 'cache', ...userDefaults },
      web: { port: 80, tls: { enabled: false } },
    });
    expect(hosts[0]?.connection).toStrictEqual(inventory.hosts[0]?.connection);
  });

  it('takes --modules (commas split), after the profile\'s modules when both are given', async () => {
    const inventory = await loadInventory(good('select.yaml'), testCatalog);
    const [web1] = inventory.hosts;
    if (web1 === undefined) throw new Error('no host');
    expect(resolveModulesOverride(inventory, [web1], { modules: ['user'] }).hosts[0]?.modules).toStrictEqual(['baseline', 'user']);
    const both = resolveModulesOverride(inventory, [web1], { profile: 'minimal', modules: ['web,user'] }).hosts[0];
    expect([both?.modules, both?.moduleSource]).toStrictEqual([['baseline', 'user', 'web'], '--profile minimal --modules web,user']);
  });

  it('rejects unknown profiles and modules with the nearest name', async () => {
    const error = await overrideError(good('select.yaml'), { profile: 'webservr', modules: ['usr', 'baseline'] });
    expect(error).toBeInstanceOf(SelectionError);
    expect(error.message).toBe(
      ['--profile webservr: unknown profile (did you mean "webserver"?)', '--modules usr: unknown module (did you mean "user"?)'].join('\n'),
    );
  });

  it('rejects a requirement cycle', async () => {
    const catalog = catalogOf([baseline, fakeModule('app', ['db'], {}), fakeModule('db', ['app'], {})]);
    const error = await overrideError(good('aliases.yaml'), { modules: ['app'] }, catalog);
    expect(error.message).toBe("--modules app: module requirements form a cycle: app -> db -> app (a module's requires must not lead back to it; fix the module definitions)");
  });

  it('reports settings the new modules need, placed in the inventory file', async () => {
    const file = good('precedence.yaml');
    const error = await overrideError(file, { modules: ['user'] });
    expect(error).toBeInstanceOf(InventoryError);
    expect(error.message).toBe(
      [
        `${file}:7:3 defaults.vars: missing required setting "name" of module "user" (login name of the user)`,
        `${file}:16:5 groups.first.vars: missing required setting "name" of module "user" (login name of the user)`,
        `${file}:26:5 hosts.web1.vars: missing required setting "name" of module "user" (login name of the user)`,
      ].join('\n'),
    );
  });
});
