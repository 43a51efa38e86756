/**
 * An esbuild plugin that runs the body of each bundled `string-width` module on its first call for text
 * that is not printable ASCII, instead of when the CLI starts. Its top level builds an `Intl.Segmenter` and
 * Unicode property regexes: about 60 ms (34 ms and 27 ms measured on this 2-core VM), paid by every run
 * because yargs imports it and lays out the command's help text on every run (in case it fails), all of
 * it ASCII. Printable ASCII is one column a character, so its width is its length. The module's code is
 * unchanged, only wrapped.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

const EXPORT = 'export default function stringWidth(';

/** The wrapped source; throws when the module no longer has the shape the wrapping relies on. */
export function deferModuleBody(source: string, file: string): string {
  const lines = source.split('\n');
  const firstBodyLine = lines.findIndex((line) => line.trim() !== '' && !line.startsWith('import '));
  const imports = lines.slice(0, firstBodyLine);
  const body = lines.slice(firstBodyLine).join('\n');
  const exports = body.split(/^export /m).length - 1;
  if (exports !== 1 || !body.includes(EXPORT) || /^import[ {]/m.test(body) || imports.some((line) => !line.endsWith(';') && line.trim() !== '')) {
    throw new Error(`${file}: string-width changed shape (one default-exported stringWidth after one-line imports); update scripts/defer-string-width.ts`);
  }
  return [
    ...imports,
    'let deferredStringWidth;',
    'export default function stringWidth(...args) {',
    "  if (typeof args[0] === 'string' && /^[\\x20-\\x7e]*$/.test(args[0])) return args[0].length;",
    `  deferredStringWidth ??= (() => {\n${body.replace(EXPORT, 'function stringWidth(')}\nreturn stringWidth;\n})();`,
    '  return deferredStringWidth(...args);',
    '}',
  ].join('\n');
}

export const deferStringWidth: Plugin = {
  name: 'defer-string-width',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/ }, async ({ path }) => ({
      contents: deferModuleBody(await readFile(path, 'utf8'), path),
      loader: 'js',
    }));
  },
};
