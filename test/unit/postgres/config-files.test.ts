import { describe, expect, it } from 'vitest';
import { confContent, hbaContent, pgdgSourceContent } from '../../../modules/postgres/config-files.js';
import { localAddress } from '../../../modules/postgres/postgres.js';
import { versionPrelude } from '../../../modules/postgres/version.js';

describe('confContent', () => {
  it('joins listen addresses with commas and sets the port', () => {
    expect(confContent(['localhost', '10.0.0.5'], 5433)).toBe(
      "# Written by Phanes (postgres module): changes here are overwritten.\nlisten_addresses = 'localhost,10.0.0.5'\nport = 5433\n",
    );
  });
});

describe('hbaContent', () => {
  it("puts postgres' peer line first, the inventory's entries next, Debian's defaults last", () => {
    const lines = hbaContent([
      { type: 'host', database: 'app', user: 'app', address: '10.0.0.0/8', method: 'scram-sha-256' },
      { type: 'local', database: 'all', user: '+admins', method: 'reject' },
    ])
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => line.split(/\s+/).join(' '));
    expect(lines).toEqual([
      'local all postgres peer',
      'host app app 10.0.0.0/8 scram-sha-256',
      'local all +admins reject',
      'local all all peer',
      'host all all 127.0.0.1/32 scram-sha-256',
      'host all all ::1/128 scram-sha-256',
      'local replication all peer',
      'host replication all 127.0.0.1/32 scram-sha-256',
      'host replication all ::1/128 scram-sha-256',
    ]);
  });
});

describe('pgdgSourceContent', () => {
  it("names the release's pgdg suite and the key postgresql-common ships", () => {
    const text = pgdgSourceContent('bookworm');
    expect(text).toContain('Suites: bookworm-pgdg\n');
    expect(text).toContain('Signed-By: /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc\n');
  });
});

describe('localAddress', () => {
  it('uses the loopback when the server listens there or everywhere, else the first address', () => {
    expect(localAddress(['localhost'])).toBe('127.0.0.1');
    expect(localAddress(['10.0.0.5', '*'])).toBe('127.0.0.1');
    expect(localAddress(['::'])).toBe('::1');
    expect(localAddress(['10.0.0.5', '10.0.0.6'])).toBe('10.0.0.5');
  });
});

describe('versionPrelude', () => {
  it('sets the version a setting names', () => {
    expect(versionPrelude(16).text).toBe('v=16');
  });
  it("looks the release's own version up on the host with the table plan uses", () => {
    const text = versionPrelude(0).text;
    expect(text).toContain('case "$ID:$VERSION_ID" in');
    expect(text).toContain('debian:12) v=15 ;;');
    expect(text).toContain('ubuntu:24.04) v=16 ;;');
  });
});
