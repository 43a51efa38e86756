/**
 * CIDR prefixes as tailscale reads and prints them (Go's netip.ParsePrefix and Prefix.String): plan compares
 * the wanted routes with the node's AdvertiseRoutes in that canonical text, and refuses what tailscale
 * itself would refuse (host bits set) before anything runs.
 */

/** The IPv4 and IPv6 default routes: advertising both is what `--advertise-exit-node` does. */
export const EXIT_ROUTES: readonly string[] = ['0.0.0.0/0', '::/0'];

/** A prefix taken apart: its address as bytes (4 or 16) and its length. */
interface Prefix {
  readonly bytes: readonly number[];
  readonly bits: number;
}

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.map(Number);
}

function parseIpv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (![...head, ...tail].every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const words = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail].map((g) => parseInt(g, 16));
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

function parsePrefix(text: string): Prefix | undefined {
  const slash = text.indexOf('/');
  if (slash < 0 || !/^(0|[1-9][0-9]{0,2})$/.test(text.slice(slash + 1))) return undefined;
  const address = text.slice(0, slash);
  const bytes = address.includes(':') ? parseIpv6(address) : parseIpv4(address);
  const bits = Number(text.slice(slash + 1));
  if (!bytes || bits > bytes.length * 8) return undefined;
  return { bytes, bits };
}

/** The prefix with every bit past its length cleared. */
function masked(prefix: Prefix): Prefix {
  const bytes = prefix.bytes.map((byte, i) => {
    const keep = Math.max(0, Math.min(8, prefix.bits - i * 8));
    return byte & ((0xff << (8 - keep)) & 0xff);
  });
  return { bytes, bits: prefix.bits };
}

/** IPv6 text as Go prints it (RFC 5952): lowercase, no leading zeros, the first longest run of 2+ zero groups as `::`. */
function formatIpv6(bytes: readonly number[]): string {
  const words = Array.from({ length: 8 }, (_, i) => (bytes[2 * i]! << 8) | bytes[2 * i + 1]!);
  let start = -1;
  let length = 1;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > length) [start, length] = [i, j - i];
  }
  const hex = (list: number[]) => list.map((w) => w.toString(16)).join(':');
  return start < 0 ? hex(words) : `${hex(words.slice(0, start))}::${hex(words.slice(start + length))}`;
}

function format(prefix: Prefix): string {
  const address = prefix.bytes.length === 4 ? prefix.bytes.join('.') : formatIpv6(prefix.bytes);
  return `${address}/${prefix.bits}`;
}

/** A route as tailscale prints it, or why tailscale would refuse it. */
export type CanonicalRoute = { readonly route: string } | { readonly error: string };

/** Reads one route setting: its canonical text, or the reason it cannot be advertised as a subnet route. */
export function canonicalRoute(text: string): CanonicalRoute {
  const prefix = parsePrefix(text);
  if (!prefix) return { error: `${text} is not a CIDR prefix` };
  const clean = format(masked(prefix));
  if (clean !== format(prefix)) return { error: `${text} has bits set past its /${prefix.bits}: write ${clean}` };
  if (EXIT_ROUTES.includes(clean)) return { error: `${text} is a default route: set advertise_exit_node: true instead` };
  return { route: clean };
}
