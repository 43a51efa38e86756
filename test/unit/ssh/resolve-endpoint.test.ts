import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionSettings, ResolvedHost } from '../../../src/inventory/resolved-host.js';
import { ConnectionError } from '../../../src/ssh/connection.js';
import { checkSshConfig, resolveEndpoint, sshEnvironment } from '../../../src/ssh/resolve-endpoint.js';
import type { SshEndpoint } from '../../../src/ssh/ssh-connection.js';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A HOME with ~/.ssh/config = `config` and other files under ~/.ssh. */
function home(config: string, more: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'phanes-endpoint-'));
  temps.push(dir);
  mkdirSync(join(dir, '.ssh'), { mode: 0o700 });
  for (const [name, text] of Object.entries({ config, ...more })) {
    mkdirSync(dirname(join(dir, '.ssh', name)), { recursive: true });
    writeFileSync(join(dir, '.ssh', name), text, { mode: 0o600 });
  }
  return dir;
}

function settings(address: string, extra: Partial<ConnectionSettings> = {}): ConnectionSettings {
  return { kind: 'ssh', address, hostKeyPolicy: 'strict', connectTimeout: 10, commandTimeout: 60, ...extra };
}

function host(name: string, extra: Partial<ConnectionSettings> = {}): ResolvedHost {
  return { name, groups: [], connection: settings(name, extra), modules: [], settings: {}, moduleSource: 'test' };
}

/** The jump chain as `user@host:port` from the first hop to the target. */
function chain(endpoint: SshEndpoint): string[] {
  const hops: string[] = [];
  for (let e: SshEndpoint | undefined = endpoint; e !== undefined; e = e.jump) hops.unshift(`${e.user}@${e.host}:${e.port}`);
  return hops;
}

describe('resolveEndpoint', () => {
  it('goes through every ProxyJump hop in order, each with its own config, the inventory user and port winning', () => {
    const dir = home('Include hosts.d/*\n', {
      'hosts.d/web': 'Host web\n  HostName web.internal\n  User deploy\n  Port 2200\n  ProxyJump ops@corp@a:2201,ssh://b\n',
      'hosts.d/b': 'Host b\n  User bob\n  ProxyJump ignored-for-b\n',
    });
    const env = sshEnvironment({ home: dir, systemConfigFile: null });
    expect(chain(resolveEndpoint('web', settings('web', { user: 'inv' }), env, new Map()))).toStrictEqual([
      'ops@corp@a:2201',
      'bob@b:22',
      'inv@web.internal:2200',
    ]);
  });

  it('offers no key file after IdentityFile none, and expands %r with the inventory user', () => {
    const dir = home('Host none\n  IdentityFile none\nHost keyed\n  User cfg\n  IdentityFile ~/k/%r\n');
    const env = sshEnvironment({ home: dir, systemConfigFile: null });
    expect(resolveEndpoint('none', settings('none'), env, new Map()).identityFiles).toStrictEqual([]);
    expect(resolveEndpoint('keyed', settings('keyed', { user: 'inv' }), env, new Map()).identityFiles).toStrictEqual([join(dir, 'k', 'inv')]);
  });

  it('stops a host whose options a Match exec decides, in one line naming file and line', () => {
    const dir = home('Host web\n  Port 2200\nMatch host web exec "on-vpn"\n  HostName 10.1.1.1\n');
    let error: unknown;
    try {
      resolveEndpoint('web', settings('web'), sshEnvironment({ home: dir, systemConfigFile: null }), new Map());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).message).toBe(
      `web: ${join(dir, '.ssh', 'config')}:4: host web: this HostName applies only if the Match exec at ${join(dir, '.ssh', 'config')}:3 succeeds, and Phanes never runs Match exec; set the value in a Host block or in the inventory`,
    );
    expect((error as ConnectionError).kind).toBe('unreachable');
  });
});

describe('the system-wide file', () => {
  it('is read after ~/.ssh/config, its relative Includes from /etc/ssh', () => {
    const dir = home('Host web\n  User mine\n', { 'system.conf': 'Host *\n  User corporate\n  Port 2222\n' });
    const env = sshEnvironment({ home: dir, systemConfigFile: join(dir, '.ssh', 'system.conf') });
    expect(chain(resolveEndpoint('web', settings('web'), env, new Map()))).toStrictEqual(['mine@web:2222']);
    expect(chain(resolveEndpoint('db', settings('db'), env, new Map()))).toStrictEqual(['corporate@db:2222']);
  });

  it('is not read with --ssh-config, as ssh -F skips it', () => {
    const dir = home('Host web\n  User mine\n', { 'system.conf': 'Port 2222\n' });
    const env = sshEnvironment({ home: dir, sshConfigFile: join(dir, '.ssh', 'config'), systemConfigFile: join(dir, '.ssh', 'system.conf') });
    expect(chain(resolveEndpoint('web', settings('web'), env, new Map()))).toStrictEqual(['mine@web:22']);
  });
});

describe('checkSshConfig', () => {
  it('collects each warning once for all hosts, and leaves host-only problems to the run', () => {
    const dir = home('Host *\n  StrictHostKeyChecking no\nHost b\n  ProxyCommand nc %h %p\n');
    const env = sshEnvironment({ home: dir, systemConfigFile: null });
    const hosts = [host('a'), host('b'), host('c', { jump: 'a' })];
    expect(checkSshConfig(env, hosts, new Map(hosts.map((h) => [h.name, h])))).toStrictEqual({
      warnings: [`${join(dir, '.ssh', 'config')}:2: StrictHostKeyChecking is not applied by Phanes; set host_key_policy in the inventory`],
    });
  });

  it('reports a config ssh refuses whole', () => {
    const dir = home('Host other\n  Port 0\n');
    expect(checkSshConfig(sshEnvironment({ home: dir, systemConfigFile: null }), [host('a')], new Map())).toStrictEqual({
      warnings: [],
      refusal: `${join(dir, '.ssh', 'config')}:2: bad Port "0"; use a number from 1 to 65535 or a service name from /etc/services`,
    });
  });

  it('skips hosts that run locally', () => {
    const dir = home('Port 0\n');
    expect(checkSshConfig(sshEnvironment({ home: dir, systemConfigFile: null }), [host('a', { kind: 'local' })], new Map())).toStrictEqual({ warnings: [] });
  });
});
