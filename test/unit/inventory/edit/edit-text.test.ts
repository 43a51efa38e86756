import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtInCatalog } from '../../../../modules/catalog.js';
import { removeValue, renameKey, setValue, valueAt } from '../../../../src/inventory/edit/edit-text.js';
import { addHost, removeHost, renameHost, toggleModule, withRequirements } from '../../../../src/inventory/edit/host-edits.js';
import { inventoryDiff } from '../../../../src/inventory/edit/text-diff.js';
import { loadInventoryText } from '../../../../src/inventory/load-inventory.js';

const EXAMPLE = readFileSync(new URL('../../../../inventory.example.yaml', import.meta.url), 'utf8');

/** Lines of `after` not in `before`, and lines of `before` not in `after` (as a multiset difference). */
function changedLines(before: string, after: string): { added: string[]; removed: string[] } {
  const count = (text: string) => text.split('\n').reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<string, number>());
  const a = count(before);
  const b = count(after);
  const minus = (x: Map<string, number>, y: Map<string, number>) => [...x].flatMap(([l, n]) => Array<string>(Math.max(0, n - (y.get(l) ?? 0))).fill(l));
  return { added: minus(b, a), removed: minus(a, b) };
}

describe('inventory edits keep every untouched byte', () => {
  it('changes one scalar and keeps its trailing comment and alignment', () => {
    const out = setValue(EXAMPLE, ['defaults', 'port'], 2200);
    expect(changedLines(EXAMPLE, out)).toEqual({
      removed: ['  port: 22                          # 1..65535; unset: Port from ~/.ssh/config, else 22'],
      added: ['  port: 2200                          # 1..65535; unset: Port from ~/.ssh/config, else 22'],
    });
  });

  it('adds a setting inside an existing block map, at its indentation', () => {
    const out = setValue(EXAMPLE, ['defaults', 'vars', 'baseline', 'swap'], 'x');
    expect(changedLines(EXAMPLE, out)).toEqual({ removed: [], added: ['      swap: x'] });
    expect(out.indexOf('      swap: x')).toBeGreaterThan(out.indexOf('      packages: [curl, htop]'));
  });

  it('adds the maps on the way to a new setting', () => {
    const out = setValue(EXAMPLE, ['hosts', 'web1', 'vars', 'redis', 'maxmemory'], '256mb');
    expect(changedLines(EXAMPLE, out)).toEqual({ removed: [], added: ['    vars:', '      redis:', '        maxmemory: 256mb'] });
    expect(parse(out).hosts.web1).toEqual({ address: '203.0.113.10', vars: { redis: { maxmemory: '256mb' } } });
  });

  it('rewrites a flow map whole when a key is added to it', () => {
    const out = setValue(EXAMPLE, ['hosts', 'db1', 'vars', 'user', 'sudo'], 'none');
    expect(changedLines(EXAMPLE, out)).toEqual({ removed: ['      user: { name: dba, shell: /bin/zsh }'], added: ['      user: {name: dba, shell: /bin/zsh, sudo: none}'] });
  });

  it('writes a new list of plain values in flow style and keeps a block list block', () => {
    const flow = setValue(EXAMPLE, ['hosts', 'web1', 'modules'], ['baseline', 'redis']);
    expect(changedLines(EXAMPLE, flow).added).toEqual(['    modules: [baseline, redis]']);
    const block = setValue(EXAMPLE, ['groups', 'web', 'vars', 'user', 'authorized_keys'], ['ssh-ed25519 AAAA a@b', 'ssh-ed25519 BBBB c@d']);
    expect(changedLines(EXAMPLE, block).added).toEqual(['          - ssh-ed25519 AAAA a@b', '          - ssh-ed25519 BBBB c@d']);
  });

  it('keeps the trailing comment of a flow list it replaces, and adds after it', () => {
    const text = 'hosts:\n  box:   # the box\n    modules: []     # ticked later\n';
    const ticked = setValue(text, ['hosts', 'box', 'modules'], ['redis']);
    expect(ticked).toBe('hosts:\n  box:   # the box\n    modules: [redis]     # ticked later\n');
    const set = setValue(ticked, ['hosts', 'box', 'vars', 'redis', 'maxmemory'], '64mb');
    expect(set).toBe('hosts:\n  box:   # the box\n    modules: [redis]     # ticked later\n    vars:\n      redis:\n        maxmemory: 64mb\n');
  });

  it('removes a key with its lines only', () => {
    const out = removeValue(EXAMPLE, ['hosts', 'web2', 'vars']);
    expect(changedLines(EXAMPLE, out)).toEqual({
      removed: ['    vars:', '      baseline:', '        packages: [curl, htop, nginx]   # replaces the list from defaults'],
      added: [],
    });
  });

  it('renames a key in place', () => {
    const out = renameKey(EXAMPLE, ['hosts', 'db1'], 'db2');
    expect(changedLines(EXAMPLE, out)).toEqual({ removed: ['  db1:'], added: ['  db2:'] });
  });

  it('quotes values YAML would read otherwise', () => {
    const out = setValue(EXAMPLE, ['defaults', 'vars', 'baseline', 'timezone'], 'yes');
    expect(valueAt(out, ['defaults', 'vars', 'baseline', 'timezone'])).toBe('yes');
    const ref = setValue(out, ['defaults', 'vars', 'redis', 'password'], '${env:REDIS_PASSWORD}');
    expect(valueAt(ref, ['defaults', 'vars', 'redis', 'password'])).toBe('${env:REDIS_PASSWORD}');
  });

  it('starts an empty file', () => {
    const out = addHost('# my servers\n', 'box', '127.0.0.1');
    expect(out).toBe('# my servers\nhosts:\n  box:\n    address: 127.0.0.1\n');
  });
});

describe('host edits', () => {
  it('adds, renames (groups and jumps follow) and removes hosts', () => {
    const added = addHost(EXAMPLE, 'web3', '203.0.113.12');
    expect(parse(added).hosts.web3).toEqual({ address: '203.0.113.12' });
    expect(() => addHost(added, 'web3', 'x')).toThrow(/already exists/);
    expect(() => addHost(added, 'bad name', 'x')).toThrow(/not a host name/);

    const renamed = renameHost(EXAMPLE, 'bastion', 'gate');
    expect(parse(renamed).defaults.jump).toBe('gate');
    expect(Object.keys(parse(renamed).hosts)).toEqual(['gate', 'web1', 'web2', 'db1', 'laptop']);
    const movedWeb = renameHost(EXAMPLE, 'web2', 'web9');
    expect(parse(movedWeb).groups.web.hosts).toEqual(['web1', 'web9']);
    expect(parse(movedWeb).groups.europe.hosts).toEqual(['web9']);
    expect(movedWeb).toContain('# The machines. The name is also the address unless address is set.');

    const removed = removeHost(EXAMPLE, 'web1');
    expect(Object.keys(parse(removed).hosts)).toEqual(['bastion', 'web2', 'db1', 'laptop']);
    expect(parse(removed).groups.web.hosts).toEqual(['web2']);
  });

  it('toggles modules with their requirements, replacing the level\'s profile', () => {
    const on = toggleModule(EXAMPLE, { kind: 'host', name: 'db1' }, ['baseline', 'user'], 'coolify', builtInCatalog);
    expect(on.modules).toEqual(['baseline', 'user', ...withRequirements(['coolify'], builtInCatalog)]);
    expect(on.modules.indexOf('docker')).toBeLessThan(on.modules.indexOf('coolify'));
    expect(parse(on.text).hosts.db1.profile).toBeUndefined();
    const off = toggleModule(on.text, { kind: 'host', name: 'db1' }, on.modules, 'docker', builtInCatalog);
    expect(off.modules).not.toContain('coolify');
    expect(off.modules).not.toContain('docker');
  });

  it('leaves an inventory the loader accepts, with the same messages for bad settings', () => {
    const text = setValue(EXAMPLE, ['hosts', 'web1', 'vars', 'baseline', 'timezone'], 'Europe/Berlin');
    expect(() => loadInventoryText(text, '/x/hosts.yaml', builtInCatalog, { env: { SUDO_PW: 'pw' } })).not.toThrow();
    const bad = setValue(EXAMPLE, ['defaults', 'port'], 70000);
    expect(() => loadInventoryText(bad, '/x/hosts.yaml', builtInCatalog, { env: { SUDO_PW: 'pw' } })).toThrow(/\/x\/hosts\.yaml:\d+:\d+ defaults\.port: .*65535/);
  });

  it('shows the change as a unified diff', () => {
    const out = setValue(EXAMPLE, ['defaults', 'port'], 2200);
    const diff = inventoryDiff('hosts.yaml', EXAMPLE, out);
    expect(diff).toMatch(/^--- hosts.yaml/);
    expect(diff).toContain('-  port: 22 ');
    expect(diff).toContain('+  port: 2200 ');
    expect(inventoryDiff('hosts.yaml', EXAMPLE, EXAMPLE)).toBe('');
  });
});
