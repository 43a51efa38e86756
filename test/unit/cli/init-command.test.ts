import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../../modules/catalog.js';
import { initCommand } from '../../../src/cli/init-command.js';
import { STARTER_INVENTORY } from '../../../src/cli/starter-inventory.js';
import { loadInventory } from '../../../src/inventory/load-inventory.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'phanes-init-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('phanes init', () => {
  it('writes a starter inventory that loads without a problem or a warning', async () => {
    const file = join(tempDir(), 'hosts.yaml');
    expect(initCommand(file)).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(STARTER_INVENTORY);
    const inventory = await loadInventory(file, builtInCatalog);
    expect(inventory.warnings).toEqual([]);
    expect(inventory.hosts.map((h) => [h.name, h.modules])).toEqual([['web1', ['baseline', 'user', 'security', 'swap', 'updates']]]);
  });

  it('never overwrites a file', () => {
    const file = join(tempDir(), 'hosts.yaml');
    writeFileSync(file, 'mine\n');
    expect(() => initCommand(file)).toThrow(`${file} exists already; phanes init never overwrites a file (name another: phanes init FILE)`);
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
  });
});
