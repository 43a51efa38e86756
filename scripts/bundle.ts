/**
 * Bundles the CLI into one file, dist/phanes.mjs: Node then reads and compiles one file instead of
 * resolving and loading some 400 modules: a third less CPU at start-up (docs/performance.md).
 *
 *   node dist/scripts/bundle.js   # run by `npm run build`, after tsc
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { cliBundleOptions } from './cli-bundle-options.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = join(ROOT, 'dist/phanes.mjs');
/** The TUI (Ink, React) in a file of its own, imported only by `phanes tui` and `apply --tui`. */
const TUI_OUT = join(ROOT, 'dist/phanes-tui.mjs');
/** ssh2 loads its native crypto (AES-GCM, ChaCha20-Poly1305) from here, relative to the bundle. */
const SSH2_BINDING = 'crypto/build/Release/sshcrypto.node';

// CommonJS dependencies (ssh2, pino) expect require, __filename and __dirname, which an ES module lacks.
const COMMONJS_GLOBALS = [
  "import { createRequire as __phanesCreateRequire } from 'node:module';",
  "import { fileURLToPath as __phanesFileURLToPath } from 'node:url';",
  'const require = __phanesCreateRequire(import.meta.url);',
  'const __filename = __phanesFileURLToPath(import.meta.url);',
  "const __dirname = __phanesFileURLToPath(new URL('.', import.meta.url));",
].join('\n');

const shared = cliBundleOptions(ROOT);
/** In the CLI's bundle, the TUI's import points at its own bundle beside it: other commands never load it. */
const tuiApart: Plugin = {
  name: 'tui-apart',
  setup(b) {
    b.onResolve({ filter: /[\\/]tui[\\/]tui-command\.js$/ }, () => ({ path: './phanes-tui.mjs', external: true }));
  },
};
await build({ ...shared, plugins: [...shared.plugins, tuiApart], outfile: OUT, format: 'esm', target: 'node20', banner: { js: COMMONJS_GLOBALS }, sourcemap: true });
await build({ ...shared, entryPoints: [join(ROOT, 'src/tui/tui-command.tsx')], outfile: TUI_OUT, format: 'esm', target: 'node20', banner: { js: COMMONJS_GLOBALS }, sourcemap: true });

const require = createRequire(import.meta.url);
const binding = join(dirname(require.resolve('ssh2/lib/protocol/crypto.js')), SSH2_BINDING);
if (existsSync(binding)) {
  mkdirSync(dirname(join(ROOT, 'dist', SSH2_BINDING)), { recursive: true });
  copyFileSync(binding, join(ROOT, 'dist', SSH2_BINDING));
}
