import { describe, expect, it } from 'vitest';
import { conninfo, conninfoValue, passfileField, passfileLine } from '../../../modules/postgres/libpq-quote.js';

describe('conninfo', () => {
  it('quotes every value, escaping backslashes and single quotes', () => {
    expect(conninfoValue(`o'brien \\ x=y`)).toBe(`'o\\'brien \\\\ x=y'`);
    expect(conninfo({ host: '127.0.0.1', port: 5432, dbname: "app db'", user: 'a b' })).toBe(`host='127.0.0.1' port='5432' dbname='app db\\'' user='a b'`);
  });
});

describe('password file', () => {
  it('escapes backslashes and colons, and matches any host, port, database and user', () => {
    expect(passfileField('a:b\\c')).toBe('a\\:b\\\\c');
    expect(passfileLine(`p'w:"x" \\ $(id)`)).toBe(`*:*:*:*:p'w\\:"x" \\\\ $(id)`);
  });
  it('refuses newlines, which would split the line', () => {
    expect(() => passfileLine('a\nb')).toThrow(/newline/);
  });
});
