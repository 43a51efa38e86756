import packageJson from '../../package.json' with { type: 'json' };

/** This Phanes' version, from package.json at build time. */
export const PHANES_VERSION: string = packageJson.version;

/** Set by the bundler (scripts/commit-id.ts); absent when the sources run unbundled (tests). */
declare const __PHANES_COMMIT__: string | undefined;

/** The commit this build was made from, `-dirty` when the tree had changes; `unknown` outside a build. */
export const PHANES_COMMIT: string = typeof __PHANES_COMMIT__ === 'string' ? __PHANES_COMMIT__ : 'unknown';
