/**
 * An esbuild plugin that takes the two top-level awaits out of the TUI's libraries, so the TUI can be bundled
 * into the executables' CommonJS bundle (which cannot have one) and loaded lazily from the ES module one:
 * - yoga-layout awaits its WebAssembly at load: here it exports the wait as `yogaReady` instead, and the TUI
 *   awaits it before Ink lays anything out (src/tui/tui-command.tsx);
 * - Ink awaits React's devtools and its own package.json when DEV=true: left out of the bundle (a development
 *   aid only).
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

function replaceOnce(source: string, from: string, to: string, file: string): string {
  if (source.split(from).length !== 2) throw new Error(`${file} changed shape (expected one "${from}"); update scripts/ink-bundle-patch.ts`);
  return source.replace(from, to);
}

export const inkBundlePatch: Plugin = {
  name: 'ink-bundle-patch',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/ }, async ({ path }) => ({
      contents: replaceOnce(
        await readFile(path, 'utf8'),
        'const Yoga = wrapAssembly(await loadYoga());\nexport default Yoga;',
        'let Yoga;\nexport const yogaReady = loadYoga().then((assembly) => { Yoga = wrapAssembly(assembly); });\nexport { Yoga as default };',
        path,
      ),
      loader: 'js',
    }));
    build.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]reconciler\.js$/ }, async ({ path }) => ({
      contents: replaceOnce(
        replaceOnce(await readFile(path, 'utf8'), "await import('./devtools.js');", "throw Object.assign(new Error('React devtools are not bundled'), { code: 'ERR_MODULE_NOT_FOUND' });", path),
        '? await loadPackageJson()',
        '? { name: undefined, version: undefined }',
        path,
      ),
      loader: 'js',
    }));
  },
};
