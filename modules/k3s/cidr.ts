/** An IPv4 network: its first address as an unsigned 32-bit number, and its prefix length. */
export interface Cidr {
  readonly base: number;
  readonly prefix: number;
}

const ADDRESS = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** An IPv4 address as an unsigned 32-bit number, or null when it is not one. */
export function parseAddress(text: string): number | null {
  const match = ADDRESS.exec(text);
  if (!match) return null;
  const parts = match.slice(1).map(Number);
  if (parts.some((part) => part > 255)) return null;
  return parts.reduce((value, part) => value * 256 + part, 0);
}

/** Dotted form of an unsigned 32-bit address. */
export function formatAddress(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** How many addresses a prefix length holds. */
export function sizeOf(prefix: number): number {
  return 2 ** (32 - prefix);
}

/**
 * `A.B.C.D/N` (or a bare address, as /32) as written, host bits kept: `exact` says whether they were all
 * zero, so a caller can refuse `10.42.0.5/16` rather than silently meaning 10.42.0.0/16.
 */
export function parseCidr(text: string): { cidr: Cidr; exact: boolean } | null {
  const [address = '', prefixText = '32', ...rest] = text.split('/');
  if (rest.length > 0 || !/^\d{1,2}$/.test(prefixText)) return null;
  const value = parseAddress(address);
  const prefix = Number(prefixText);
  if (value === null || prefix > 32) return null;
  const base = value - (value % sizeOf(prefix));
  return { cidr: { base, prefix }, exact: base === value };
}

/** `A.B.C.D/N`. */
export function formatCidr(cidr: Cidr): string {
  return `${formatAddress(cidr.base)}/${cidr.prefix}`;
}

/** Whether two networks share an address (one then holds the other). */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + sizeOf(b.prefix) && b.base < a.base + sizeOf(a.prefix);
}

/** Whether an address lies in a network. */
export function contains(cidr: Cidr, address: number): boolean {
  return address >= cidr.base && address < cidr.base + sizeOf(cidr.prefix);
}

/** The network's address number `n` (0 is the network's own address). */
export function nthAddress(cidr: Cidr, n: number): number {
  if (n < 0 || n >= sizeOf(cidr.prefix)) throw new RangeError(`${formatCidr(cidr)} has no address number ${n}`);
  return cidr.base + n;
}
