import packageJson from '../../package.json' with { type: 'json' };

/** This Phanes' version, from package.json at build time. */
export const PHANES_VERSION: string = packageJson.version;
