import type { ModuleSettings } from '../module-settings.js';

/** Settings of the coolify module: which release its official installer puts on the host. */
export const coolifySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['version'],
  properties: {
    version: {
      type: 'string',
      pattern: '^[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z]+(\\.[0-9A-Za-z]+)*)?$',
      description:
        "the Coolify release to install, e.g. 4.0.0-beta.420 (no default: pick one from Coolify's releases); Phanes upgrades to it but never downgrades, and turns Coolify's self-update off",
    },
  },
} as const;

export type CoolifySettings = ModuleSettings<typeof coolifySchema>;
