/** `npm run docs`: rewrites the generated settings tables in docs/ from the schemas. */
import { readFile, writeFile } from 'node:fs/promises';
import { builtInCatalog } from '../../modules/catalog.js';
import { inventorySchema } from '../../schemas/inventory.js';
import { replaceGenerated, settingsTable } from './settings-table.js';

/** Every generated page and the table it must hold. */
export function generatedPages(): { file: string; table: string }[] {
  const pages = [...builtInCatalog.modules.values()].map((m) => ({ file: `docs/modules/${m.name}.md`, table: settingsTable(m.schema as never) }));
  const connection = inventorySchema.properties.defaults;
  pages.push({ file: 'docs/inventory.md', table: settingsTable(connection as never) });
  return pages;
}

if (process.argv[1]?.endsWith('generate.js')) {
  for (const { file, table } of generatedPages()) {
    const page = await readFile(file, 'utf8');
    await writeFile(file, replaceGenerated(page, table, file));
    process.stdout.write(`docs: ${file}\n`);
  }
}
