import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../../src/inventory/inventory.js';
import { loadInventory } from '../../../src/inventory/load-inventory.js';
import { selectHosts } from '../../../src/inventory/select-hosts.js';
import { SelectionError } from '../../../src/inventory/selection-error.js';
import { good } from './fixtures.js';
import { testCatalog } from './test-catalog.js';

async function selection(): Promise<Inventory> {
  return loadInventory(good('select.yaml'), testCatalog);
}

function names(inventory: Inventory, limit: readonly string[] | undefined): string[] {
  return selectHosts(inventory, limit).map((host) => host.name);
}

function selectionMessage(inventory: Inventory, limit: readonly string[]): string {
  try {
    selectHosts(inventory, limit);
  } catch (error) {
    if (error instanceof SelectionError) return error.message;
    throw error;
  }
  throw new Error('expected a SelectionError');
}

describe('selectHosts', () => {
  it('selects every host without a limit, or with an empty one', async () => {
    const inventory = await selection();
    expect(names(inventory, undefined)).toStrictEqual(['web1', 'web2', 'web10', 'db1', 'cache1']);
    expect(names(inventory, [])).toStrictEqual(['web1', 'web2', 'web10', 'db1', 'cache1']);
    expect(names(inventory, [' , '])).toStrictEqual(['web1', 'web2', 'web10', 'db1', 'cache1']);
  });

  it('selects hosts by name and by group, in inventory order, each once', async () => {
    const inventory = await selection();
    expect(names(inventory, ['db'])).toStrictEqual(['web1', 'db1']);
    expect(names(inventory, ['cache1', 'web1'])).toStrictEqual(['web1', 'cache1']);
    expect(names(inventory, ['web,db1', 'web2'])).toStrictEqual(['web1', 'web2', 'db1']);
  });

  it('selects hosts by * globs, which match whole names', async () => {
    const inventory = await selection();
    expect(names(inventory, ['web*'])).toStrictEqual(['web1', 'web2', 'web10']);
    expect(names(inventory, ['*1'])).toStrictEqual(['web1', 'db1', 'cache1']);
    expect(names(inventory, ['w*1*'])).toStrictEqual(['web1', 'web10']);
    expect(names(inventory, ['web1*'])).toStrictEqual(['web1', 'web10']);
  });

  it('rejects names that match nothing, suggesting the nearest host or group', async () => {
    const inventory = await selection();
    expect(selectionMessage(inventory, ['wbe1', 'dv', 'zzz-nothing-like-it'])).toBe(
      [
        '--limit wbe1: no host or group has this name (did you mean "web1"?)',
        '--limit dv: no host or group has this name (did you mean "db"?)',
        '--limit zzz-nothing-like-it: no host or group has this name (hosts and groups: web1, web2, web10, db1, cache1, web, db)',
      ].join('\n'),
    );
  });

  it('rejects a glob that matches no host', async () => {
    const inventory = await selection();
    expect(selectionMessage(inventory, ['web1', 'x*'])).toBe('--limit x*: matches no host (hosts: web1, web2, web10, db1, cache1)');
    // A dot is a dot, not "any character".
    expect(selectionMessage(inventory, ['web.*'])).toBe('--limit web.*: matches no host (hosts: web1, web2, web10, db1, cache1)');
  });
});
