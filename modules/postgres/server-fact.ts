import type { Fact } from '../../src/facts/fact.js';
import { join, sh } from '../../src/shell/command.js';
import type { StoredPassword } from './scram.js';
import { sqlLiteral } from './sql-quote.js';
import { versionPrelude } from './version.js';

/** A server setting as the running server has it, and the file it came from. */
export interface RunningSetting {
  readonly value: string;
  readonly sourcefile: string;
}

/** The role as pg_authid has it: never its password, only what is needed to compare one with it. */
export interface RoleState {
  readonly canLogin: boolean;
  /** null: no password; a non-SCRAM one has iterations 0. */
  readonly password: StoredPassword | null;
}

/** What the running server says about itself, the role and the database. */
export interface ServerState {
  /** The major version the host resolved (the setting, or its release's own); null when it knows none. */
  readonly version: number | null;
  /** absent: no cluster configuration; stopped: no server answers on its socket; running: it answered. */
  readonly state: 'absent' | 'stopped' | 'running';
  readonly settings: ReadonlyMap<string, RunningSetting>;
  readonly role: RoleState | null;
  readonly database: { readonly owner: string } | null;
}

/**
 * One query for everything plan needs from the server, one tab-separated row per thing. The role's
 * verifier never leaves the host: only its iteration count, salt and SHA-256 digest.
 */
export function serverQuery(role: string, database: string): string {
  return [
    "SELECT concat_ws(E'\\t', 'setting', name, setting, coalesce(sourcefile, '')) FROM pg_settings WHERE name IN ('listen_addresses', 'port')",
    'UNION ALL',
    "SELECT concat_ws(E'\\t', 'role', rolcanlogin::text, coalesce(substring(rolpassword FROM '^SCRAM-SHA-256\\$([0-9]+):'), ''), " +
      "coalesce(substring(rolpassword FROM '^SCRAM-SHA-256\\$[0-9]+:([^$]+)\\$'), ''), coalesce(encode(sha256(convert_to(rolpassword, 'UTF8')), 'hex'), '')) " +
      `FROM pg_authid WHERE rolname = ${sqlLiteral(role)}`,
    'UNION ALL',
    `SELECT concat_ws(E'\\t', 'database', pg_get_userbyid(datdba)) FROM pg_database WHERE datname = ${sqlLiteral(database)}`,
  ].join('\n');
}

/** Parses the fact's output: `version N`, the state, then the query's rows. */
export function parseServer(output: string): ServerState {
  const lines = output.split('\n');
  const version = /^version (\d+)$/.exec(lines[0] ?? '')?.[1];
  const stateLine = lines[1] ?? '';
  const state = stateLine === 'running' || stateLine === 'stopped' ? stateLine : 'absent';
  const settings = new Map<string, RunningSetting>();
  let role: RoleState | null = null;
  let database: { owner: string } | null = null;
  if (state === 'running') {
    for (const line of lines.slice(2)) {
      const [kind, ...fields] = line.split('\t');
      if (kind === 'setting') settings.set(fields[0] ?? '', { value: fields[1] ?? '', sourcefile: fields[2] ?? '' });
      else if (kind === 'role') {
        const [canLogin, iterations = '', salt = '', digest = ''] = fields;
        role = { canLogin: canLogin === 'true', password: digest === '' ? null : { iterations: Number(iterations) || 0, salt, digest } };
      } else if (kind === 'database') database = { owner: fields[0] ?? '' };
      else if (line !== '') throw new Error(`unexpected line from the server: ${line}`);
    }
  }
  return { version: version === undefined ? null : Number(version), state, settings, role, database };
}

/** sed script that prints data_directory's value from postgresql.conf. */
const DATA_DIRECTORY = "s/^[[:space:]]*data_directory[[:space:]]*=[[:space:]]*'\\([^']*\\)'.*/\\1/p";

/**
 * Asks the wanted version's running server, as the postgres superuser over its Unix socket, on the port
 * its postmaster.pid names (the one it really runs on, whatever the files say now).
 */
export function serverFact(version: number, role: string, database: string): Fact<ServerState> {
  return {
    description: 'the PostgreSQL server, role and database',
    command: join(
      [
        versionPrelude(version),
        sh`printf ${'version %s\\n'} "$v"`,
        sh`[ -n "$v" ] || exit 0`,
        sh`conf="/etc/postgresql/$v/main/postgresql.conf"`,
        sh`if [ ! -f "$conf" ]; then echo absent; exit 0; fi`,
        sh`data=$(sed -n ${DATA_DIRECTORY} "$conf" | tail -n 1)`,
        sh`[ -n "$data" ] || data="/var/lib/postgresql/$v/main"`,
        sh`port=$(sed -n 4p "$data/postmaster.pid" 2>/dev/null) || port=`,
        sh`if [ -z "$port" ] || ! rows=$(runuser -u postgres -- psql -X -q -A -t -p "$port" -d postgres -c ${serverQuery(role, database)}); then echo stopped; exit 0; fi`,
        sh`echo running`,
        sh`printf ${'%s\\n'} "$rows"`,
      ],
      '\n',
    ),
    parse: (output) => parseServer(output),
  };
}
