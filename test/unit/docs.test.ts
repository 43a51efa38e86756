import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatedPages } from '../../scripts/docs/generate.js';
import { BEGIN, END } from '../../scripts/docs/settings-table.js';

describe('docs generated from the schemas', () => {
  for (const { file, table } of generatedPages()) {
    it(`${file} lists exactly the schema's settings (run npm run docs after a schema change)`, () => {
      const page = readFileSync(file, 'utf8');
      const generated = page.slice(page.indexOf(BEGIN) + BEGIN.length + 1, page.indexOf(END));
      expect(generated).toBe(table);
    });
  }
});
