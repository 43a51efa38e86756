import { describe, expect, it } from 'vitest';
import { formatPath, parseInstancePath } from '../../../src/inventory/document-path.js';
import { mergeSettings } from '../../../src/inventory/merge-settings.js';
import { editDistance, nearestName } from '../../../src/inventory/nearest-name.js';
import { orderModules } from '../../../src/inventory/order-modules.js';
import { catalogOf, fakeModule, testCatalog } from './test-catalog.js';

describe('nearestName', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect([editDistance('prot', 'port'), editDistance('kitten', 'sitting'), editDistance('', 'abc')]).toStrictEqual([1, 3, 3]);
  });

  it('suggests only names within a third of the length, ignoring case, first one on a tie', () => {
    expect(nearestName('Port', ['user', 'port'])).toBe('port');
    expect(nearestName('web3', ['web1', 'web2'])).toBe('web1');
    expect(nearestName('modlues', ['vars', 'modules'])).toBe('modules');
    expect(nearestName('lang', ['timezone', 'locale'])).toBeUndefined();
  });
});

describe('orderModules', () => {
  it('puts requirements first, keeps the given order otherwise, and runs each module once', () => {
    expect(orderModules(['web', 'baseline', 'web'], testCatalog)).toStrictEqual({ ok: true, modules: ['baseline', 'user', 'web'] });
    const catalog = catalogOf([fakeModule('a', [], {}), fakeModule('b', ['a'], {}), fakeModule('c', ['b', 'a'], {}), fakeModule('d', [], {})]);
    expect(orderModules(['d', 'c'], catalog)).toStrictEqual({ ok: true, modules: ['d', 'a', 'b', 'c'] });
  });

  it('names the modules of a cycle in order', () => {
    const catalog = catalogOf([fakeModule('a', ['b'], {}), fakeModule('b', ['a'], {}), fakeModule('c', ['a'], {})]);
    expect(orderModules(['c'], catalog)).toStrictEqual({
      ok: false,
      message: 'module requirements form a cycle: a -> b -> a',
      hint: "a module's requires must not lead back to it; fix the module definitions",
    });
  });
});

describe('mergeSettings', () => {
  it('merges maps deeply, replaces lists and values, and copies', () => {
    const low = { a: { x: 1, list: [1, 2], deep: { keep: true, change: 'low' } }, b: 'low' };
    const high = { a: { list: [3], deep: { change: 'high' } }, c: null };
    const merged = mergeSettings([low, undefined, high]);
    expect(merged).toStrictEqual({ a: { x: 1, list: [3], deep: { keep: true, change: 'high' } }, b: 'low', c: null });
    (merged['a'] as { deep: { keep: boolean } }).deep.keep = false;
    expect(low.a.deep.keep).toBe(true);
  });

  it('keeps a __proto__ key as data instead of changing the prototype', () => {
    const merged = mergeSettings([JSON.parse('{"__proto__": {"polluted": true}}')]);
    expect(Object.keys(merged)).toStrictEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
  });
});

describe('formatPath', () => {
  it('dots plain keys, brackets indexes and quotes keys with dots or spaces', () => {
    expect(formatPath(['hosts', 'web1', 'vars', 'baseline', 'timezone'])).toBe('hosts.web1.vars.baseline.timezone');
    expect(formatPath(['groups', 'web', 'hosts', 1])).toBe('groups.web.hosts[1]');
    expect(formatPath(['hosts', 'web1.example.com', 'port'])).toBe('hosts["web1.example.com"].port');
    expect(formatPath([])).toBe('');
  });

  it('reads JSON Pointers, with indexes only inside lists', () => {
    const data = { hosts: { '0': { list: ['a', 'b'] }, 'a/b~c': 1 } };
    expect(parseInstancePath('/hosts/0/list/1', data)).toStrictEqual(['hosts', '0', 'list', 1]);
    expect(parseInstancePath('/hosts/a~1b~0c', data)).toStrictEqual(['hosts', 'a/b~c']);
  });
});
