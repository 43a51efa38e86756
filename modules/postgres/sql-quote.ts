/**
 * SQL quoting for PostgreSQL, the way libpq's PQescapeIdentifier and PQescapeLiteral do it: every name and
 * value a module puts into SQL goes through one of these, whatever characters it holds.
 */

function refuseNul(value: string, what: string): void {
  if (value.includes('\0')) throw new Error(`${what} contains a NUL character, which PostgreSQL cannot store`);
}

/** A double-quoted identifier: `a"b` → `"a""b"`. Quoted even when plain, so reserved words and case are kept. */
export function sqlIdentifier(name: string): string {
  refuseNul(name, 'an SQL identifier');
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A string literal: `'it''s'`. With a backslash inside it becomes an escape string (`E'a\\b'`), which reads
 * the same whatever standard_conforming_strings is set to.
 */
export function sqlLiteral(value: string): string {
  refuseNul(value, 'an SQL literal');
  const body = value.replaceAll("'", "''");
  return value.includes('\\') ? `E'${body.replaceAll('\\', '\\\\')}'` : `'${body}'`;
}
