import { execFileSync, spawnSync } from 'node:child_process';
import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  appendKnownHost,
  checkHostKey,
  fingerprint,
  keyTypeOf,
  knownHostsLine,
  lookupHostKeys,
  parseKnownHosts,
  type KnownHostEntry,
} from '../../../src/ssh/known-hosts.js';

const FIXTURES = new URL('../../../fixtures/ssh/', import.meta.url);
const KNOWN_HOSTS_PATH = new URL('known_hosts', FIXTURES).pathname;
const entries = parseKnownHosts(readFileSync(KNOWN_HOSTS_PATH, 'utf8'));

/** The wire blob of fixtures/ssh/keys/NAME.pub. */
function fixtureKey(name: string): Buffer {
  const fields = readFileSync(new URL(`keys/${name}.pub`, FIXTURES), 'utf8').trim().split(' ');
  return Buffer.from(fields[1] ?? '', 'base64');
}
const alpha = fixtureKey('alpha');
const bravo = fixtureKey('bravo');
const charlie = fixtureKey('charlie');
const delta = fixtureKey('delta');
const echo = fixtureKey('echo');
const foxtrot = fixtureKey('foxtrot');

/** An SSH wire string: uint32 length, then the bytes. */
function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** A fresh ed25519 public key as an SSH wire blob (the raw key is the last 32 bytes of the SPKI DER). */
function newEd25519(): Buffer {
  const spki = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' });
  return Buffer.concat([sshString(Buffer.from('ssh-ed25519')), sshString(spki.subarray(-32))]);
}

/** A hashed known_hosts name, made the way `ssh-keygen -H` makes it. */
function hashedName(name: string, salt = randomBytes(20)): string {
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

const hasSshKeygen = spawnSync('ssh-keygen', ['-?'], { stdio: 'ignore' }).error === undefined;

/** Lines `ssh-keygen -F name -f file` reports, `r` appended for revoked ones, CA lines left out. */
function sshKeygenFind(file: string, name: string): string[] {
  const out = spawnSync('ssh-keygen', ['-F', name, '-f', file], { encoding: 'utf8' }).stdout;
  return [...out.matchAll(/^# Host .* found: line (\d+)( REVOKED| CA)? *$/gm)]
    .filter((m) => m[2] !== ' CA')
    .map((m) => `${m[1]}${m[2] === ' REVOKED' ? 'r' : ''}`);
}

/** Our lookup in the same shape as sshKeygenFind. */
function lines(found: readonly { line: number; revoked: boolean }[]): string[] {
  return found.map((k) => `${k.line}${k.revoked ? 'r' : ''}`);
}

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'phanes-known-hosts-'));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('parseKnownHosts on fixtures/ssh/known_hosts', () => {
  it('keeps the usable lines (@cert-authority flagged) and skips comments and malformed lines', () => {
    const summary = entries.map((e: KnownHostEntry) => [
      e.line,
      e.certAuthority === true ? 'ca' : e.revoked,
      e.keyType,
      e.names.kind === 'patterns' ? e.names.patterns.join(',') : 'hashed',
    ]);
    expect(summary).toStrictEqual([
      [3, false, 'ssh-ed25519', 'web1.example.com,192.0.2.10'],
      [4, false, 'ssh-ed25519', '[web1.example.com]:2222'],
      [5, false, 'ssh-ed25519', 'hashed'],
      [6, false, 'ecdsa-sha2-nistp256', 'hashed'],
      [7, false, 'ssh-ed25519', '*.lab.example.com,!secret.lab.example.com'],
      [8, false, 'ssh-ed25519', 'node?.example.com'],
      [9, true, 'ssh-ed25519', '*'],
      [10, 'ca', 'ssh-ed25519', '*.example.com'],
      [11, false, 'ssh-ed25519', 'web2.example.com'],
      [12, false, 'ecdsa-sha2-nistp256', 'web2.example.com'],
      [13, false, 'ssh-ed25519', 'mixed.example.com'],
      [14, false, 'ssh-rsa', 'rsa.example.com'],
      [22, false, 'ssh-ed25519', 'web4.example.com'],
    ]);
    expect(entries[0]?.key.equals(alpha)).toBe(true);
    expect(entries[6]?.key.equals(echo)).toBe(true);
  });

  it('never throws on garbage', () => {
    expect(parseKnownHosts('\0\0\n@revoked\n|1|||\n@\n[\n' + 'x '.repeat(5000))).toStrictEqual([]);
  });
});

describe('lookupHostKeys', () => {
  const golden: [string, number, string[]][] = [
    ['web1.example.com', 22, ['3', '9r']],
    ['192.0.2.10', 22, ['3', '9r']],
    ['WEB1.Example.Com', 22, ['3', '9r']],
    ['web1.example.com', 2222, ['4', '9r']],
    ['web1.example.com', 2200, ['9r']],
    ['db.example.com', 22, ['5', '9r']],
    ['DB.example.com', 22, ['5', '9r']],
    ['db.example.com', 2200, ['6', '9r']],
    ['db.example.com', 2222, ['9r']],
    ['a.lab.example.com', 22, ['7', '9r']],
    ['a.lab.example.com', 2222, ['9r']],
    ['secret.lab.example.com', 22, ['9r']],
    ['node1.example.com', 22, ['8', '9r']],
    ['node12.example.com', 22, ['9r']],
    ['web2.example.com', 22, ['9r', '11', '12']],
    ['mixed.example.com', 22, ['9r', '13']],
    ['web3.example.com', 22, ['9r']],
    ['web4.example.com', 22, ['9r', '22']],
  ];

  it.each(golden)('%s port %i is on lines %j', (host, port, expected) => {
    expect(lines(lookupHostKeys(entries, host, port))).toStrictEqual(expected);
  });

  it.skipIf(!hasSshKeygen)('agrees with `ssh-keygen -F` on every lower-case name without malformed lines', () => {
    for (const [host, port, expected] of golden) {
      if (host !== host.toLowerCase() || host === 'web3.example.com') continue;
      const name = port === 22 ? host : `[${host}]:${port}`;
      expect([name, sshKeygenFind(KNOWN_HOSTS_PATH, name)]).toStrictEqual([name, expected]);
    }
  });

  it('returns type, key and revoked flag', () => {
    expect(lookupHostKeys(entries, 'web2.example.com', 22)).toStrictEqual([
      { keyType: 'ssh-ed25519', key: echo, revoked: true, line: 9 },
      { keyType: 'ssh-ed25519', key: alpha, revoked: false, line: 11 },
      { keyType: 'ecdsa-sha2-nistp256', key: delta, revoked: false, line: 12 },
    ]);
  });

  it.each([0, 65536, 22.5])('refuses port %s', (port) => {
    expect(() => lookupHostKeys(entries, 'h', port)).toThrow(`port ${port} is not in 1..65535`);
  });
});

describe('hashed entries made here', () => {
  it.skipIf(!hasSshKeygen)('match the names ssh-keygen -F matches, for port 22 and [host]:port', () => {
    const dir = tempDir();
    const file = join(dir, 'known_hosts');
    const key = newEd25519();
    const blob = key.toString('base64');
    writeFileSync(
      file,
      [
        `${hashedName('host.test')} ssh-ed25519 ${blob}`,
        `${hashedName('[host.test]:2022')} ssh-ed25519 ${blob}`,
        `${hashedName('other.test')} ssh-ed25519 ${blob}`,
        '',
      ].join('\n'),
    );
    const parsed = parseKnownHosts(readFileSync(file, 'utf8'));
    const cases: [string, number, string, string[]][] = [
      ['host.test', 22, 'host.test', ['1']],
      ['host.test', 2022, '[host.test]:2022', ['2']],
      ['other.test', 22, 'other.test', ['3']],
      ['host.test', 2023, '[host.test]:2023', []],
      ['nohost.test', 22, 'nohost.test', []],
    ];
    for (const [host, port, name, expected] of cases) {
      expect([name, lines(lookupHostKeys(parsed, host, port))]).toStrictEqual([name, expected]);
      expect([name, sshKeygenFind(file, name)]).toStrictEqual([name, expected]);
    }
    expect(checkHostKey(parsed, 'host.test', 2022, key).verdict).toBe('match');
  });

  it('skips a hashed name whose salt or hash is not 20 bytes, or whose version is not 1', () => {
    const blob = alpha.toString('base64');
    const salt = randomBytes(20);
    const good = hashedName('h', salt);
    const text = [
      `${good} ssh-ed25519 ${blob}`,
      `${good.replace('|1|', '|2|')} ssh-ed25519 ${blob}`,
      `|1|${randomBytes(19).toString('base64')}|${createHmac('sha1', salt).update('h').digest('base64')} ssh-ed25519 ${blob}`,
      `${good}|extra ssh-ed25519 ${blob}`,
    ].join('\n');
    expect(parseKnownHosts(text).map((e) => e.line)).toStrictEqual([1]);
  });
});

describe('checkHostKey', () => {
  const golden: [string, string, number, Buffer, string, string[]][] = [
    ['plain name', 'web1.example.com', 22, alpha, 'match', ['3']],
    ['second name of a list', '192.0.2.10', 22, alpha, 'match', ['3']],
    ['same type, other key', 'web1.example.com', 22, bravo, 'changed', ['3']],
    ['[host]:port', 'web1.example.com', 2222, bravo, 'match', ['4']],
    ['port 22 key on another port', 'web1.example.com', 2222, alpha, 'changed', ['4']],
    // OpenSSH's fallback: a key not on file for [host]:port is looked up under the bare name.
    ['port-less entry on another port', 'web1.example.com', 2200, alpha, 'match', []],
    ['port-less entry, other key', 'web1.example.com', 2200, bravo, 'unknown', []],
    ['hashed name', 'db.example.com', 22, charlie, 'match', ['5']],
    ['hashed [host]:port', 'db.example.com', 2200, delta, 'match', ['6']],
    ['other type than known at the port, known without it', 'db.example.com', 2200, charlie, 'match', ['6']],
    ['other type than known at the port and unknown without it', 'db.example.com', 2200, alpha, 'unknown', ['6']],
    ['one of two types', 'web2.example.com', 22, delta, 'match', ['11', '12']],
    ['changed among two types', 'web2.example.com', 22, bravo, 'changed', ['11', '12']],
    ['only rsa known', 'rsa.example.com', 22, alpha, 'unknown', ['14']],
    ['rsa matches', 'rsa.example.com', 22, foxtrot, 'match', ['14']],
    ['wildcard', 'b.lab.example.com', 22, alpha, 'match', ['7']],
    ['negated name', 'secret.lab.example.com', 22, alpha, 'unknown', []],
    ['? wildcard', 'node7.example.com', 22, bravo, 'match', ['8']],
    ['mixed case on file', 'mixed.example.com', 22, charlie, 'match', ['13']],
    ['malformed lines never count', 'web3.example.com', 22, alpha, 'unknown', []],
    ['revoked everywhere, known host', 'web1.example.com', 22, echo, 'revoked', ['3']],
    ['revoked everywhere, new host', 'new.example.org', 22, echo, 'revoked', []],
    ['@cert-authority key is not a host key', 'web9.example.com', 22, charlie, 'unknown', []],
    ['new host', 'new.example.org', 22, alpha, 'unknown', []],
  ];

  it.each(golden)('%s: %s:%i is %s', (_, host, port, key, verdict, known) => {
    const result = checkHostKey(entries, host, port, key);
    expect([result.verdict, lines(result.known)]).toStrictEqual([verdict, known]);
  });

  it('reports the known keys with their types, for choosing host key algorithms', () => {
    // *.example.com also has a certificate authority (line 10), named for the refusal message.
    expect(checkHostKey(entries, 'db.example.com', 2200, alpha)).toMatchObject({
      verdict: 'unknown',
      known: [{ keyType: 'ecdsa-sha2-nistp256', key: delta, revoked: false, line: 6 }],
      certAuthorities: [{ line: 10, certAuthority: true }],
    });
    expect(checkHostKey(entries, 'db.example.com', 2200, charlie)).toStrictEqual({
      verdict: 'match',
      known: [{ keyType: 'ecdsa-sha2-nistp256', key: delta, revoked: false, line: 6 }],
      withoutPort: true,
    });
  });

  it('names the @cert-authority lines of a host it does not know, since ssh2 cannot check host certificates', () => {
    for (const port of [22, 2222]) {
      const check = checkHostKey(entries, 'web9.example.com', port, charlie);
      expect([check.verdict, check.certAuthorities?.map((k) => k.line)]).toStrictEqual(['unknown', [10]]);
    }
    expect(checkHostKey(entries, 'web9.example.org', 22, charlie).certAuthorities).toBeUndefined();
  });

  it('keeps a key revoked under the bare name refused on another port', () => {
    const parsed = parseKnownHosts(`@revoked h.test ssh-ed25519 ${alpha.toString('base64')}\n`);
    expect(checkHostKey(parsed, 'h.test', 2222, alpha).verdict).toBe('revoked');
  });

  it('says revoked when the same key is both listed and revoked for the host', () => {
    const line = `h.test ssh-ed25519 ${alpha.toString('base64')}`;
    const parsed = parseKnownHosts(`${line}\n@revoked ${line}\n`);
    expect(checkHostKey(parsed, 'h.test', 22, alpha).verdict).toBe('revoked');
    expect(checkHostKey(parsed, 'other.test', 22, alpha).verdict).toBe('unknown');
  });

  it('treats a key revoked for one host only as revoked there alone', () => {
    const parsed = parseKnownHosts(`@revoked h.test ssh-ed25519 ${alpha.toString('base64')}\n`);
    expect(checkHostKey(parsed, 'h.test', 22, alpha)).toStrictEqual({ verdict: 'revoked', known: [] });
    expect(checkHostKey(parsed, 'h.test', 22, bravo)).toStrictEqual({ verdict: 'unknown', known: [] });
  });
});

describe('fingerprint and keyTypeOf', () => {
  const expected: [string, Buffer, string, string][] = [
    ['alpha', alpha, 'ssh-ed25519', 'SHA256:y7VO4q6P7bwPsByALJ1fpLYjNufb85HNfNJ4wxv+WkE'],
    ['bravo', bravo, 'ssh-ed25519', 'SHA256:z73HM/gIrFgGC+x48K80oC1cmGzusaDqHhZnm4tRlNk'],
    ['delta', delta, 'ecdsa-sha2-nistp256', 'SHA256:VsG2xoWvXYeIe9R8l3pCClMKSu3g/JLXchpD+LiXh6E'],
    ['foxtrot', foxtrot, 'ssh-rsa', 'SHA256:sPd7zqJ/t1xodRUtViejZ+lFWlKMbX0TPFBMTvYxHvI'],
  ];

  it.each(expected)('%s', (_, key, type, print) => {
    expect(keyTypeOf(key)).toBe(type);
    expect(fingerprint(key)).toBe(print);
  });

  it.skipIf(!hasSshKeygen)('equals `ssh-keygen -lf` for the fixture keys and a key made here', () => {
    const dir = tempDir();
    const made = newEd25519();
    writeFileSync(join(dir, 'made.pub'), `ssh-ed25519 ${made.toString('base64')} made\n`);
    const files = [...expected.map(([name]) => new URL(`keys/${name}.pub`, FIXTURES).pathname), join(dir, 'made.pub')];
    const keys = [...expected.map(([, key]) => key), made];
    const ours = keys.map((k) => fingerprint(k));
    const theirs = files.map((f) => execFileSync('ssh-keygen', ['-lf', f], { encoding: 'utf8' }).split(' ')[1]);
    expect(ours).toStrictEqual(theirs);
    expect(ours[4]).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it.each([
    ['too short', Buffer.alloc(3)],
    ['length past the end', Buffer.from([0, 0, 0, 9, 0x61])],
    ['empty name', Buffer.alloc(4)],
    ['unprintable name', Buffer.from([0, 0, 0, 2, 0x0a, 0x61])],
  ])('keyTypeOf refuses a blob with %s', (_, blob) => {
    expect(() => keyTypeOf(blob)).toThrow(`not an SSH public key blob (${blob.length} bytes): it must start with a length-prefixed key type`);
  });
});

describe('knownHostsLine', () => {
  const blob = alpha.toString('base64');

  it.each([
    ['web1.example.com', 22, `web1.example.com ssh-ed25519 ${blob}`],
    ['web1.example.com', 2222, `[web1.example.com]:2222 ssh-ed25519 ${blob}`],
    ['Web1.Example.COM', 22, `web1.example.com ssh-ed25519 ${blob}`],
    ['192.0.2.1', 1, `[192.0.2.1]:1 ssh-ed25519 ${blob}`],
    ['2001:db8::1', 22, `2001:db8::1 ssh-ed25519 ${blob}`],
    ['2001:db8::1', 2222, `[2001:db8::1]:2222 ssh-ed25519 ${blob}`],
  ])('%s port %i', (host, port, line) => {
    expect(knownHostsLine(host, port, alpha)).toBe(line);
    // What we write, we read back as a match for the same host and port, and only for it.
    expect(checkHostKey(parseKnownHosts(line), host, port, alpha).verdict).toBe('match');
    // A port-22 line also serves other ports (OpenSSH's fallback); a [host]:port line serves only its port.
    expect(checkHostKey(parseKnownHosts(line), host, port === 22 ? 2222 : 22, alpha).verdict).toBe(port === 22 ? 'match' : 'unknown');
    expect(checkHostKey(parseKnownHosts(line), host, port === 22 ? 2222 : 2223, alpha).verdict).toBe(port === 22 ? 'match' : 'unknown');
  });

  it.each(['a b', 'a,b', '*.example.com', 'h?', '!h', 'h\nx', '', '[h]:22', '|1|x'])('refuses host %j', (host) => {
    expect(() => knownHostsLine(host, 22, alpha)).toThrow(
      `cannot write host ${JSON.stringify(host)} to known_hosts: only letters, digits and . _ : % - are allowed`,
    );
  });

  it('refuses port 0', () => {
    expect(() => knownHostsLine('h', 0, alpha)).toThrow('port 0 is not in 1..65535');
  });
});

describe('appendKnownHost', () => {
  const mode = (path: string): number => statSync(path).mode & 0o777;

  it('creates the directory (700) and file (600), then reports present', async () => {
    const dir = join(tempDir(), 'home', '.ssh');
    const file = join(dir, 'known_hosts');
    expect(await appendKnownHost(file, 'web1.example.com', 22, alpha)).toBe('added');
    expect(readFileSync(file, 'utf8')).toBe(`web1.example.com ssh-ed25519 ${alpha.toString('base64')}\n`);
    expect([mode(dir), mode(file)]).toStrictEqual([0o700, 0o600]);
    expect(await appendKnownHost(file, 'WEB1.example.com', 22, alpha)).toBe('present');
    // The port-less line already vouches for this key on any port, as in OpenSSH.
    expect(await appendKnownHost(file, 'web1.example.com', 2222, alpha)).toBe('present');
    expect(await appendKnownHost(file, 'web1.example.com', 2222, bravo)).toBe('added');
    expect(readFileSync(file, 'utf8')).toBe(
      `web1.example.com ssh-ed25519 ${alpha.toString('base64')}\n[web1.example.com]:2222 ssh-ed25519 ${bravo.toString('base64')}\n`,
    );
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('adds a key of a new type next to a known one, keeping the file mode', async () => {
    const file = join(tempDir(), 'known_hosts');
    writeFileSync(file, `h.test ssh-ed25519 ${alpha.toString('base64')}`, { mode: 0o644 });
    expect(await appendKnownHost(file, 'h.test', 22, delta)).toBe('added');
    // The file lacked a final newline: the new entry still gets its own line.
    expect(readFileSync(file, 'utf8')).toBe(
      `h.test ssh-ed25519 ${alpha.toString('base64')}\nh.test ecdsa-sha2-nistp256 ${delta.toString('base64')}\n`,
    );
    expect(mode(file)).toBe(0o644);
  });

  it('counts a hashed or wildcard entry with the same key as present', async () => {
    const file = join(tempDir(), 'known_hosts');
    const text = `${hashedName('[h.test]:2022')} ssh-ed25519 ${alpha.toString('base64')}\n*.lab ssh-ed25519 ${bravo.toString('base64')}\n`;
    writeFileSync(file, text);
    expect(await appendKnownHost(file, 'h.test', 2022, alpha)).toBe('present');
    expect(await appendKnownHost(file, 'x.lab', 22, bravo)).toBe('present');
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it.each([
    ['an existing file', '# mine\n'],
    ['a missing file', undefined],
  ])('leaves exactly one line after 10 concurrent calls with the same key, on %s', async (_, before) => {
    // Without the lock every call reads the file before any has appended, and all 10 append.
    const dir = join(tempDir(), 'ssh');
    mkdirSync(dir);
    const file = join(dir, 'known_hosts');
    if (before !== undefined) writeFileSync(file, before);
    const key = newEd25519();
    const results = await Promise.all(Array.from({ length: 10 }, () => appendKnownHost(file, 'race.test', 2222, key)));
    expect(results.filter((r) => r === 'added')).toHaveLength(1);
    expect(results.filter((r) => r === 'present')).toHaveLength(9);
    expect(readFileSync(file, 'utf8')).toBe(`${before ?? ''}[race.test]:2222 ssh-ed25519 ${key.toString('base64')}\n`);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('loses no line when 10 hosts are added at once', async () => {
    const file = join(tempDir(), 'known_hosts');
    const key = newEd25519();
    const hosts = Array.from({ length: 10 }, (_, i) => `h${i}.test`);
    expect(await Promise.all(hosts.map((h) => appendKnownHost(file, h, 22, key)))).toStrictEqual(hosts.map(() => 'added'));
    const written = readFileSync(file, 'utf8').trimEnd().split('\n').sort();
    expect(written).toStrictEqual(hosts.map((h) => `${h} ssh-ed25519 ${key.toString('base64')}`).sort());
  });

  it('removes a stale lock and goes on', async () => {
    const file = join(tempDir(), 'known_hosts');
    writeFileSync(`${file}.lock`, '');
    const old = Date.now() / 1000 - 60;
    utimesSync(`${file}.lock`, old, old);
    expect(await appendKnownHost(file, 'h.test', 22, alpha)).toBe('added');
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('gives up on a fresh lock after the timeout and leaves it in place', async () => {
    const file = join(tempDir(), 'known_hosts');
    writeFileSync(`${file}.lock`, '');
    const started = Date.now();
    await expect(appendKnownHost(file, 'h.test', 22, alpha, { lockTimeoutMs: 200 })).rejects.toThrow(
      `${file}.lock: still locked after 200 ms; if no other Phanes run is active, remove the lock file`,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(existsSync(`${file}.lock`)).toBe(true);
    expect(existsSync(file)).toBe(false);
  });

  it('waits for a lock that is released within the timeout', async () => {
    const file = join(tempDir(), 'known_hosts');
    writeFileSync(`${file}.lock`, '');
    setTimeout(() => rmSync(`${file}.lock`), 100);
    expect(await appendKnownHost(file, 'h.test', 22, alpha, { lockTimeoutMs: 2000 })).toBe('added');
  });

  it.each([
    ['changed', `h.test ssh-ed25519 ${bravo.toString('base64')}\n`],
    ['revoked', `@revoked * ssh-ed25519 ${alpha.toString('base64')}\n`],
  ])('refuses a key the file says is %s, and releases the lock', async (verdict, text) => {
    const dir = tempDir();
    mkdirSync(join(dir, 'ssh'));
    const file = join(dir, 'ssh', 'known_hosts');
    writeFileSync(file, text);
    await expect(appendKnownHost(file, 'h.test', 22, alpha)).rejects.toThrow(
      `${file}: not adding the ssh-ed25519 key ${fingerprint(alpha)} for h.test: the file says it is ${verdict}. ` +
        'Check the host key out of band, then fix or remove the old line.',
    );
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});
