/** Quoting for libpq's own formats: connection strings and the password file. */

/** A value in a `key=value` connection string: single-quoted, `\` and `'` escaped with a backslash. */
export function conninfoValue(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** A connection string from its parts, every value quoted: `host='127.0.0.1' port='5432' ...`. */
export function conninfo(parts: Readonly<Record<string, string | number>>): string {
  return Object.entries(parts)
    .map(([key, value]) => `${key}=${conninfoValue(String(value))}`)
    .join(' ');
}

/** A field of a ~/.pgpass line: `:` and `\` are escaped with a backslash. Newlines cannot be written. */
export function passfileField(value: string): string {
  if (/[\n\r]/.test(value)) throw new Error('a password file field cannot hold a newline');
  return value.replaceAll('\\', '\\\\').replaceAll(':', '\\:');
}

/** A password file line that gives `password` for any host, port, database and user. */
export function passfileLine(password: string): string {
  return `*:*:*:*:${passfileField(password)}`;
}
