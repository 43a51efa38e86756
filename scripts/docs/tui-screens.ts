/**
 * `npm run docs:tui`: copies the screens the TUI's end-to-end tests captured (test/e2e/tui*.test.ts, written
 * to .phanes/tui-screens/) into docs/tui.md, each into the text block after its `<!-- screen: NAME -->`.
 * Screens are never edited by hand.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MARKED_BLOCK = /<!-- screen: ([\w-]+) -->\n```text\n[\s\S]*?\n```/g;

/** `page` with every marked block holding `screen(NAME)`; the names with no screen are listed in `missing`. */
export function replaceScreens(page: string, screen: (name: string) => string | undefined): { page: string; missing: string[] } {
  const missing: string[] = [];
  const out = page.replace(MARKED_BLOCK, (block, name: string) => {
    const text = screen(name);
    if (text === undefined) {
      missing.push(name);
      return block;
    }
    return `<!-- screen: ${name} -->\n\`\`\`text\n${text.replace(/\n+$/, '')}\n\`\`\``;
  });
  return { page: out, missing };
}

if (process.argv[1]?.endsWith('tui-screens.js')) {
  const dir = process.env.PHANES_TUI_SCREENS ?? join('.phanes', 'tui-screens');
  const file = 'docs/tui.md';
  const { page, missing } = replaceScreens(readFileSync(file, 'utf8'), (name) => {
    const path = join(dir, `${name}.txt`);
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  });
  writeFileSync(file, page);
  process.stdout.write(`docs: ${file}\n`);
  if (missing.length > 0) {
    process.stderr.write(`no capture in ${dir} for: ${missing.join(', ')}; run npm run build && npx vitest run --project e2e test/e2e/tui.test.ts test/e2e/tui-keys.test.ts first\n`);
    process.exitCode = 1;
  }
}
