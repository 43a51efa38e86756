import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import type { Secret } from '../src/shell/secret.js';

/**
 * The TypeScript type of a module's validated settings: defaults filled in, and every `format: "secret"`
 * string a Secret (the inventory loader turns `${env:...}` and `${file:...}` references into Secrets).
 */
export type ModuleSettings<S extends JSONSchema> = FromSchema<
  S,
  { keepDefaultedPropertiesOptional: false; deserialize: [{ pattern: { type: 'string'; format: 'secret' }; output: Secret }] }
>;

/** A secret setting: written as `${env:NAME}` or `${file:PATH}` in the inventory, never shown. */
export function secretSetting<D extends string>(description: D) {
  return { type: 'string', format: 'secret', description } as const;
}
