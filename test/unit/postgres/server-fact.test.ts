import { describe, expect, it } from 'vitest';
import { parseServer, serverQuery } from '../../../modules/postgres/server-fact.js';

describe('parseServer', () => {
  it('reads a running server: settings, the role (never its verifier) and the database', () => {
    const output = [
      'version 15',
      'running',
      'setting\tlisten_addresses\tlocalhost\t/etc/postgresql/15/main/conf.d/phanes.conf',
      'setting\tport\t5432\t/etc/postgresql/15/main/conf.d/phanes.conf',
      'role\ttrue\t4096\tEz4XhO7vb+7GiBQ7nefDDw==\t' + 'ab'.repeat(32),
      "database\tapp o'brien",
      '',
    ].join('\n');
    expect(parseServer(output)).toEqual({
      version: 15,
      state: 'running',
      settings: new Map([
        ['listen_addresses', { value: 'localhost', sourcefile: '/etc/postgresql/15/main/conf.d/phanes.conf' }],
        ['port', { value: '5432', sourcefile: '/etc/postgresql/15/main/conf.d/phanes.conf' }],
      ]),
      role: { canLogin: true, password: { iterations: 4096, salt: 'Ez4XhO7vb+7GiBQ7nefDDw==', digest: 'ab'.repeat(32) } },
      database: { owner: "app o'brien" },
    });
  });
  it('reads a role without a password, and one whose password is not SCRAM', () => {
    expect(parseServer('version 15\nrunning\nrole\tfalse\t\t\t\n').role).toEqual({ canLogin: false, password: null });
    expect(parseServer('version 15\nrunning\nrole\ttrue\t\t\tcd\n').role).toEqual({ canLogin: true, password: { iterations: 0, salt: '', digest: 'cd' } });
  });
  it('reads a stopped server, a missing cluster and an unknown release', () => {
    expect(parseServer('version 15\nstopped\n')).toMatchObject({ version: 15, state: 'stopped', role: null, database: null });
    expect(parseServer('version 16\nabsent\n')).toMatchObject({ version: 16, state: 'absent' });
    expect(parseServer('version \n')).toMatchObject({ version: null, state: 'absent' });
  });
  it('refuses a line it does not know', () => {
    expect(() => parseServer('version 15\nrunning\nsurprise\n')).toThrow(/unexpected line/);
  });
});

describe('serverQuery', () => {
  it('quotes the role and database names as SQL literals', () => {
    const query = serverQuery(`o'brien`, 'a\\b');
    expect(query).toContain(`WHERE rolname = 'o''brien'`);
    expect(query).toContain(`WHERE datname = E'a\\\\b'`);
  });
});
