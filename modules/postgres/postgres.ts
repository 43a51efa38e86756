import { aptCacheAgeFact, type AptCacheAge } from '../../src/facts/apt-cache-age.js';
import { fileFact } from '../../src/facts/file.js';
import type { PackageVersions } from '../../src/facts/packages.js';
import { defineModule, PlanRefusedError, type HostContext } from '../../src/engine/module.js';
import { ensureFile, type RemoteFile, type Step } from '../../src/engine/step.js';
import { aptUpdate } from '../../src/shell/apt.js';
import { sh, type ShellText } from '../../src/shell/command.js';
import { Secret } from '../../src/shell/secret.js';
import { postgresSchema, type PostgresSettings } from '../../schemas/modules/postgres.js';
import { installPackages } from '../apt-packages.js';
import { clusterFileFact, postgresPackagesFact } from './cluster-facts.js';
import { clusterUnit, confContent, confPath, hbaContent, hbaPath, PGDG_SOURCE_PATH, pgdgSourceContent } from './config-files.js';
import { conninfo, passfileLine } from './libpq-quote.js';
import { derivedSalt, SCRAM_ITERATIONS, scramVerifier, storedPasswordMatches } from './scram.js';
import { serverFact, type ServerState } from './server-fact.js';
import { sqlIdentifier, sqlLiteral } from './sql-quote.js';
import { distributionVersion } from './version.js';

const APT_CACHE_MAX_AGE = 86_400;

/** printf's format for one line; passed as a value, so the shell sees the backslash whatever the template does. */
const LINE = '%s\\n';

/** The major version to run: the setting, or the release's own; refused when neither is known. */
function wantedVersion(settings: PostgresSettings, host: HostContext): number {
  if (settings.version > 0) return settings.version;
  const own = distributionVersion(host.os);
  if (own === undefined) {
    throw new PlanRefusedError(`postgres.version is 0 and Phanes does not know which PostgreSQL ${host.os.prettyName} ships: set postgres.version`);
  }
  return own;
}

function checkSettings(settings: PostgresSettings): void {
  const password = settings.password.reveal();
  if (password === '') throw new PlanRefusedError('postgres.password is empty: set a password for the role');
  if (/[\r\n\0]/.test(password)) throw new PlanRefusedError('postgres.password contains a newline or NUL character, which the health check cannot pass to psql: choose another password');
  settings.hba.forEach((entry, i) => {
    if (entry.type === 'local' && entry.address !== undefined) throw new PlanRefusedError(`postgres.hba[${i}]: type local takes no address: remove it, or use type host`);
    if (entry.type !== 'local' && entry.address === undefined) throw new PlanRefusedError(`postgres.hba[${i}]: type ${entry.type} needs an address, e.g. 10.0.0.0/8`);
  });
}

/** Address a client on the host itself reaches the server at over TCP, given listen_addresses. */
export function localAddress(listen: readonly string[]): string {
  if (listen.some((a) => a === '*' || a === 'localhost' || a === '0.0.0.0' || a === '127.0.0.1')) return '127.0.0.1';
  if (listen.some((a) => a === '::' || a === '::1')) return '::1';
  return listen[0] ?? '127.0.0.1';
}

/**
 * SQL run as the postgres superuser over the Unix socket. The statement reaches psql on stdin from the
 * shell's builtin printf (one part a line): a secret part never shows in argv, and is masked in plan output.
 */
function psqlStdin(port: number, parts: readonly (string | Secret)[]): ShellText {
  return sh`printf ${LINE} ${parts} | runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p ${port} -d postgres`;
}

/** Apt steps for the server package, through PGDG when the release does not ship this version. */
function packageSteps(version: number, facts: { packages: PackageVersions; aptCacheAge: AptCacheAge; pgdgSource: RemoteFile | null }, host: HostContext): Step[] {
  const server = `postgresql-${version}`;
  const steps: Step[] = [];
  let cacheAge = facts.aptCacheAge;
  if (version !== distributionVersion(host.os)) {
    // postgresql-common, from the release's own archive, ships the PGDG signing key.
    steps.push(...installPackages(['postgresql-common', 'ca-certificates'], facts.packages, cacheAge, APT_CACHE_MAX_AGE));
    const source = ensureFile(
      { title: `Add the PostgreSQL apt repository (apt.postgresql.org, ${host.os.codename}-pgdg) for version ${version}`, path: PGDG_SOURCE_PATH, content: pgdgSourceContent(host.os.codename), mode: '0644', owner: 'root', group: 'root' },
      facts.pgdgSource,
    );
    if (source.length > 0) {
      steps.push(...source, { kind: 'command', title: 'Refresh the apt cache (new repository)', command: aptUpdate() });
      cacheAge = 0;
    }
  }
  // The cluster is created by the package with the installing environment's locale: C.UTF-8 gives UTF8.
  return [
    ...steps,
    ...installPackages([server], facts.packages, cacheAge, APT_CACHE_MAX_AGE).map((step): Step =>
      step.kind === 'command' ? { ...step, command: sh`LC_ALL=C.UTF-8 ${step.command}` } : step,
    ),
  ];
}

/** Restart for listen_addresses and port (they apply only at start), else reload for pg_hba.conf. */
function serverSteps(version: number, settings: PostgresSettings, server: ServerState, installing: boolean, filesChanged: boolean): Step[] {
  const unit = clusterUnit(version);
  const listen = server.settings.get('listen_addresses');
  const port = server.settings.get('port');
  for (const [name, setting] of [['listen_addresses', listen], ['port', port]] as const) {
    if (setting?.sourcefile.endsWith('/postgresql.auto.conf')) {
      throw new PlanRefusedError(
        `postgres: ${name} is set with ALTER SYSTEM (${setting.sourcefile}), which overrides Phanes' ${confPath(version)}: run ALTER SYSTEM RESET ${name} on the server, then apply again`,
      );
    }
  }
  const running = server.state === 'running';
  const restart = installing || (running && (listen?.value !== settings.listen_addresses.join(',') || port?.value !== String(settings.port)));
  if (restart) {
    return [{ kind: 'command', title: `Restart PostgreSQL ${version} (listen_addresses and port apply only at start)`, command: sh`systemctl try-restart ${unit}` }];
  }
  if (!running || !filesChanged) return [];
  // A reload is a signal: wait until a new session sees the new load time, then refuse a pg_hba.conf with errors.
  const query = (sql: string) => sh`runuser -u postgres -- psql -X -q -A -t -p ${settings.port} -d postgres -c ${sql}`;
  return [
    {
      kind: 'command',
      title: `Reload PostgreSQL ${version} (no restart)`,
      command: sh`before=$(${query('SELECT pg_conf_load_time()')})
systemctl reload ${unit}
i=0; while [ "$(${query('SELECT pg_conf_load_time()')})" = "$before" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
errors=$(${query("SELECT string_agg(line_number || ': ' || error, '; ') FROM pg_hba_file_rules WHERE error IS NOT NULL")})
if [ -n "$errors" ]; then printf ${'pg_hba.conf has errors (the server keeps its previous rules): %s\\n'} "$errors" >&2; exit 1; fi`,
    },
  ];
}

/** Creates the role or sets its password (and LOGIN) when the stored verifier is not the password's. */
function roleSteps(settings: PostgresSettings, server: ServerState, host: HostContext): Step[] {
  const { role } = settings;
  const password = settings.password.reveal();
  const current = server.role;
  const matches = storedPasswordMatches(password, current?.password ?? null);
  if (current && current.canLogin && matches) return [];
  if (current && matches) return [{ kind: 'command', title: `Allow the role ${role} to log in`, command: psqlStdin(settings.port, [`ALTER ROLE ${sqlIdentifier(role)} WITH LOGIN;`]) }];
  // Only a verifier leaves this machine: PostgreSQL stores it as it is, and no log on the host can show the password.
  const verifier = new Secret(sqlLiteral(scramVerifier(password, derivedSalt(password, host.host, role), SCRAM_ITERATIONS)), settings.password.source);
  if (!current) {
    return [{ kind: 'command', title: `Create the login role ${role}`, command: psqlStdin(settings.port, [`CREATE ROLE ${sqlIdentifier(role)} LOGIN PASSWORD`, verifier, ';']) }];
  }
  const title = current.canLogin ? `Set the password of the role ${role}` : `Set the password of the role ${role} and allow it to log in`;
  return [{ kind: 'command', title, command: psqlStdin(settings.port, [`ALTER ROLE ${sqlIdentifier(role)} WITH LOGIN PASSWORD`, verifier, ';']) }];
}

/** Creates the database, or gives it back to the role. */
function databaseSteps(settings: PostgresSettings, server: ServerState): Step[] {
  const { database, role } = settings;
  if (!server.database) {
    return [{ kind: 'command', title: `Create the database ${database} owned by ${role}`, command: psqlStdin(settings.port, [`CREATE DATABASE ${sqlIdentifier(database)} OWNER ${sqlIdentifier(role)};`]) }];
  }
  if (server.database.owner === role) return [];
  return [
    { kind: 'command', title: `Make ${role} the owner of the database ${database} (was ${server.database.owner})`, command: psqlStdin(settings.port, [`ALTER DATABASE ${sqlIdentifier(database)} OWNER TO ${sqlIdentifier(role)};`]) },
  ];
}

export const postgres = defineModule({
  name: 'postgres',
  description: 'PostgreSQL server with a database, its owner role and pg_hba.conf entries',
  requires: [],
  schema: postgresSchema,
  facts: (settings: PostgresSettings) => ({
    packages: postgresPackagesFact(settings.version),
    aptCacheAge: aptCacheAgeFact,
    pgdgSource: fileFact(PGDG_SOURCE_PATH),
    conf: clusterFileFact(settings.version, 'conf.d/phanes.conf'),
    hba: clusterFileFact(settings.version, 'pg_hba.conf'),
    server: serverFact(settings.version, settings.role, settings.database),
  }),
  notes(settings: PostgresSettings, facts, host) {
    if (facts.server.state !== 'stopped') return [];
    const version = wantedVersion(settings, host);
    return [
      `PostgreSQL ${version} is not running: the role and database were not checked, and changed files take effect when it starts (Phanes does not start a server stopped by hand: systemctl start ${clusterUnit(version)})`,
    ];
  },
  plan(settings: PostgresSettings, facts, host) {
    const version = wantedVersion(settings, host);
    checkSettings(settings);
    if (facts.server.version !== version) {
      throw new PlanRefusedError(`postgres: the host resolved PostgreSQL version ${facts.server.version ?? 'none'}, plan ${version}: set postgres.version explicitly`);
    }
    const installing = !facts.packages.has(`postgresql-${version}`);
    if (!installing && facts.server.state === 'absent') {
      throw new PlanRefusedError(`postgres: postgresql-${version} is installed but has no cluster "main" (/etc/postgresql/${version}/main): create it with pg_createcluster ${version} main --start, then apply again`);
    }
    const steps = packageSteps(version, facts, host);
    const entries = settings.hba.length;
    const files = [
      ...ensureFile(
        { title: `Set listen_addresses and port in ${confPath(version)}`, path: confPath(version), content: confContent(settings.listen_addresses, settings.port), mode: '0644', owner: 'postgres', group: 'postgres' },
        facts.conf,
      ),
      ...ensureFile(
        { title: `Write pg_hba.conf (${entries} entr${entries === 1 ? 'y' : 'ies'} from the inventory, then Debian's defaults)`, path: hbaPath(version), content: hbaContent(settings.hba), mode: '0640', owner: 'postgres', group: 'postgres' },
        facts.hba,
      ),
    ];
    steps.push(...files, ...serverSteps(version, settings, facts.server, installing, files.length > 0));
    // A stopped server cannot be asked about the role and database; its health checks say so.
    if (installing || facts.server.state === 'running') steps.push(...roleSteps(settings, facts.server, host), ...databaseSteps(settings, facts.server));
    return steps;
  },
  ports: (settings: PostgresSettings) => [settings.port],
  health(settings: PostgresSettings) {
    const address = localAddress(settings.listen_addresses);
    const target = conninfo({ host: address, port: settings.port, dbname: settings.database, user: settings.role, connect_timeout: 5 });
    const password = settings.password.reveal();
    // A password with a newline cannot be written to a password file; plan refuses it, and this check then fails.
    const passfile = new Secret(/[\r\n]/.test(password) ? '' : passfileLine(password), settings.password.source);
    return [
      {
        title: `PostgreSQL accepts connections on port ${settings.port} (pg_isready)`,
        command: sh`pg_isready -q -p ${settings.port}`,
        hint: `the server is not running or not ready: see pg_lsclusters, systemctl status postgresql and /var/log/postgresql/; start it with systemctl start postgresql`,
      },
      {
        title: `${settings.role} logs in to ${settings.database} at ${address}:${settings.port} with its password`,
        // The password goes to a temporary password file (0600) written by the shell's builtin printf.
        command: sh`pgpass=$(mktemp) && trap 'rm -f "$pgpass"' EXIT && printf ${LINE} ${passfile} > "$pgpass" && test "$(PGPASSFILE="$pgpass" psql -w -X -q -A -t -d ${target} -c 'SELECT 1')" = 1`,
        hint: `check that the server runs and listens on ${address} (listen_addresses), and that no earlier pg_hba.conf entry (postgres.hba) rejects or peer-authenticates this login; the server's log in /var/log/postgresql/ says why a login failed`,
      },
    ];
  },
});
