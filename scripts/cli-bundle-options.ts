import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { commitId } from './commit-id.js';
import { deferStringWidth } from './defer-string-width.js';
import { inkBundlePatch } from './ink-bundle-patch.js';

/** What both bundles of the CLI share: the ES module one (dist/phanes.mjs) and the executables' CommonJS one. */
export function cliBundleOptions(root: string) {
  return {
    entryPoints: [join(root, 'src/cli/main.ts')],
    bundle: true,
    platform: 'node',
    // Native addons cannot be bundled; ssh2 and cpu-features fall back to JavaScript without them.
    external: ['*.node', 'cpu-features'],
    plugins: [deferStringWidth, inkBundlePatch],
    // React (the TUI) picks its production build by NODE_ENV: smaller and faster than the development one.
    define: { __PHANES_COMMIT__: JSON.stringify(commitId(root)), 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  } satisfies BuildOptions;
}
