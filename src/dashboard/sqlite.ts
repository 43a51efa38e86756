/** A value SQLite stores or returns. */
export type SqlValue = string | number | bigint | null | Uint8Array;

/** The part of node:sqlite's StatementSync the dashboard uses (@types/node 20 does not describe node:sqlite). */
export interface Statement {
  run(...params: SqlValue[]): unknown;
  get(...params: SqlValue[]): Record<string, SqlValue> | undefined;
  all(...params: SqlValue[]): Record<string, SqlValue>[];
}

/** The part of node:sqlite's DatabaseSync the dashboard uses. */
export interface Database {
  exec(sql: string): void;
  prepare(sql: string): Statement;
  close(): void;
}

/** This Node has no node:sqlite (it came with Node 22.5 and needs no flag from 22.13). */
export class SqliteMissingError extends Error {
  override readonly name = 'SqliteMissingError';
}

/** Opens (creating) the SQLite database at `file` (':memory:' for none) with Node's built-in SQLite. */
export async function openDatabase(file: string): Promise<Database> {
  let sqlite: { DatabaseSync: new (file: string) => Database };
  try {
    // A variable: TypeScript 5.9 with @types/node 20 knows no such module; the bundle keeps it external.
    const name = 'node:sqlite';
    sqlite = (await import(name)) as typeof sqlite;
  } catch {
    throw new SqliteMissingError(
      `the dashboard needs Node.js 22.13 or newer (its built-in SQLite, node:sqlite); this is Node.js ${process.versions.node}. ` +
        'Run the single executable (npm run build:binary embeds Node 24) or a newer Node.',
    );
  }
  return new sqlite.DatabaseSync(file);
}
