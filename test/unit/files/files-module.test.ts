import { describe, expect, it } from 'vitest';
import { files } from '../../../modules/files/files.js';
import { parsePathKinds } from '../../../modules/files/path-kinds-fact.js';
import { PlanRefusedError, type HostContext } from '../../../src/engine/module.js';
import { MAX_FACT_FILE_BYTES } from '../../../src/facts/file.js';
import { checkModuleSettings } from '../../../src/inventory/settings-validator.js';

const HOST: HostContext = { host: 'h', loginUser: 'root', os: { id: 'debian', versionId: '12', codename: 'bookworm', prettyName: 'Debian 12' }, peers: new Map() };

/** Validates like the inventory loader; returns the error messages (defaults filled into `settings`). */
function problems(settings: Record<string, unknown>): string[] {
  return checkModuleSettings(files, settings).errors.map((e) => `${e.instancePath} ${e.message}`);
}

describe('files settings schema', () => {
  it('fills the defaults of every item', () => {
    const settings = { directories: [{ path: '/srv/a' }], files: [{ path: '/srv/a/f', content: '' }] };
    expect(problems(settings)).toEqual([]);
    expect(settings).toEqual({
      directories: [{ path: '/srv/a', mode: '0755', owner: 'root', group: 'root' }],
      files: [{ path: '/srv/a/f', content: '', mode: '0644', owner: 'root', group: 'root' }],
      lines: [],
    });
  });

  it.each(['srv/a', '/srv/a/', '/srv//a', '/srv/../etc', '/srv/./a', '/', '/a\nb'])('refuses the path %j', (path) => {
    expect(problems({ directories: [{ path }] })).toEqual(['/directories/0/path must match pattern "^(/(?!\\.\\.?(/|$))[^/\\n]+)+$"']);
  });

  it('accepts paths that need quoting, dots inside names and hidden files', () => {
    expect(problems({ directories: [{ path: `/srv/it's "x" $(id) \`y\` ; *` }, { path: '/srv/.hidden/..x/a.b' }] })).toEqual([]);
  });

  it('refuses a bad mode, a numeric owner, a line with a newline and unknown keys', () => {
    expect(problems({ files: [{ path: '/a', content: '', mode: '0x644', owner: '0' }], lines: [{ path: '/a', line: 'a\nb', create: true }] })).toEqual([
      '/files/0/mode must match pattern "^[0-7]{3,4}$"',
      '/files/0/owner must match pattern "^[a-z_][a-z0-9_.-]{0,31}\\$?$"',
      '/lines/0 must NOT have additional properties',
      '/lines/0/line must match pattern "^[^\\n]*$"',
    ]);
  });
});

describe('files plan', () => {
  it('refuses content over the size plan can read back, naming the path', () => {
    const settings = { files: [{ path: '/srv/big', content: 'x'.repeat(MAX_FACT_FILE_BYTES + 1) }] };
    expect(problems(settings)).toEqual([]);
    const facts = { paths: parsePathKinds('missing\n', ['/srv/big']), '/srv/big': null };
    expect(() => files.plan(settings, facts, HOST)).toThrow(PlanRefusedError);
    expect(() => files.plan(settings, facts, HOST)).toThrow(/\/srv\/big is 1048577 bytes; at most 1048576/);
  });

  it('writes content of exactly the largest size', () => {
    const settings = { files: [{ path: '/srv/big', content: 'x'.repeat(MAX_FACT_FILE_BYTES) }] };
    problems(settings);
    const steps = files.plan(settings, { paths: parsePathKinds('missing\n', ['/srv/big']), '/srv/big': null }, HOST);
    expect(steps.map((s) => s.title)).toEqual(['Write /srv/big']);
  });

  it('asks for each file once, however many lines go into it', () => {
    const settings = { lines: [{ path: '/a', line: '1' }, { path: '/a', line: '2' }, { path: '/b', line: '3' }] };
    problems(settings);
    expect(Object.keys(files.facts(settings, { host: 'h', loginUser: 'root' }))).toEqual(['paths', '/a', '/b']);
  });
});

describe('parsePathKinds', () => {
  it('reads one answer per path, padding modes to four digits', () => {
    expect([...parsePathKinds('directory 755 root adm\nlink\nother\nmissing\n', ['/a', '/b', '/c', '/d'])]).toEqual([
      ['/a', { kind: 'directory', mode: '0755', owner: 'root', group: 'adm' }],
      ['/b', { kind: 'link' }],
      ['/c', { kind: 'other' }],
      ['/d', { kind: 'missing' }],
    ]);
  });

  it('refuses a cut-off answer, naming the path', () => {
    expect(() => parsePathKinds('missing\n', ['/a', '/b'])).toThrow('unexpected answer for /b: ""');
  });
});
