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
    security_suite: {
      type: 'boolean',
      default: true,
      description:
        "Debian: when no apt source carries CODENAME-security (unattended-upgrades' only origin by default), add it, at security_source or else beside the main Debian entry (its /debian replaced by /debian-security, as the default server lays it out); checked with apt-get update before it is kept",
    },
    security_source: {
      type: 'string',
      pattern: '^(https?|file)://[^\\s]+$',
      description: 'where the security suite is, when the main entry\'s server does not carry it (e.g. your mirror of debian-security)',
    },
  },
} as const;

export type UpdatesSettings = ModuleSettings<typeof updatesSchema>;
