import { secretSetting, type ModuleSettings } from '../module-settings.js';

/** An IPv4 prefix as Go's netip.ParsePrefix reads it: dotted quad without leading zeros, then /0 to /32. */
const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
const IPV4_PREFIX = `${OCTET}(\\.${OCTET}){3}/(3[0-2]|[12]?[0-9])`;
/** An IPv6 prefix: hex groups and at most one `::` (counted in plan), then /0 to /128; no zone, no dotted tail. */
const IPV6_PREFIX = '[0-9A-Fa-f:]*:[0-9A-Fa-f:]*/(12[0-8]|1[01][0-9]|[1-9]?[0-9])';

/** Settings of the tailscale module: Tailscale from its apt repository, and this node's membership of a tailnet. */
export const tailscaleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['auth_key'],
  properties: {
    auth_key: secretSetting(
      'auth key (tskey-auth-...) for joining the tailnet; used only when the node must log in (first join, or after a logout or an expired node key), written for that moment to a 0600 root file in /run that `tailscale up --auth-key=file:...` reads and that is removed right after; never in argv, plan output or logs',
    ),
    hostname: {
      type: 'string',
      pattern: '^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)?$',
      default: '',
      description: "the node's name in the tailnet (`--hostname`), one DNS label; empty: the host's own name",
    },
    tags: {
      type: 'array',
      items: { type: 'string', pattern: '^tag:[A-Za-z][A-Za-z0-9-]*$' },
      uniqueItems: true,
      default: [],
      description:
        'ACL tags the node asks for (`--advertise-tags`), each `tag:NAME`; the auth key\'s owner must own them in the tailnet policy (tagOwners); changing them re-runs `tailscale up`',
    },
    ssh: {
      type: 'boolean',
      default: false,
      description: 'run Tailscale SSH (`--ssh`): the tailnet policy decides who may log in over the tailnet; sshd is left as it is',
    },
    advertise_routes: {
      type: 'array',
      items: { type: 'string', pattern: `^(${IPV4_PREFIX}|${IPV6_PREFIX})$` },
      uniqueItems: true,
      default: [],
      description:
        'subnets this node routes for the tailnet (`--advertise-routes`), as CIDR prefixes without host bits (10.0.0.0/24, fd00:1::/64); an admin approves them in the admin console; 0.0.0.0/0 and ::/0 belong to advertise_exit_node',
    },
    advertise_exit_node: {
      type: 'boolean',
      default: false,
      description: 'offer this node as an exit node for internet traffic (`--advertise-exit-node`); an admin approves it in the admin console',
    },
    accept_routes: {
      type: 'boolean',
      default: false,
      description: 'use the subnet routes other nodes advertise (`--accept-routes`); off by default on Linux',
    },
  },
} as const;

export type TailscaleSettings = ModuleSettings<typeof tailscaleSchema>;
