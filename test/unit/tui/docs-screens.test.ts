import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replaceScreens } from '../../../scripts/docs/tui-screens.js';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('docs/tui.md screens', () => {
  it('replaces each marked block with its capture, and lists the ones without', () => {
    const page = 'a\n<!-- screen: main -->\n```text\nold\nrows\n```\nb\n<!-- screen: gone -->\n```text\nkept\n```\n';
    const { page: out, missing } = replaceScreens(page, (name) => (name === 'main' ? 'new\n\n' : undefined));
    expect(out).toBe('a\n<!-- screen: main -->\n```text\nnew\n```\nb\n<!-- screen: gone -->\n```text\nkept\n```\n');
    expect(missing).toEqual(['gone']);
  });

  it('names only screens the end-to-end tests capture', () => {
    const tests = read('test/e2e/tui.test.ts') + read('test/e2e/tui-keys.test.ts');
    const names = [...read('docs/tui.md').matchAll(/<!-- screen: ([\w-]+) -->\n```text\n/g)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) expect(tests, name).toMatch(new RegExp(`screens(\\.${name}\\b|\\['${name}'\\])`));
  });
});
