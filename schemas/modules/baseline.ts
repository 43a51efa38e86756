import type { ModuleSettings } from '../module-settings.js';

/** Settings of the baseline module: what every server gets first. */
export const baselineSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    timezone: {
      type: 'string',
      pattern: '^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$',
      default: 'Etc/UTC',
      description: 'IANA time zone, e.g. Europe/Berlin (Debian\'s own default is Etc/UTC); written to /etc/localtime and /etc/timezone (no timedatectl)',
    },
    locale: {
      type: 'string',
      pattern: '^(C\\.UTF-8|[a-z]{2,3}_[A-Z]{2}\\.UTF-8)$',
      default: 'C.UTF-8',
      description: 'system locale (LANG): C.UTF-8 or a UTF-8 locale written ll_CC.UTF-8, e.g. en_US.UTF-8; any but C.UTF-8 installs `locales` and generates it',
    },
    packages: {
      type: 'array',
      items: { type: 'string', pattern: '^[a-z0-9][a-z0-9+.-]+$' },
      uniqueItems: true,
      default: ['ca-certificates', 'curl', 'gnupg'],
      description: 'Debian packages to install (never removed when dropped from this list)',
    },
    apt_cache_max_age: {
      type: 'integer',
      minimum: 0,
      default: 86400,
      description: 'seconds: before installing, refresh the apt cache when it is older than this (0: always)',
    },
  },
} as const;

export type BaselineSettings = ModuleSettings<typeof baselineSchema>;
