import { describe, expect, it } from 'vitest';
import { sqlIdentifier, sqlLiteral } from '../../../modules/postgres/sql-quote.js';

describe('sqlIdentifier', () => {
  it('double-quotes every name, plain ones too (case and reserved words are kept)', () => {
    expect(sqlIdentifier('app')).toBe('"app"');
    expect(sqlIdentifier('User')).toBe('"User"');
  });
  it('doubles embedded double quotes and leaves everything else as it is', () => {
    expect(sqlIdentifier('a"b')).toBe('"a""b"');
    expect(sqlIdentifier(`x"; DROP TABLE t; --`)).toBe(`"x""; DROP TABLE t; --"`);
    expect(sqlIdentifier(`o'brien \\ :var $1 $$`)).toBe(`"o'brien \\ :var $1 $$"`);
  });
  it('refuses NUL, which PostgreSQL cannot store', () => {
    expect(() => sqlIdentifier('a\0b')).toThrow(/NUL/);
  });
});

describe('sqlLiteral', () => {
  it('single-quotes and doubles embedded single quotes', () => {
    expect(sqlLiteral('app')).toBe("'app'");
    expect(sqlLiteral("it's")).toBe("'it''s'");
    expect(sqlLiteral("'; DROP ROLE postgres; --")).toBe("'''; DROP ROLE postgres; --'");
  });
  it('writes an escape string when a backslash is inside, so standard_conforming_strings does not matter', () => {
    expect(sqlLiteral('a\\b')).toBe("E'a\\\\b'");
    expect(sqlLiteral("\\'; SELECT 1; --")).toBe("E'\\\\''; SELECT 1; --'");
  });
  it('keeps double quotes, dollars and colons (psql variables are not read inside literals)', () => {
    expect(sqlLiteral('"$$:x$1"')).toBe(`'"$$:x$1"'`);
  });
  it('refuses NUL', () => {
    expect(() => sqlLiteral('\0')).toThrow(/NUL/);
  });
});
