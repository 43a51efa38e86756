/**
 * ProxyJump values as OpenSSH 9.2 reads them (readconf.c parse_jump, misc.c parse_ssh_uri and
 * parse_user_host_port): a comma-separated list of `[user@]host[:port]` or `ssh://[user@]host[:port]`
 * hops, connected in the order written; the user is everything before the LAST `@` (so it may hold `@`).
 */
import { a2port } from './service-port.js';

/** One jump host: user and port only when written. */
export interface JumpHop {
  readonly user?: string;
  readonly host: string;
  readonly port?: number;
}

/** A ProxyJump value: `none`, the hops (first hop first), or why ssh refuses it. */
export type JumpValue = { readonly none: true } | { readonly hops: readonly JumpHop[] } | { readonly error: string };

/**
 * Reads the ProxyJump value `raw` (the line after the keyword and any `=`). Whitespace inside the value is
 * refused: OpenSSH up to 10.1 keeps only the part before it, 10.2 and later the whole text, so no reading
 * is safe.
 */
export function parseJumpValue(raw: string): JumpValue {
  // ssh compares the raw text, comment included, with "none".
  if (raw.toLowerCase() === 'none') return { none: true };
  const hash = raw.indexOf('#');
  const value = (hash < 0 ? raw : raw.slice(0, hash)).replace(/[ \t\n\v\f\r]+$/, '');
  if (/[ \t\n\v\f\r]/.test(value)) {
    return { error: `ProxyJump "${raw}" has words after the value, which OpenSSH versions read differently; write one comma-separated list without spaces` };
  }
  const hops: JumpHop[] = [];
  for (const part of value.split(',')) {
    const hop = parseJumpHop(part);
    if (hop === undefined) return { error: `Invalid ProxyJump "${raw}"; write [user@]host[:port] or ssh://[user@]host[:port], several separated by commas` };
    hops.push(hop);
  }
  return { hops };
}

/** One hop, as parse_ssh_uri, else parse_user_host_port; undefined where ssh refuses it. */
export function parseJumpHop(text: string): JumpHop | undefined {
  if (text.startsWith('ssh://')) return parseSshUri(text.slice('ssh://'.length));
  let rest = text;
  let user: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    user = rest.slice(0, at);
    if (user === '') return undefined;
    rest = rest.slice(at + 1);
  }
  const split = hostAndRest(rest, false);
  if (split === undefined || split.host === '') return undefined;
  let port: number | undefined;
  if (split.rest !== undefined && split.rest !== '') {
    port = a2port(split.rest);
    if (port === undefined) return undefined;
  }
  return { ...(user !== undefined && { user }), host: cleanHostName(split.host), ...(port !== undefined && { port }) };
}

/** `[user[;params]@]host[:port][/]` after `ssh://`; a path, an empty user or a bad host name is refused. */
function parseSshUri(text: string): JumpHop | undefined {
  let rest = text;
  let user: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    const info = rest.slice(0, at);
    const written = info.split(';')[0] ?? '';
    if (written === '') return undefined;
    user = urlDecode(written);
    if (user === undefined) return undefined;
    rest = rest.slice(at + 1);
  }
  const split = hostAndRest(rest, true);
  if (split === undefined || split.host === '') return undefined;
  const host = cleanHostName(split.host);
  if (!validDomain(host)) return undefined;
  let port: number | undefined;
  let after = split.rest;
  if (after !== undefined && after !== '' && split.delimiter === ':') {
    const slash = after.indexOf('/');
    port = a2port(slash < 0 ? after : after.slice(0, slash));
    if (port === undefined) return undefined;
    after = slash < 0 ? undefined : after.slice(slash + 1);
  }
  // A path is not allowed in a ProxyJump URI.
  if (after !== undefined && after !== '') return undefined;
  return { ...(user !== undefined && { user }), host: host.replace(/\.$/, ''), ...(port !== undefined && { port }) };
}

/** misc.c hpdelim/hpdelim2: the host (a `[...]` literal or up to `:` or `/`) and what follows the delimiter. */
function hostAndRest(text: string, allowSlash: boolean): { host: string; rest?: string; delimiter?: string } | undefined {
  let end: number;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return undefined;
    end = close + 1;
  } else {
    const found = text.search(/[:/]/);
    end = found < 0 ? text.length : found;
  }
  if (end === text.length) return { host: text };
  const delimiter = text[end];
  if (delimiter !== ':' && delimiter !== '/') return undefined;
  if (delimiter === '/' && !allowSlash) return undefined;
  return { host: text.slice(0, end), rest: text.slice(end + 1), delimiter };
}

function cleanHostName(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** misc.c valid_domain without lower-casing: letters, digits, `-`, `_`, `.`; no `..`; starts alphanumeric. */
function validDomain(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) && !name.includes('..');
}

/** `+` is a space and `%XX` a byte; a bad escape is refused. */
function urlDecode(text: string): string | undefined {
  if (/%(?![0-9A-Fa-f]{2})/.test(text)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === '+') bytes.push(0x20);
    else if (c === '%') {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(c, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The hop list as `ssh -G` prints it: numeric hosts in brackets, `user@` and `:port` when set. */
export function formatJumpHop(hop: JumpHop): string {
  const numeric = hop.host.includes(':') || /^[0-9.]+$/.test(hop.host);
  const host = numeric ? `[${hop.host}]` : hop.host;
  return `${hop.user === undefined ? '' : `${hop.user}@`}${host}${hop.port === undefined ? '' : `:${hop.port}`}`;
}
