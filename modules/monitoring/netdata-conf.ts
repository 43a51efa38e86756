import type { MonitoringSettings } from '../../schemas/modules/monitoring.js';

export const NETDATA_CONF = '/etc/netdata/netdata.conf';

/**
 * netdata.conf as Phanes owns it: only what differs from Netdata's defaults for these settings. `bind to`
 * takes IP:PORT (`*` for every address); the keys are the same in Debian's 1.37 and current releases.
 */
export function netdataConfContent(settings: MonitoringSettings): string {
  return [
    '# Written by Phanes (monitoring module). Changes made here are overwritten.',
    '# The full configuration with every default: curl http://127.0.0.1:PORT/netdata.conf',
    '[global]',
    '\trun as user = netdata',
    '',
    '[web]',
    `\tbind to = ${settings.bind}:${settings.port}`,
    `\tdefault port = ${settings.port}`,
    '',
  ].join('\n');
}

/** Where the health check asks the API: the bound address, or loopback when bound to every address. */
export function apiAddress(settings: MonitoringSettings): string {
  return settings.bind === '*' || settings.bind === '0.0.0.0' ? '127.0.0.1' : settings.bind;
}
