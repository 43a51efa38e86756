import { fileURLToPath } from 'node:url';
import type { Catalog } from '../../../src/engine/catalog.js';
import { InventoryError } from '../../../src/inventory/inventory-error.js';
import type { LoadInventoryOptions } from '../../../src/inventory/inventory.js';
import { loadInventory } from '../../../src/inventory/load-inventory.js';
import { testCatalog } from './test-catalog.js';

/** Absolute path of fixtures/inventories/good/NAME. */
export function good(name: string): string {
  return fileURLToPath(new URL(`../../../fixtures/inventories/good/${name}`, import.meta.url));
}

/** Absolute path of fixtures/inventories/bad/NAME. */
export function bad(name: string): string {
  return fileURLToPath(new URL(`../../../fixtures/inventories/bad/${name}`, import.meta.url));
}

/** The InventoryError loading `file` throws; fails the test when it loads or throws anything else. */
export async function loadError(file: string, catalog: Catalog = testCatalog, options: LoadInventoryOptions = {}): Promise<InventoryError> {
  try {
    await loadInventory(file, catalog, options);
  } catch (error) {
    if (error instanceof InventoryError) return error;
    throw error;
  }
  throw new Error(`expected ${file} not to load`);
}
