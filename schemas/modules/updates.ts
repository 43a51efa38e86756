import type { ModuleSettings } from '../module-settings.js';

/** Settings of the updates module: unattended security upgrades. */
export const updatesSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    automatic_reboot: { type: 'boolean', default: false, description: 'reboot by itself when an upgrade needs it (at reboot_time)' },
    reboot_time: { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', default: '03:00', description: 'when an automatic reboot may happen, HH:MM local time' },
    remove_unused_dependencies: { type: 'boolean', default: true, description: 'remove packages that upgrades left unneeded' },
    autoclean_days: { type: 'integer', minimum: 0, default: 7, description: 'days between cleanups of downloaded packages (0: never)' },
  },
} as const;

export type UpdatesSettings = ModuleSettings<typeof updatesSchema>;
