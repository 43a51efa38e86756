import { build } from 'esbuild';
import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import { deferModuleBody, deferStringWidth } from '../../scripts/defer-string-width.js';

/** string-width as the CLI's bundle has it, loaded as a module of its own. */
async function bundledStringWidth(): Promise<(text: string) => number> {
  const out = await build({
    stdin: { contents: "export { default } from 'string-width';", resolveDir: process.cwd() },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    plugins: [deferStringWidth],
  });
  const url = `data:text/javascript;base64,${Buffer.from(out.outputFiles[0]!.text).toString('base64')}`;
  return ((await import(url)) as { default: (text: string) => number }).default;
}

describe('deferStringWidth (bundle plugin)', () => {
  const RealSegmenter = Intl.Segmenter;
  const intl = Intl as { Segmenter: typeof Intl.Segmenter };
  afterEach(() => {
    intl.Segmenter = RealSegmenter;
  });

  it('builds no Intl.Segmenter when the module loads, nor for ASCII text, only when it is needed, and measures as before', async () => {
    let built = 0;
    intl.Segmenter = class extends RealSegmenter {
      constructor(...args: ConstructorParameters<typeof RealSegmenter>) {
        super(...args);
        built++;
      }
    };
    const width = await bundledStringWidth();
    expect(built).toBe(0);
    const ascii = ['', 'phanes apply', '  -i, --inventory  inventory file (YAML)  [string] [required]', '~!@#$%^&*()_+{}|:"<>?'];
    expect(ascii.map(width)).toEqual(ascii.map((text) => stringWidth(text)));
    expect(built).toBe(0);
    const samples = ['plain', '古池や', '👍🏽 ok', '\u001b[31mred\u001b[0m', 'e\u0301', ''];
    expect(samples.map(width)).toEqual(samples.map((text) => stringWidth(text)));
    expect(samples.map(width)).toEqual([5, 6, 5, 3, 1, 0]);
    expect(built).toBe(1);
  });

  it('refuses a module of another shape, naming the file', () => {
    const twoExports = "import a from 'a';\nexport const x = 1;\nexport default function stringWidth(s) { return a(s); }";
    expect(() => deferModuleBody(twoExports, '/m/string-width/index.js')).toThrow('/m/string-width/index.js: string-width changed shape');
    const lateImport = "const x = 1;\nimport a from 'a';\nexport default function stringWidth(s) { return a(s); }";
    expect(() => deferModuleBody(lateImport, 'f.js')).toThrow('f.js: string-width changed shape');
  });
});
