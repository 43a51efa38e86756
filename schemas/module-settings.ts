import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import type { LocalDirectory } from '../src/inventory/local-directory.js';
import type { Secret } from '../src/shell/secret.js';

/**
 * The TypeScript type of a module's validated settings: defaults filled in, and every `format: "secret"`
 * string a Secret (the inventory loader turns `${env:...}` and `${file:...}` references into Secrets).
 */
export type ModuleSettings<S extends JSONSchema> = FromSchema<
  S,
  {
    keepDefaultedPropertiesOptional: false;
    deserialize: [{ pattern: { type: 'string'; format: 'secret' }; output: Secret }, { pattern: { type: 'string'; format: 'local-directory' }; output: LocalDirectory }];
  }
>;

/** A secret setting: written as `${env:NAME}` or `${file:PATH}` in the inventory, never shown. */
export function secretSetting<D extends string>(description: D) {
  return { type: 'string', format: 'secret', description } as const;
}

/**
 * A directory next to the inventory (relative to its directory, or absolute, `~/` allowed): the loader reads
 * its text files when the inventory is loaded, and the module gets them as a LocalDirectory.
 */
export function localDirectorySetting<D extends string>(description: D) {
  return { type: 'string', format: 'local-directory', minLength: 1, description } as const;
}

/**
 * An absolute path in normal form: no `.` or `..` component, no `//`, no trailing `/`, no newline. A plan then
 * names the very file it touches (`/opt/x/../x/f` would hide which one), and facts and fstab lines match it.
 */
export const NORMAL_PATH = '^(/(?!\\.\\.?(/|$))[^/\\n]+)+$';

/** A normal path of letters, digits and `._-` only: safe to write into nginx's, Caddy's and fstab's files. */
export const PLAIN_NORMAL_PATH = '^(/(?!\\.\\.?(/|$))[A-Za-z0-9._-]+)+$';
