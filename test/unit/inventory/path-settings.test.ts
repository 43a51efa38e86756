import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../../modules/catalog.js';
import { checkModuleSettings } from '../../../src/inventory/settings-validator.js';

/** Every setting of a built-in module that names a path on the host, with a valid value and where it sits. */
const PATH_SETTINGS: { module: string; valid: Record<string, unknown>; at: (path: string) => Record<string, unknown> }[] = [
  { module: 'swap', valid: {}, at: (path) => ({ path }) },
  { module: 'user', valid: { name: 'ops' }, at: (shell) => ({ name: 'ops', shell }) },
  { module: 'files', valid: {}, at: (path) => ({ files: [{ path, content: 'x' }] }) },
  { module: 'files', valid: {}, at: (path) => ({ directories: [{ path }] }) },
  { module: 'files', valid: {}, at: (path) => ({ lines: [{ path, line: 'x' }] }) },
  { module: 'nginx', valid: {}, at: (root) => ({ servers: [{ name: 'site', root }] }) },
  { module: 'caddy', valid: {}, at: (file_server) => ({ sites: [{ address: ':80', file_server }] }) },
  { module: 'backup', valid: {}, at: (path) => ({ repository: '/srv/backup', password: 'pw', paths: [path] }) },
  { module: 'backup', valid: {}, at: (repository) => ({ repository, password: 'pw', paths: ['/srv'] }) },
  { module: 'github-runner', valid: {}, at: (directory) => ({ token: 't', directory }) },
  { module: 'apps', valid: {}, at: (root) => ({ root }) },
];

/** Paths that would hide which file a plan touches, or are not absolute. */
const NOT_NORMAL = ['/opt/x/../x/data.txt', '/etc/../etc/shadow', '/opt/./swap', '/opt//swap', '/opt/swap/', 'swapfile', '/', '/opt/swap\n/etc/shadow'];

function errorsOf(module: string, settings: Record<string, unknown>): string[] {
  const { errors } = checkModuleSettings(builtInCatalog.modules.get(module)!, structuredClone(settings));
  return errors.map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

describe('every path setting of every module', () => {
  for (const setting of PATH_SETTINGS) {
    const example = JSON.stringify(setting.at('/srv/example'));
    it(`${setting.module} ${example}: takes a normal absolute path`, () => {
      expect(errorsOf(setting.module, setting.at('/srv/example_1.d/file-2'))).toEqual([]);
    });
    it.each(NOT_NORMAL)(`${setting.module} ${example}: refuses %j`, (path) => {
      expect(errorsOf(setting.module, setting.at(path))).not.toEqual([]);
    });
  }

  it('lists every module that has a path setting (a new one must be added above)', () => {
    // Settings whose description speaks of a path or directory, found by reading each module's schema.
    const withPaths = [...builtInCatalog.modules.values()].filter((m) => /\b(path|directory|shell)\b/i.test(JSON.stringify(m.schema))).map((m) => m.name);
    expect(new Set(withPaths)).toEqual(new Set(PATH_SETTINGS.map((s) => s.module)));
  });
});
