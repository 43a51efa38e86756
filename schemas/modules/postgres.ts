import { secretSetting, type ModuleSettings } from '../module-settings.js';

/** A name PostgreSQL takes as an identifier: printable ASCII, at most 63 bytes (longer ones are cut short). */
const NAME_PATTERN = '^[\\x20-\\x7e]{1,63}$';
/** A pg_hba.conf database or user field: keywords, names, +group and comma lists, nothing that needs quoting. */
const HBA_NAMES_PATTERN = '^[A-Za-z0-9_.$+@-]+(,[A-Za-z0-9_.$+@-]+)*$';

/** Settings of the postgres module: a PostgreSQL server with one database and its owner role. */
export const postgresSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['database', 'role', 'password'],
  properties: {
    version: {
      type: 'integer',
      minimum: 0,
      maximum: 99,
      default: 0,
      description:
        'PostgreSQL major version; 0: the distribution\'s own (Debian 12: 15, Debian 13: 17, Ubuntu 22.04: 14, Ubuntu 24.04: 16); any other version comes from apt.postgresql.org (PGDG), whose source Phanes adds',
    },
    database: {
      type: 'string',
      pattern: NAME_PATTERN,
      description: 'database to create, owned by `role` (any printable ASCII name up to 63 characters; quoted wherever it is used)',
    },
    role: {
      type: 'string',
      pattern: NAME_PATTERN,
      description: 'login role that owns the database (any printable ASCII name up to 63 characters)',
    },
    password: secretSetting(
      'the role\'s password: Phanes computes its SCRAM-SHA-256 verifier locally and sends only that; a changed password is detected by comparing verifiers; no newlines',
    ),
    listen_addresses: {
      type: 'array',
      items: { type: 'string', pattern: '^(\\*|localhost|[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*|[A-Za-z0-9][A-Za-z0-9.-]*)$' },
      minItems: 1,
      uniqueItems: true,
      default: ['localhost'],
      description: 'addresses the server listens on for TCP (`*`: all); a change restarts the server',
    },
    port: {
      type: 'integer',
      minimum: 1,
      maximum: 65535,
      default: 5432,
      description: 'TCP port (and the Unix socket\'s number); a change restarts the server',
    },
    hba: {
      type: 'array',
      default: [],
      description:
        'pg_hba.conf entries {type, database, user, address, method}, placed after the postgres superuser\'s peer line and before Debian\'s defaults (the first matching entry wins); a change reloads the server',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'database', 'user', 'method'],
        properties: {
          type: { type: 'string', enum: ['local', 'host', 'hostssl', 'hostnossl'], description: 'connection type' },
          database: { type: 'string', pattern: HBA_NAMES_PATTERN, description: 'database name(s), or all, sameuser, samerole, replication' },
          user: { type: 'string', pattern: HBA_NAMES_PATTERN, description: 'role name(s), +group, or all' },
          address: {
            type: 'string',
            pattern: '^([0-9.]+/[0-9]{1,2}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*/[0-9]{1,3}|all|samehost|samenet|\\.?[A-Za-z0-9][A-Za-z0-9.-]*)$',
            description: 'client address in CIDR form (10.0.0.0/8), a host name, all, samehost or samenet; not for type local',
          },
          method: {
            type: 'string',
            enum: ['scram-sha-256', 'md5', 'password', 'peer', 'ident', 'trust', 'reject', 'cert'],
            description: 'authentication method',
          },
        },
      },
    },
  },
} as const;

export type PostgresSettings = ModuleSettings<typeof postgresSchema>;

/** One pg_hba.conf entry as the settings give it. */
export type HbaEntry = PostgresSettings['hba'][number];
