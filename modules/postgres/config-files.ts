import type { HbaEntry } from '../../schemas/modules/postgres.js';

/** Where Debian keeps a cluster's configuration: /etc/postgresql/VERSION/main. */
export function clusterConfigDir(version: number): string {
  return `/etc/postgresql/${version}/main`;
}

/** Phanes' settings file, read last through Debian's `include_dir = 'conf.d'`, so its values win. */
export function confPath(version: number): string {
  return `${clusterConfigDir(version)}/conf.d/phanes.conf`;
}

export function hbaPath(version: number): string {
  return `${clusterConfigDir(version)}/pg_hba.conf`;
}

/** The cluster's systemd unit (postgresql@.service from postgresql-common). */
export function clusterUnit(version: number): string {
  return `postgresql@${version}-main`;
}

/** The server settings Phanes owns, as postgresql.conf lines (values are checked by the schema's patterns). */
export function confContent(listenAddresses: readonly string[], port: number): string {
  return [
    '# Written by Phanes (postgres module): changes here are overwritten.',
    `listen_addresses = '${listenAddresses.join(',')}'`,
    `port = ${port}`,
    '',
  ].join('\n');
}

function hbaLine(fields: readonly string[]): string {
  const widths = [8, 16, 16, 24];
  return fields
    .map((field, i) => (i < fields.length - 1 ? field.padEnd(widths[i] ?? 0) : field))
    .join(' ')
    .trimEnd();
}

/** Debian's own pg_hba.conf entries, kept after the inventory's so they still apply to what those do not match. */
const DEBIAN_DEFAULTS: readonly (readonly string[])[] = [
  ['local', 'all', 'all', '', 'peer'],
  ['host', 'all', 'all', '127.0.0.1/32', 'scram-sha-256'],
  ['host', 'all', 'all', '::1/128', 'scram-sha-256'],
  ['local', 'replication', 'all', '', 'peer'],
  ['host', 'replication', 'all', '127.0.0.1/32', 'scram-sha-256'],
  ['host', 'replication', 'all', '::1/128', 'scram-sha-256'],
];

/**
 * The whole pg_hba.conf: the postgres superuser's peer line first (Phanes manages the server through it),
 * then the inventory's entries in order, then Debian's defaults. The first entry that matches decides.
 */
export function hbaContent(entries: readonly HbaEntry[]): string {
  const lines = [
    '# Written by Phanes (postgres module): changes here are overwritten.',
    '# The first entry that matches a connection decides how it is authenticated.',
    hbaLine(['# TYPE', 'DATABASE', 'USER', 'ADDRESS', 'METHOD']),
    '',
    '# Phanes manages the server as the postgres superuser through this entry.',
    hbaLine(['local', 'all', 'postgres', '', 'peer']),
    '',
    '# From the inventory (postgres.hba).',
    ...entries.map((e) => hbaLine([e.type, e.database, e.user, e.address ?? '', e.method])),
    '',
    "# Debian's defaults.",
    ...DEBIAN_DEFAULTS.map(hbaLine),
    '',
  ];
  return lines.join('\n');
}

/** The PGDG apt source (deb822), trusting the key postgresql-common ships from Debian's own archive. */
export const PGDG_SOURCE_PATH = '/etc/apt/sources.list.d/phanes-pgdg.sources';
export const PGDG_KEY_PATH = '/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc';

export function pgdgSourceContent(codename: string): string {
  return [
    '# Written by Phanes (postgres module): PostgreSQL versions the distribution does not ship.',
    'Types: deb',
    'URIs: https://apt.postgresql.org/pub/repos/apt',
    `Suites: ${codename}-pgdg`,
    'Components: main',
    `Signed-By: ${PGDG_KEY_PATH}`,
    '',
  ].join('\n');
}
