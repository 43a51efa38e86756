import type { Fact } from '../../src/facts/fact.js';
import { sh } from '../../src/shell/command.js';
import { formatCidr, parseCidr, type Cidr } from './cidr.js';

/** An IPv4 network the host uses, and how it showed (for messages). */
export interface HostNetwork {
  readonly cidr: Cidr;
  /** `eth0 address 192.0.2.2/24`, `route 198.51.100.0/24 via eth0`. */
  readonly where: string;
}

/**
 * Interfaces k3s itself creates (its k3s-killall.sh deletes exactly these): their addresses and routes are
 * the cluster's own pod networks, not networks the cluster could clash with.
 */
export const K3S_INTERFACES: ReadonlySet<string> = new Set(['cni0', 'flannel.1', 'flannel-v6.1', 'flannel-wg', 'flannel-wg-v6', 'kube-ipvs0']);

/** Routes shorter than this stand for a default route (a VPN's 0.0.0.0/1 and 128.0.0.0/1), not a network. */
const SHORTEST_ROUTE_PREFIX = 8;

/** Route types `ip route` may print before the destination. */
const ROUTE_TYPES = new Set(['unicast', 'local', 'broadcast', 'multicast', 'throw', 'unreachable', 'prohibit', 'blackhole', 'nat', 'anycast']);

/** The word after `key` in a line's words, or undefined. */
function after(words: readonly string[], key: string): string | undefined {
  const i = words.indexOf(key);
  return i < 0 ? undefined : words[i + 1];
}

/**
 * Parses `ip -o -4 addr show`: one line per address, `4: eth0    inet 192.0.2.2/24 brd ... scope global eth0\ ...`
 * (a point-to-point link: `inet 10.0.0.5 peer 10.0.0.1/32`, whose network is the peer's). The network of each
 * address, k3s's own interfaces left out.
 */
export function parseAddresses(output: string): HostNetwork[] {
  const networks: HostNetwork[] = [];
  for (const line of output.split('\n')) {
    const words = line.trim().split(/\s+/);
    const name = (words[1] ?? '').replace(/@.*$/, '');
    const local = after(words, 'inet');
    if (local === undefined || K3S_INTERFACES.has(name)) continue;
    const written = after(words, 'peer') ?? local;
    const parsed = parseCidr(written);
    if (parsed) networks.push({ cidr: parsed.cidr, where: `${name} address ${written}` });
  }
  return networks;
}

/**
 * Parses `ip -o -4 route` (the main table): `198.51.100.0/24 via 192.0.2.1 dev eth0 `, `blackhole 10.9.0.0/16`.
 * The default route, catch-all routes shorter than /8 and routes through k3s's own interfaces are left out.
 */
export function parseRoutes(output: string): HostNetwork[] {
  const networks: HostNetwork[] = [];
  for (const line of output.split('\n')) {
    const words = line.trim().split(/\s+/).filter(Boolean);
    if (words.length > 0 && ROUTE_TYPES.has(words[0]!)) words.shift();
    const destination = words[0];
    const device = after(words, 'dev');
    if (destination === undefined || destination === 'default' || (device !== undefined && K3S_INTERFACES.has(device))) continue;
    const parsed = parseCidr(destination);
    if (!parsed || parsed.cidr.prefix < SHORTEST_ROUTE_PREFIX) continue;
    networks.push({ cidr: parsed.cidr, where: `route ${formatCidr(parsed.cidr)}${device === undefined ? '' : ` via ${device}`}` });
  }
  return networks;
}

/** The host's IPv4 addresses (their networks). */
export const hostAddressesFact: Fact<HostNetwork[]> = {
  description: 'IPv4 addresses of the host',
  command: sh`ip -o -4 addr show`,
  sharesShell: true,
  parse: (output) => parseAddresses(output),
};

/** The host's IPv4 routes: networks it reaches through a gateway or a VPN. */
export const hostRoutesFact: Fact<HostNetwork[]> = {
  description: 'IPv4 routes of the host',
  command: sh`ip -o -4 route`,
  sharesShell: true,
  parse: (output) => parseRoutes(output),
};
