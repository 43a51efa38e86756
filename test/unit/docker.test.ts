import { describe, expect, it } from 'vitest';
import { daemonConfig, daemonJsonContent, sameDaemonConfig } from '../../modules/docker/daemon-json.js';
import { docker } from '../../modules/docker/docker.js';
import { appArmorEnabledFact, aptSourcesNamingFact, groupMembersFact, parseGroupMembers } from '../../modules/docker/docker-facts.js';
import { distroPackages } from '../../modules/docker/docker-packages.js';
import { DOCKER_KEY, DOCKER_KEY_FINGERPRINT, dockerSources } from '../../modules/docker/docker-repository.js';
import { checkModuleSettings } from '../../src/inventory/settings-validator.js';
import type { RemoteFile } from '../../src/engine/step.js';
import type { DockerSettings } from '../../schemas/modules/docker.js';
import { dearmor, primaryKeyFingerprint } from './docker-apt-key.js';

/** Settings as the inventory loader hands them over: validated, defaults filled in. */
function settings(partial: Record<string, unknown> = {}): DockerSettings {
  const copy = structuredClone(partial);
  const { errors } = checkModuleSettings(docker, copy);
  expect(errors).toEqual([]);
  return copy as unknown as DockerSettings;
}

const file = (content: string): RemoteFile => ({ content, mode: '0644', owner: 'root', group: 'root' });

describe("docker: Docker's apt key and repository", () => {
  it("carries Docker's release key: its fingerprint is the one Docker's install guide gives", () => {
    expect(DOCKER_KEY_FINGERPRINT).toBe('9DC858229FC7DD38854AE2D88D81803C0EBFCD88');
    expect(primaryKeyFingerprint(DOCKER_KEY)).toBe(DOCKER_KEY_FINGERPRINT);
  });

  it('would notice a key changed by one character (armor checksum)', () => {
    const tampered = DOCKER_KEY.replace('mQINBFit2ioBEADhWpZ8', 'mQINBFit2ioBEADhWpZ9');
    expect(() => dearmor(tampered)).toThrow('armor checksum mismatch');
  });

  it('writes a deb822 source pinned to one architecture and signed by that key only', () => {
    expect(dockerSources('ubuntu', 'noble', 'arm64')).toBe(
      '# Written by Phanes (docker module).\nTypes: deb\nURIs: https://download.docker.com/linux/ubuntu\nSuites: noble\nComponents: stable\nArchitectures: arm64\nSigned-By: /etc/apt/keyrings/docker.asc\n',
    );
  });
});

describe('docker: daemon.json', () => {
  it('renders sorted keys with log rotation as strings, address pools only when asked', () => {
    expect(daemonJsonContent(daemonConfig(settings()))).toBe('{\n  "log-driver": "json-file",\n  "log-opts": {\n    "max-file": "3",\n    "max-size": "10m"\n  }\n}\n');
    const full = daemonConfig(settings({ address_pools: [{ base: '10.0.0.0/8', size: 24 }], daemon_json: { 'live-restore': true, debug: false } }));
    expect(Object.keys(JSON.parse(daemonJsonContent(full)))).toEqual(['debug', 'default-address-pools', 'live-restore', 'log-driver', 'log-opts']);
    expect(full['default-address-pools']).toEqual([{ base: '10.0.0.0/8', size: 24 }]);
  });

  it('compares by meaning: another layout or key order is the same file, another value or array order is not', () => {
    const config = daemonConfig(settings({ daemon_json: { 'registry-mirrors': ['https://a', 'https://b'] } }));
    const compact = '{"registry-mirrors":["https://a","https://b"],"log-opts":{"max-size":"10m","max-file":"3"},"log-driver":"json-file"}';
    expect(sameDaemonConfig(file(compact), config)).toBe(true);
    expect(sameDaemonConfig(file(compact.replace('"10m"', '"20m"')), config)).toBe(false);
    expect(sameDaemonConfig(file(compact.replace('"https://a","https://b"', '"https://b","https://a"')), config)).toBe(false);
    expect(sameDaemonConfig(file(`${compact.slice(0, -1)}`), config)).toBe(false);
    expect(sameDaemonConfig(null, config)).toBe(false);
  });

  it('refuses a daemon_json key that a typed setting owns', () => {
    const host = { host: 'h', loginUser: 'root', os: { id: 'debian', versionId: '12', codename: 'bookworm', prettyName: 'Debian 12' }, peers: new Map() };
    expect(() => docker.plan(settings({ daemon_json: { 'log-driver': 'journald', 'default-address-pools': [] } }), {} as never, host)).toThrow(
      'docker.daemon_json: log-driver, default-address-pools are set by docker.log_max_size, log_max_file and address_pools',
    );
  });

  it('rejects log sizes and pools the daemon would not take, at validation', () => {
    for (const bad of [{ log_max_size: '10' }, { log_max_size: '10MB' }, { log_max_file: 0 }, { address_pools: [{ base: '10.0.0.0', size: 24 }] }, { users: ['Root'] }]) {
      expect(checkModuleSettings(docker, structuredClone(bad)).errors.length, JSON.stringify(bad)).toBeGreaterThan(0);
    }
  });
});

describe('docker: facts', () => {
  it('reads the docker group: missing, empty, with members', () => {
    expect(parseGroupMembers('')).toBeNull();
    expect(parseGroupMembers('docker:x:102:\n')?.members).toEqual(new Set());
    expect(parseGroupMembers('docker:x:102:ops,alice\n')?.members).toEqual(new Set(['ops', 'alice']));
    expect(groupMembersFact('docker').command.text).toBe('getent group docker || true');
  });

  it('looks for active apt source lines naming a host, dots escaped, comments skipped', () => {
    expect(aptSourcesNamingFact('download.docker.com').command.text).toBe(
      "grep -lsE '^[^#]*download\\.docker\\.com' /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources || true",
    );
  });

  it("picks each distribution's compose: v2 on Ubuntu, Debian 12's v1", () => {
    const os = (id: string) => ({ id, versionId: '', codename: '', prettyName: '' });
    expect(distroPackages(os('ubuntu'))).toEqual(['docker.io', 'docker-compose-v2']);
    expect(distroPackages(os('debian'))).toEqual(['docker.io', 'docker-compose']);
  });
});

describe('docker: AppArmor', () => {
  const host = { host: 'h', loginUser: 'root', os: { id: 'debian', versionId: '12', codename: 'bookworm', prettyName: 'Debian 12' }, peers: new Map() };
  /** Plan's install steps for a Debian 12 host (distro) whose kernel says `enabled` and whose dpkg lists `installed`. */
  const titles = (enabled: string, installed: string) => {
    const requests = docker.facts(settings({ source: 'distro' }), { host: 'h', loginUser: 'root' });
    const outputs: Record<string, string> = { packages: installed, aptCacheAge: '100\n90\n', architecture: 'amd64\n', directories: '', appArmor: enabled };
    const facts = Object.fromEntries(Object.entries(requests).map(([name, fact]) => [name, fact.parse(outputs[name] ?? '', 0)]));
    return docker.plan(settings({ source: 'distro' }), facts as never, host).map((step) => step.title).filter((title) => title.startsWith('Install'));
  };

  it("reads the kernel's switch: Y is on; N (booted with apparmor=0) and no AppArmor module are off", () => {
    expect(appArmorEnabledFact.command.text).toBe('cat /sys/module/apparmor/parameters/enabled 2>/dev/null || true');
    expect(appArmorEnabledFact.parse('Y\n', 0)).toBe(true);
    expect(appArmorEnabledFact.parse('N\n', 0)).toBe(false);
    expect(appArmorEnabledFact.parse('', 0)).toBe(false);
  });

  it('installs apparmor with the engine only where the kernel enables AppArmor, and leaves an installed one alone', () => {
    expect(titles('Y\n', '')).toEqual(['Install docker.io, docker-compose, apparmor']);
    expect(titles('N\n', '')).toEqual(['Install docker.io, docker-compose']);
    expect(titles('', '')).toEqual(['Install docker.io, docker-compose']);
    expect(titles('Y\n', 'apparmor\tinstalled\t3.0.8-3\n')).toEqual(['Install docker.io, docker-compose']);
    const converged = 'docker.io\tinstalled\t20.10.24\ndocker-compose\tinstalled\t1.29.2-3\n';
    expect(titles('Y\n', converged)).toEqual(['Install apparmor']);
  });
});

describe('docker: health', () => {
  const context = { host: 'h', loginUser: 'root' };
  it('checks the daemon and compose v2, under a timeout', () => {
    const checks = docker.health!(settings(), context);
    expect(checks.map((c) => [c.title, c.command.text])).toEqual([
      ['docker info', 'timeout 20 docker info'],
      ['docker compose version', 'timeout 20 docker compose version'],
    ]);
    expect(checks[0]!.hint).toContain('systemctl start docker');
  });

  it("accepts Debian 12's docker-compose v1 with source: distro", () => {
    const compose = docker.health!(settings({ source: 'distro' }), context)[1]!;
    expect(compose.command.text).toBe('timeout 20 docker compose version || timeout 20 docker-compose version');
  });
});
