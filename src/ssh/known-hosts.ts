/**
 * Reads, checks and appends to OpenSSH known_hosts files. Everything except `appendKnownHost` is pure.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { matchHostPatterns } from './ssh-config-syntax.js';

/** Which host names a line covers: a `|1|salt|hash` hashed name, or a comma-separated pattern list. */
export type KnownHostNames =
  | { readonly kind: 'hashed'; readonly salt: Buffer; readonly hash: Buffer }
  | { readonly kind: 'patterns'; readonly patterns: readonly string[] };

/** One usable known_hosts line (comments and malformed lines are not kept). */
export interface KnownHostEntry {
  /** 1-based line number, for messages such as "offending key in known_hosts:12". */
  readonly line: number;
  readonly names: KnownHostNames;
  /** True for `@revoked` lines: this key must never be accepted for these names. */
  readonly revoked: boolean;
  /**
   * True for `@cert-authority` lines: the key signs host certificates for these names; it is never a host
   * key itself. ssh2 cannot receive host certificates, so such a host is refused with a clear message.
   */
  readonly certAuthority?: boolean;
  readonly keyType: string;
  /** The SSH wire blob of the public key. */
  readonly key: Buffer;
}

/** A key on file for one host and port. */
export interface KnownHostKey {
  readonly keyType: string;
  readonly key: Buffer;
  readonly revoked: boolean;
  readonly line: number;
  /** Only in lookups that ask for certificate authorities. */
  readonly certAuthority?: boolean;
}

/** Outcome of comparing a presented host key with the file. */
export type HostKeyVerdict = 'match' | 'unknown' | 'changed' | 'revoked';

/** A verdict plus the host's non-revoked keys on file (all types), for messages and algorithm choice. */
export interface HostKeyCheck {
  readonly verdict: HostKeyVerdict;
  readonly known: readonly KnownHostKey[];
  /** The match was found under the host name without the port (OpenSSH's fallback on a non-default port). */
  readonly withoutPort?: boolean;
  /** `@cert-authority` lines covering the host: it is meant to be verified by a host certificate. */
  readonly certAuthorities?: readonly KnownHostKey[];
}

/** Tuning for `appendKnownHost`; the defaults suit interactive runs. */
export interface AppendOptions {
  /** Give up waiting for the lock after this many ms. Default 5000. */
  readonly lockTimeoutMs?: number;
  /** A lock file older than this many ms is left over from a crashed run and removed. Default 30000. */
  readonly staleLockMs?: number;
}

const SHA1_LENGTH = 20;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Parses known_hosts text; lines that are not a usable entry are skipped, never thrown on (as ssh does). */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) return;
    let revoked = false;
    let certAuthority = false;
    if (fields[0].startsWith('@')) {
      const marker = fields[0];
      if (marker === '@revoked') revoked = true;
      else if (marker === '@cert-authority') certAuthority = true;
      else return;
      fields.shift();
    }
    const [hosts, keyType, base64] = fields;
    if (hosts === undefined || keyType === undefined || base64 === undefined || !BASE64.test(base64)) return;
    const names = parseNames(hosts);
    const key = Buffer.from(base64, 'base64');
    // A blob whose own type disagrees with the type field is corrupt; sshkey_read refuses it too.
    if (names === undefined || readKeyType(key) !== keyType) return;
    entries.push({ line: index + 1, names, revoked, keyType, key, ...(certAuthority && { certAuthority }) });
  });
  return entries;
}

/**
 * The keys on file for `host` at `port`, revoked ones included and flagged, in file order.
 * `@cert-authority` lines only with `certAuthorities` (they are never host keys), flagged.
 */
export function lookupHostKeys(entries: readonly KnownHostEntry[], host: string, port: number, options: { certAuthorities?: boolean } = {}): KnownHostKey[] {
  const name = hostPortName(host, port).toLowerCase();
  return entries
    .filter((e) => (options.certAuthorities === true || e.certAuthority !== true) && namesMatch(e.names, name))
    .map((e) => ({ keyType: e.keyType, key: e.key, revoked: e.revoked, line: e.line, ...(e.certAuthority === true && { certAuthority: true }) }));
}

/**
 * Compares the key a server presented with the file.
 * - `revoked`: the key is on an `@revoked` line for this host; never accept it.
 * - `match`: a non-revoked entry holds exactly this key.
 * - `changed`: some entry holds a key of the same type, and none equals this one.
 * - `unknown`: no entry of this key type. `known` then lists the host's keys of other types.
 *
 * OpenSSH differs on the last case: with any key on file for the host it reports "changed" whatever the
 * type, and avoids that by offering known key types first. We split the case out so the caller can
 * restrict the host key algorithms it offers to the types in `known` and reconnect; it must never
 * treat `unknown` as "new host" (accept-new) while `known` is non-empty, or a man in the middle could
 * pass by presenting a different key type.
 */
export function checkHostKey(
  entries: readonly KnownHostEntry[],
  host: string,
  port: number,
  presentedKey: Buffer,
): HostKeyCheck {
  const atPort = checkOneName(entries, host, port, presentedKey);
  if (atPort.verdict !== 'unknown' || port === 22) return withAuthorities(atPort, entries, host, port);
  // OpenSSH (sshconnect.c check_host_key): a key of a type not on file for [host]:port is checked again
  // under the bare host name, and trusted when it is there. A key revoked there stays refused (ssh would
  // then treat the host as new; refusing is the safer reading).
  const bare = checkOneName(entries, host, 22, presentedKey);
  if (bare.verdict === 'match') return { verdict: 'match', known: atPort.known, withoutPort: true };
  if (bare.verdict === 'revoked') return { verdict: 'revoked', known: atPort.known };
  const checked = withAuthorities(atPort, entries, host, port);
  return checked.certAuthorities === undefined ? withAuthorities(atPort, entries, host, 22) : checked;
}

function checkOneName(entries: readonly KnownHostEntry[], host: string, port: number, presentedKey: Buffer): HostKeyCheck {
  const all = lookupHostKeys(entries, host, port);
  const known = all.filter((k) => !k.revoked);
  if (all.some((k) => k.revoked && k.key.equals(presentedKey))) return { verdict: 'revoked', known };
  if (known.some((k) => k.key.equals(presentedKey))) return { verdict: 'match', known };
  const type = keyTypeOf(presentedKey);
  return { verdict: known.some((k) => k.keyType === type) ? 'changed' : 'unknown', known };
}

/** Adds the `@cert-authority` lines for the host to an `unknown` verdict, so the caller can say why it refuses. */
function withAuthorities(check: HostKeyCheck, entries: readonly KnownHostEntry[], host: string, port: number): HostKeyCheck {
  if (check.verdict !== 'unknown') return check;
  const authorities = lookupHostKeys(entries, host, port, { certAuthorities: true }).filter((k) => k.certAuthority === true);
  return authorities.length === 0 ? check : { ...check, certAuthorities: authorities };
}

/** OpenSSH-style fingerprint of a wire-format public key: `SHA256:` and unpadded base64 of its SHA-256. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named by a wire-format public key (its first SSH string), e.g. `ssh-ed25519`. */
export function keyTypeOf(key: Buffer): string {
  const type = readKeyType(key);
  if (type === undefined) {
    throw new Error(`not an SSH public key blob (${key.length} bytes): it must start with a length-prefixed key type`);
  }
  return type;
}

/** One known_hosts line for `host` at `port`: `host` for port 22, `[host]:port` otherwise, then type and key. */
export function knownHostsLine(host: string, port: number, key: Buffer): string {
  // A name with spaces, commas or wildcards would change what the line matches; refuse it.
  if (!/^[A-Za-z0-9._:%-]+$/.test(host)) {
    throw new Error(`cannot write host ${JSON.stringify(host)} to known_hosts: only letters, digits and . _ : % - are allowed`);
  }
  return `${hostPortName(host, port).toLowerCase()} ${keyTypeOf(key)} ${key.toString('base64')}`;
}

/**
 * Appends the line for `host`/`port`/`key` to `file` unless an equal entry is already there: `added` or
 * `present`. Holds `FILE.lock` meanwhile and re-reads the file under it, so concurrent runs add one line.
 * Creates the file (mode 600) and its directory (mode 700). Refuses a key that the file says is revoked
 * or changed, since appending it would make it trusted next to the key it contradicts.
 */
export async function appendKnownHost(
  file: string,
  host: string,
  port: number,
  key: Buffer,
  options: AppendOptions = {},
): Promise<'added' | 'present'> {
  const line = knownHostsLine(host, port, key);
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const lockFile = `${file}.lock`;
  await takeLock(lockFile, options.lockTimeoutMs ?? 5000, options.staleLockMs ?? 30_000);
  try {
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    const { verdict } = checkHostKey(parseKnownHosts(text), host, port, key);
    if (verdict === 'match') return 'present';
    if (verdict !== 'unknown') {
      throw new Error(
        `${file}: not adding the ${keyTypeOf(key)} key ${fingerprint(key)} for ${hostPortName(host, port)}: ` +
          `the file says it is ${verdict}. Check the host key out of band, then fix or remove the old line.`,
      );
    }
    const handle = await open(file, 'a', 0o600);
    try {
      // Keep the new entry on its own line when the file lacks a final newline.
      const prefix = text === '' || text.endsWith('\n') ? '' : '\n';
      await handle.appendFile(`${prefix}${line}\n`);
    } finally {
      await handle.close();
    }
    return 'added';
  } finally {
    await unlink(lockFile).catch(() => undefined);
  }
}

/**
 * Creates `lockFile` exclusively, retrying every 25 ms up to `timeoutMs`. A lock older than `staleMs` is
 * removed first (a crashed run left it); two runs removing the same stale lock at once is possible but
 * needs a crash plus a race within a few ms, and costs at most a duplicate line.
 */
async function takeLock(lockFile: string, timeoutMs: number, staleMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(lockFile, 'wx', 0o600);
      await handle.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const info = await stat(lockFile).catch(() => undefined);
    if (info !== undefined && Date.now() - info.mtimeMs > staleMs) {
      // Retry at once only when the removal worked, so an undeletable lock still ends at the deadline.
      const removed = await unlink(lockFile).then(() => true, () => false);
      if (removed) continue;
    }
    if (Date.now() >= deadline) {
      throw new Error(`${lockFile}: still locked after ${timeoutMs} ms; if no other Phanes run is active, remove the lock file`);
    }
    await sleep(25);
  }
}

/** The name ssh looks up: `host` on port 22, `[host]:port` otherwise. */
function hostPortName(host: string, port: number): string {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(`port ${port} is not in 1..65535`);
  return port === 22 ? host : `[${host}]:${port}`;
}

function parseNames(field: string): KnownHostNames | undefined {
  if (field.startsWith('|')) {
    // Hashed: the whole field is one `|1|salt|hash`, both SHA-1 sized, as OpenSSH requires.
    const parts = field.split('|');
    if (parts.length !== 4 || parts[1] !== '1' || !BASE64.test(parts[2] ?? '') || !BASE64.test(parts[3] ?? '')) return undefined;
    const salt = Buffer.from(parts[2] ?? '', 'base64');
    const hash = Buffer.from(parts[3] ?? '', 'base64');
    if (salt.length !== SHA1_LENGTH || hash.length !== SHA1_LENGTH) return undefined;
    return { kind: 'hashed', salt, hash };
  }
  // ssh lower-cases both sides of a known_hosts name match.
  const patterns = field.toLowerCase().split(',').filter((p) => p !== '');
  return patterns.length === 0 ? undefined : { kind: 'patterns', patterns };
}

function namesMatch(names: KnownHostNames, name: string): boolean {
  if (names.kind === 'patterns') return matchHostPatterns(name, names.patterns);
  const hash = createHmac('sha1', names.salt).update(name).digest();
  return timingSafeEqual(hash, names.hash);
}

/** The first SSH string of a blob, or undefined when the blob is too short or the name is not printable. */
function readKeyType(key: Buffer): string | undefined {
  if (key.length < 4) return undefined;
  const length = key.readUInt32BE(0);
  if (length === 0 || length > 256 || key.length < 4 + length) return undefined;
  const type = key.subarray(4, 4 + length).toString('latin1');
  return /^[\x21-\x7e]+$/.test(type) ? type : undefined;
}
