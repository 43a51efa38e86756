import type { ModuleSettings } from '../module-settings.js';

/** Settings of the monitoring module: Netdata, where it comes from, and where its web server listens. */
export const monitoringSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    source: {
      type: 'string',
      enum: ['distro', 'installer'],
      default: 'distro',
      description:
        "distro: the distribution's netdata package (Debian 12: Netdata 1.37); installer: Netdata's official kickstart.sh at `installer_version`, native packages only, automatic updates and telemetry off",
    },
    bind: {
      type: 'string',
      pattern: '^(\\*|((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9]))$',
      default: '127.0.0.1',
      description:
        'IPv4 address the dashboard and API listen on, or * for every address; Netdata is not meant to face the internet: keep 127.0.0.1 and reach it through an SSH tunnel or a proxy',
    },
    port: {
      type: 'integer',
      minimum: 1,
      maximum: 65535,
      default: 19999,
      description: 'TCP port of the dashboard and API',
    },
    installer_url: {
      type: 'string',
      pattern: '^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?/[A-Za-z0-9._~/%+-]*$',
      default: 'https://get.netdata.cloud/kickstart.sh',
      description: 'source: installer only: where kickstart.sh is downloaded from (https only)',
    },
    installer_version: {
      type: 'string',
      pattern: '^([0-9]+\\.[0-9]+\\.[0-9]+)?$',
      default: '',
      description: 'source: installer only, and then required: the Netdata release to install, e.g. 1.44.3 (a different installed version is reinstalled)',
    },
    installer_sha256: {
      type: 'string',
      pattern: '^([0-9a-f]{64})?$',
      default: '',
      description: 'source: installer only: SHA-256 the downloaded kickstart.sh must have; empty: not checked (pin installer_url to a tagged copy to use one)',
    },
  },
} as const;

export type MonitoringSettings = ModuleSettings<typeof monitoringSchema>;
