import type { ModuleSettings } from '../module-settings.js';

/** A DNS label: what avahi accepts as a host name (without `.local`). */
const LABEL = '^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$';

/** Settings of the mdns module: avahi-daemon, the host's `.local` name and the services it announces. */
export const mdnsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    host_name: {
      type: 'string',
      pattern: LABEL,
      description:
        'the name the host answers to as NAME.local (host-name in /etc/avahi/avahi-daemon.conf); unset: avahi uses the system host name, and Phanes leaves the key as it is',
    },
    allow_interfaces: {
      type: 'array',
      items: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,15}$' },
      minItems: 1,
      uniqueItems: true,
      description: 'network interfaces avahi uses (allow-interfaces), e.g. [eth0] to stay off a VPN or Docker bridge; unset: all, and Phanes leaves the key as it is',
    },
    services: {
      type: 'array',
      default: [],
      description: 'services announced on the local network, each as /etc/avahi/services/phanes-TYPE-PORT.service; files of services removed from this list are removed',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'type', 'port'],
        properties: {
          name: {
            type: 'string',
            minLength: 1,
            maxLength: 63,
            description: 'the name people see when browsing, e.g. "Grafana on %h" (%h: the host name)',
          },
          type: {
            type: 'string',
            pattern: '^_[A-Za-z0-9-]{1,15}\\._(tcp|udp)$',
            description: 'DNS-SD service type, e.g. _http._tcp, _ssh._tcp, _smb._tcp',
          },
          port: { type: 'integer', minimum: 1, maximum: 65535, description: 'port the service listens on' },
          txt: {
            type: 'array',
            default: [],
            items: { type: 'string', pattern: '^[^=\\r\\n]+(=[^\\r\\n]*)?$', maxLength: 255 },
            description: 'TXT records, each `key=value` (or a bare `key`), e.g. version=2',
          },
        },
      },
    },
  },
} as const;

export type MdnsSettings = ModuleSettings<typeof mdnsSchema>;
