import { it } from 'vitest';
import { loadInventory } from '../../../src/inventory/load-inventory.js';
import { testCatalog } from './test-catalog.js';
import { inspect } from 'node:util';
it('scratch', async () => {
  try {
    const inv = await loadInventory('inventory.example.yaml', testCatalog, { env: { SUDO_PW: 'hunter2' }, home: '/home/me' });
    console.log(inspect(inv, { depth: 6 }));
  } catch (e) { console.log(String((e as Error).stack)); }
});
