import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseJumpValue } from '../../../src/ssh/jump-spec.js';
import { a2port, parseServices } from '../../../src/ssh/service-port.js';
import { globComponentMatches, memoryFiles } from '../../../src/ssh/ssh-config-files.js';
import { matchHostPatterns, resolveSshConfig, SshConfigError, type SshConfigContext, type SshHostOptions } from '../../../src/ssh/ssh-config.js';

const FIXTURES = new URL('../../../fixtures/ssh/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');
const HOME = '/home/ops';
const CONFIG = `${HOME}/.ssh/config`;
const CONTEXT: SshConfigContext = { home: HOME, localUser: 'ops', defaultUser: 'root', uid: 1000, localHostName: 'laptop.lan', env: { KEYS: '/keys' } };

/** True when an `ssh` client is installed, so it can show that a Match exec really runs under ssh. */
const hasSsh = (() => {
  try {
    execFileSync('ssh', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'phanes-ssh-config-'));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Resolves `alias` with `text` as ~/.ssh/config and `more` as other files (paths under HOME). */
function resolve(text: string, alias: string, more: Record<string, string> = {}, overrides = {}): SshHostOptions {
  const files = Object.fromEntries([[CONFIG, text], ...Object.entries(more).map(([p, t]) => [`${HOME}/${p}`, t])]);
  return resolveSshConfig({ file: CONFIG, files: memoryFiles(files), checkPermissions: false }, alias, CONTEXT, overrides);
}

/** The error a function throws, so the exact message can be asserted. */
function thrown(fn: () => unknown): SshConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SshConfigError) return error;
    throw error;
  }
  throw new Error('expected an error, none was thrown');
}

const DEFAULT_KEYS = ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk', 'id_xmss', 'id_dsa'].map((k) => `${HOME}/.ssh/${k}`);

describe('resolveSshConfig on fixtures/ssh/config-basic', () => {
  const text = fixture('config-basic');
  const global = `${HOME}/.ssh/id_global`;
  const fallback = '/etc/phanes/fallback_key';
  const viaJump = { proxyJump: [{ host: 'jump.example.com' }], proxyJumpText: 'jump.example.com' };

  const golden: Record<string, SshHostOptions> = {
    web1: {
      hostName: 'web1.example.com',
      identityFiles: [global, `${HOME}/.ssh/web_web1.example.com_2222_deploy`, fallback],
      warnings: [],
      user: 'deploy',
      port: 2222,
      ...viaJump,
    },
    weba: { hostName: 'weba', identityFiles: [global, `${HOME}/.ssh/web_weba_22_second-user`, fallback], warnings: [], user: 'second-user', ...viaJump },
    'db-1': {
      hostName: '10.0.0.5',
      identityFiles: [global, fallback],
      warnings: [],
      user: 'dbadmin',
      proxyJump: [{ host: 'bastion.example.com' }],
      proxyJumpText: 'bastion.example.com',
    },
    'db-legacy': { hostName: 'db-legacy', identityFiles: [global, fallback], warnings: [], user: 'root', port: 2200 },
    Upper: { hostName: 'upper.example.com', identityFiles: [global, fallback], warnings: [], user: 'root', port: 2022, ...viaJump },
    upper: { hostName: 'upper', identityFiles: [global, fallback], warnings: [], user: 'root', ...viaJump },
    quoted: { hostName: 'quoted', identityFiles: [global, '/keys/my key', fallback], warnings: [], user: 'deploy', ...viaJump },
  };

  for (const [alias, expected] of Object.entries(golden)) {
    it(`resolves ${alias}`, () => {
      expect(resolve(text, alias)).toStrictEqual(expected);
    });
  }
});

describe('Match exec is never run', () => {
  it('refuses a host whose options it decides, naming file and line, and runs nothing', () => {
    const proof = join(tempDir(), 'match-exec-ran');
    const text = fixture('config-match').replaceAll('@PROOF@', proof);
    const error = thrown(() => resolve(text, 'before'));
    expect(existsSync(proof)).toBe(false);
    expect(error.message).toBe(
      `${CONFIG}:8: host before: this User applies only if the Match exec at ${CONFIG}:7 succeeds, and Phanes never runs Match exec; set the value in a Host block or in the inventory`,
    );
    expect([error.scope, error.line]).toStrictEqual(['host', 8]);
  });

  it('resolves a host the criteria before the exec already exclude', () => {
    const text = fixture('config-match').replaceAll('@PROOF@', '/nonexistent');
    expect(resolve(text, 'safe')).toStrictEqual({ hostName: 'safe', identityFiles: DEFAULT_KEYS, warnings: [], port: 2200 });
  });

  it('follows an Include inside a Host block', () => {
    const text = 'Host after\n  Include ~/.ssh/config.d/*\nHost *\n  Port 2200\n';
    expect(resolve(text, 'after', { '.ssh/config.d/x': 'User included\n' })).toMatchObject({ user: 'included', port: 2200 });
  });

  it.skipIf(!hasSsh)('uses a Match exec that really creates the proof file when ssh evaluates it', () => {
    // Shows the test above can fail: OpenSSH itself runs this exec and the file appears.
    const dir = tempDir();
    const proof = join(dir, 'match-exec-ran');
    const file = join(dir, 'config');
    writeFileSync(file, fixture('config-match').replaceAll('@PROOF@', proof).replace(/^\s*Include .*$/m, ''));
    execFileSync('ssh', ['-G', '-F', file, 'x'], { stdio: 'ignore' });
    expect(existsSync(proof)).toBe(true);
  });

  it.each([
    ['a block that sets nothing Phanes uses', 'Match exec "gpg-connect-agent updatestartuptty /bye"\n  ForwardAgent yes\nHost h\n  User u\n', 'u'],
    ['a later criterion that fails', 'Match exec "false" host other\n  User never\nHost h\n  User u\n', 'u'],
    ['an earlier criterion that fails', 'Match !host h exec "false"\n  User never\nHost h\n  User u\n', 'u'],
    ['a Host line that ends the Match block', 'Match exec "x"\n  ForwardAgent no\nHost h\n  User u\n', 'u'],
    ['an = inside the quoted command', 'Match exec "test a=b"\n  ForwardAgent no\nHost h\n  User u\n', 'u'],
  ])('is not needed after %s', (_, text, user) => {
    expect(resolve(text, 'h').user).toBe(user);
  });

  it('refuses an Include the exec decides', () => {
    expect(thrown(() => resolve('Match exec "x"\n  Include more\n', 'h')).message).toContain(`${CONFIG}:2: host h: this Include applies only if the Match exec at ${CONFIG}:1`);
  });
});

describe('warnings', () => {
  it('names each line Phanes reads but does not apply, once per line', () => {
    const text = 'Host h\n  UserKnownHostsFile /tmp/kh\n  HostKeyAlias alias\n  StrictHostKeyChecking no\n  CertificateFile /k/c\nHost other\n  IdentitiesOnly yes\n';
    expect(resolve(text, 'h').warnings).toStrictEqual([
      `${CONFIG}:2: UserKnownHostsFile is not applied by Phanes; set known_hosts in the inventory or pass --known-hosts`,
      `${CONFIG}:4: StrictHostKeyChecking is not applied by Phanes; set host_key_policy in the inventory`,
      `${CONFIG}:5: CertificateFile is not applied by Phanes; Phanes logs in with plain keys only`,
    ]);
  });

  it('has none for a block that does not apply', () => {
    expect(resolve('Host other\n  StrictHostKeyChecking no\n', 'h').warnings).toStrictEqual([]);
  });
});

describe('identity files', () => {
  it('uses the inventory user and port for %r and %p', () => {
    expect(resolve('Host h\n  User cfg\n  Port 2200\n  IdentityFile ~/k/%r-%p\n', 'h', {}, { user: 'inv', port: 2300 }).identityFiles).toStrictEqual([`${HOME}/k/inv-2300`]);
  });

  it('uses Phanes default user (root) for %r when nothing sets User', () => {
    expect(resolve('IdentityFile /k/%r\n', 'h').identityFiles).toStrictEqual(['/k/root']);
  });

  it('expands ${NAME} from the environment', () => {
    expect(resolve('IdentityFile ${KEYS}/id\n', 'h').identityFiles).toStrictEqual(['/keys/id']);
  });

  it('offers no key after IdentityFile none, and the 9.2 default list when none is named', () => {
    expect(resolve('IdentityFile none\n', 'h').identityFiles).toStrictEqual([]);
    expect(resolve('User u\n', 'h').identityFiles).toStrictEqual(DEFAULT_KEYS);
    expect(resolveSshConfig(null, 'h', CONTEXT).identityFiles).toStrictEqual(DEFAULT_KEYS);
  });

  it.each([
    ['IdentityFile ${NOPE}/id', `${CONFIG}:1: IdentityFile "\${NOPE}/id": environment variable NOPE is not set (ssh stops there too); set it or write the path out`],
    ['IdentityFile /k/%z', `${CONFIG}:1: IdentityFile "/k/%z": unknown token %z; ssh knows %C %L %i %k %l %n %p %d %h %r %u and %%`],
    ['IdentityFile /k/trailing%', `${CONFIG}:1: IdentityFile "/k/trailing%": a lone % at the end; write %% for a percent sign`],
    ['IdentityFile ~bob/.ssh/id', `${CONFIG}:1: IdentityFile "~bob/.ssh/id": ~user paths are not supported; write the absolute path`],
  ])('refuses the host for %j', (line, message) => {
    const error = thrown(() => resolve(`${line}\n`, 'h'));
    expect([error.message, error.scope]).toStrictEqual([message, 'host']);
  });
});

describe('errors ssh also makes', () => {
  it('names file and line for a bad Port in fixtures/ssh/config-bad-port', () => {
    const error = thrown(() => resolve(fixture('config-bad-port'), 'anything'));
    expect([error.message, error.scope, error.line]).toStrictEqual([`${CONFIG}:3: bad Port "70000"; use a number from 1 to 65535 or a service name from /etc/services`, 'config', 3]);
  });

  it.each([
    ['Port 22 23', 'Port takes one value, found 2; quote a value that contains spaces'.replace('Port', 'port')],
    ['User', 'no argument after keyword "user"; write "KEYWORD VALUE" or remove the line'],
    ['User "open', 'a quote is not closed; close it before the end of the line'],
    ['Hostnme typo', 'unknown keyword "Hostnme" (ssh refuses the whole file); fix the spelling or list it under IgnoreUnknown'],
    ['Host a ""', 'empty Host pattern; remove the stray quotes'],
    ['Match localnetwork 10.0.0.0/8', 'unsupported Match attribute localnetwork (OpenSSH 9.2 has host, originalhost, user, localuser, exec, canonical, final, all); ssh 9.2 refuses this config'],
    ['ProxyJump a:x', 'Invalid ProxyJump "a:x"; write [user@]host[:port] or ssh://[user@]host[:port], several separated by commas'],
  ])('refuses %j', (line, message) => {
    // Line 3, inside a block that matches nothing: values are checked whether or not a block applies.
    expect(thrown(() => resolve(`# c\nHost never\n${line}\n`, 'h')).message).toBe(`${CONFIG}:3: ${message}`);
  });

  it('refuses a byte order mark, as ssh does', () => {
    expect(thrown(() => resolve('\uFEFFHost h\n', 'h')).message).toBe(`${CONFIG}:1: the file starts with a byte order mark, which ssh refuses; save it as UTF-8 without BOM`);
  });

  it('refuses an Include loop at the line that includes', () => {
    expect(thrown(() => resolve('Include config\n', 'h')).message).toBe(
      `${CONFIG}:1: Include nested more than 16 levels deep (does a file include itself?); ssh refuses this config`,
    );
  });
});

describe('ProxyJump values', () => {
  it.each([
    ['a,b', { hops: [{ host: 'a' }, { host: 'b' }] }],
    ['u@corp@b:2222', { hops: [{ user: 'u@corp', host: 'b', port: 2222 }] }],
    ['ssh://u%40x@b:2200/', { hops: [{ user: 'u@x', host: 'b', port: 2200 }] }],
    ['[2001:db8::1]:22', { hops: [{ host: '2001:db8::1', port: 22 }] }],
    ['NONE', { none: true }],
    ['ssh://[::1]', { error: 'Invalid ProxyJump "ssh://[::1]"; write [user@]host[:port] or ssh://[user@]host[:port], several separated by commas' }],
  ])('reads %j', (raw, expected) => {
    expect(parseJumpValue(raw)).toStrictEqual(expected);
  });
});

describe('helpers', () => {
  it('reads ports like a2port', () => {
    const services = parseServices('ssh 22/tcp # comment\nhttp 80/tcp www\nhttp 80/udp\n');
    expect(['22', '+22', ' 22', 'ssh', 'www', '0', '65536', '-1', 'SSH', '22 '].map((p) => a2port(p, services))).toStrictEqual([
      22, 22, 22, 22, 80, undefined, undefined, undefined, undefined, undefined,
    ]);
  });

  it.each([
    ['*', 'a', true],
    ['*', '.hidden', false],
    ['.*', '.hidden', true],
    ['[a-c]x', 'bx', true],
    ['[!a-c]x', 'bx', false],
    ['a\\*', 'a*', true],
    ['a?', 'ab', true],
    ['[x', '[x', true],
  ])('glob %s against %s is %s', (pattern, name, expected) => {
    expect(globComponentMatches(pattern, name)).toBe(expected);
  });

  it.each([
    ['db-legacy', ['db-*', '!db-legacy'], false],
    ['db-1', ['db-*', '!db-legacy'], true],
    ['x', ['!y'], false],
  ])('%s against %j is %s', (name, patterns, expected) => {
    expect(matchHostPatterns(name, patterns)).toBe(expected);
  });
});
