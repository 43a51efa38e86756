/**
 * OpenSSH's a2port: a port number 1..65535 written as a number (strtonum: leading blanks and a sign are
 * allowed) or as a TCP service name from /etc/services (getservbyname), e.g. `Port ssh`.
 */
import { readFileSync } from 'node:fs';

let services: Map<string, number> | undefined;

/** TCP service names and aliases from `text` (the format of /etc/services). */
export function parseServices(text: string): Map<string, number> {
  const table = new Map<string, number>();
  for (const raw of text.split('\n')) {
    const words = (raw.split('#')[0] ?? '').trim().split(/\s+/);
    const [name, portProto, ...aliases] = words;
    const match = /^(\d+)\/tcp$/.exec(portProto ?? '');
    if (name === undefined || name === '' || !match) continue;
    const port = Number(match[1]);
    // getservbyname returns the first entry that names it.
    for (const n of [name, ...aliases]) if (!table.has(n)) table.set(n, port);
  }
  return table;
}

function serviceTable(): Map<string, number> {
  if (services === undefined) {
    try {
      services = parseServices(readFileSync('/etc/services', 'utf8'));
    } catch {
      services = new Map();
    }
  }
  return services;
}

/** The port `text` names, or undefined where ssh says "Bad port" (0, out of range, unknown name). */
export function a2port(text: string, table: ReadonlyMap<string, number> = serviceTable()): number | undefined {
  // strtonum = strtoll (leading isspace, one sign, decimal digits) with nothing after the digits.
  const numeric = /^[ \t\n\v\f\r]*([+-]?)(\d+)$/.exec(text);
  if (numeric) {
    const n = Number(`${numeric[1]}${numeric[2]}`);
    if (n >= 0 && n <= 65535) return n === 0 ? undefined : n;
  }
  const port = table.get(text);
  return port === undefined || port === 0 ? undefined : port;
}
