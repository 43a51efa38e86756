import { readFile, stat } from 'node:fs/promises';
import { InventoryError } from './inventory-error.js';

/** Larger inventories are refused before parsing: they are the wrong file or an attack on the parser. */
export const MAX_INVENTORY_BYTES = 1024 * 1024;

function fail(file: string, message: string, hint: string): never {
  throw new InventoryError([{ file, line: 1, column: 1, path: '', message, hint }]);
}

/** The inventory's text; throws InventoryError when it is missing, unreadable or over 1 MiB. */
export async function readInventoryFile(file: string): Promise<string> {
  try {
    const info = await stat(file);
    if (!info.isFile()) fail(file, 'the inventory is not a regular file', 'pass the path of a YAML file with --inventory');
    if (info.size > MAX_INVENTORY_BYTES) {
      fail(file, `the inventory is larger than 1 MiB (${info.size} bytes)`, 'check that this is the right file; split the hosts into several inventories');
    }
    const text = await readFile(file, 'utf8');
    // The file may have grown between stat and read.
    if (Buffer.byteLength(text) > MAX_INVENTORY_BYTES) fail(file, 'the inventory is larger than 1 MiB', 'check that this is the right file');
    return text;
  } catch (error) {
    if (error instanceof InventoryError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') fail(file, 'the inventory file does not exist', 'check the path given with --inventory');
    fail(file, `the inventory cannot be read (${code ?? 'unknown error'})`, 'check the file\'s permissions');
  }
}
