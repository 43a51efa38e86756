import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../../src/inventory/load-inventory.js';
import { formatProblem } from '../../../src/inventory/inventory-error.js';
import { good } from './fixtures.js';
import { testCatalog } from './test-catalog.js';

const base = { hostKeyPolicy: 'strict', connectTimeout: 10, commandTimeout: 1800 } as const;

describe('loadInventory: precedence and merging', () => {
  it('applies defaults < groups in file order < host, merging vars maps and replacing lists', async () => {
    const file = good('precedence.yaml');
    const inventory = await loadInventory(file, testCatalog, { env: {} });
    expect(inventory.file).toBe(file);
    expect(inventory.groups).toStrictEqual({ first: ['web1', 'web2'], second: ['web1'] });
    expect(inventory.warnings).toStrictEqual([]);
    expect(inventory.hosts).toStrictEqual([
      {
        name: 'web1',
        groups: ['first', 'second'],
        connection: { kind: 'ssh', address: 'web1', ...base, connectTimeout: 5, user: 'admin', port: 2202 },
        modules: ['baseline'],
        settings: { baseline: { timezone: 'Europe/Berlin', locale: 'de_DE.UTF-8', packages: ['vim'] } },
        moduleSource: 'profile minimal',
      },
      {
        name: 'web2',
        groups: ['first'],
        connection: { kind: 'ssh', address: 'web2', ...base, connectTimeout: 5, user: 'ops', port: 2201 },
        modules: ['baseline'],
        settings: { baseline: { timezone: 'UTC', locale: 'de_DE.UTF-8', packages: ['curl', 'git'] } },
        moduleSource: 'profile minimal',
      },
      {
        name: 'db1',
        groups: [],
        connection: { kind: 'ssh', address: '10.0.0.5', ...base, connectTimeout: 5, commandTimeout: 60, user: 'root', port: 22 },
        modules: ['baseline'],
        settings: { baseline: { timezone: 'UTC', locale: 'C.UTF-8', packages: ['curl'] } },
        moduleSource: 'profile minimal',
      },
    ]);
  });

  it('gives every host its own settings objects, not shared ones', async () => {
    const inventory = await loadInventory(good('precedence.yaml'), testCatalog);
    const [, web2, db1] = inventory.hosts;
    (db1?.settings['baseline']?.['packages'] as string[]).push('changed');
    expect(web2?.settings['baseline']?.['packages']).toStrictEqual(['curl', 'git']);
  });

  it('resolves plain YAML aliases', async () => {
    const inventory = await loadInventory(good('aliases.yaml'), testCatalog);
    const expected = { timezone: 'Europe/Paris', locale: 'C.UTF-8', packages: ['curl'] };
    expect(inventory.hosts.map((host) => host.settings['baseline'])).toStrictEqual([expected, expected]);
  });
});

describe('loadInventory: module lists', () => {
  it('inserts requirements before the module that needs them, recursively, each module once', async () => {
    const inventory = await loadInventory(good('requires.yaml'), testCatalog);
    expect(inventory.hosts.map((host) => [host.name, host.modules, host.moduleSource])).toStrictEqual([
      ['only-web', ['baseline', 'user', 'web'], 'modules of host only-web'],
      ['user-first', ['baseline', 'user'], 'modules of host user-first'],
      ['repeated', ['baseline', 'user', 'web'], 'profile webserver'],
    ]);
    expect(inventory.hosts[0]?.settings).toStrictEqual({
      baseline: { timezone: 'UTC', locale: 'C.UTF-8', packages: [] },
      user: { name: 'deploy', authorized_keys: [], shell: '/bin/bash', groups: [], sudo: 'nopasswd' },
      web: { port: 80, tls: { enabled: false } },
    });
  });

  it('merges user profiles over built-in ones, with extends first and each module once', async () => {
    const inventory = await loadInventory(good('profiles.yaml'), testCatalog);
    expect([...inventory.profiles.values()]).toStrictEqual([
      { name: 'minimal', description: 'Minimal, with a user', modules: ['baseline', 'user'] },
      { name: 'webserver', description: 'A web server with its user', modules: ['baseline', 'web'] },
      { name: 'edge', description: 'Web edge nodes', modules: ['user', 'baseline'] },
      { name: 'ops', description: '', modules: ['user', 'baseline', 'web'] },
    ]);
    expect(inventory.hosts.map((host) => [host.name, host.modules, host.moduleSource])).toStrictEqual([
      ['a', ['baseline', 'user'], 'profile edge'],
      ['b', ['baseline', 'user', 'web'], 'profile ops'],
      ['c', ['baseline', 'user'], 'profile minimal'],
      ['d', ['baseline', 'user', 'web'], 'profile webserver'],
    ]);
  });
});

describe('loadInventory: connections', () => {
  it('resolves jump hosts, local hosts and key paths', async () => {
    const file = good('connections.yaml');
    const inventory = await loadInventory(file, testCatalog, { home: '/home/me' });
    const byName = Object.fromEntries(inventory.hosts.map((host) => [host.name, host.connection]));
    const deployKey = join(dirname(file), 'keys/deploy');
    expect(byName).toStrictEqual({
      bastion: { kind: 'ssh', address: '198.51.100.7', ...base, identityFile: '/home/me/.ssh/bastion' },
      web1: { kind: 'ssh', address: 'web1', ...base, hostKeyPolicy: 'accept-new', identityFile: deployKey, jump: 'bastion' },
      web2: { kind: 'ssh', address: 'web2', ...base, identityFile: deployKey, jump: 'ops@gateway.example.net:2222' },
      direct: { kind: 'ssh', address: 'direct', ...base, identityFile: '/etc/phanes/key' },
      laptop: { kind: 'local', address: 'laptop', ...base },
    });
    expect(inventory.warnings).toStrictEqual([]);
  });

  it('warns about literal secrets, unused settings, a jump that looks like a typo, and SSH keys on a local host', async () => {
    const file = good('warnings.yaml');
    const inventory = await loadInventory(file, testCatalog);
    expect(inventory.warnings.map(formatProblem)).toStrictEqual([
      `${file}:6:5 defaults.vars.user: settings for module "user" are not used: no host runs it (add user to the modules or the profile, or remove these settings)`,
      `${file}:10:20 groups.web.sudo_password: literal secret in the inventory (move it to \${env:NAME} or \${file:PATH})`,
      `${file}:14:11 hosts.web1.jump: jump "bastoin" is not an inventory host, so it is used as an address (did you mean "bastion"?)`,
      `${file}:16:7 hosts.web1.vars.web: settings for module "web" are not used: this host does not run it (add web to the modules or the profile, or remove these settings)`,
      `${file}:19:5 hosts.here.port: port is ignored: this host runs locally (remove it, or set connection: ssh)`,
    ]);
    const web1 = inventory.hosts.find((host) => host.name === 'web1');
    expect(web1?.connection.sudoPassword?.source).toBe('literal');
    expect(web1?.connection.sudoPassword?.reveal()).toBe('literal-hunter2');
    expect(JSON.stringify(inventory.warnings)).not.toContain('hunter2');
  });
});
