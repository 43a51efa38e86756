import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTargets, type Target, type TargetSet } from '../targets/targets.js';
import { writeInventory } from './support/inventory.js';
import { runPhanes, type PhanesRun } from './support/run-phanes.js';
import { shText as sh } from './support/target-shell.js';

/** Names that need quoting in SQL, in the shell, in a libpq connection string and in a password file. */
const DATABASE = `app db'"x`;
const ROLE = `o'brien "r" \\ :x`;
/** Passwords with every kind of quote, a colon (password file), `$(...)` and a non-ASCII letter; unique per run. */
const PASSWORD = `pg '"\\ :$(id) Ω ${randomBytes(6).toString('hex')}`;
const NEW_PASSWORD = `new pg "'\\ ${randomBytes(6).toString('hex')}`;
const HBA = [{ type: 'host', database: 'all', user: 'all', address: '10.0.0.0/8', method: 'scram-sha-256' }];

interface ModuleJson {
  module: string;
  status: string;
  steps: { title: string }[];
  health?: { title: string; ok: boolean; hint?: string }[];
}

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** SQL as the postgres superuser; the statement travels base64-encoded, so no quoting can go wrong. */
const sql = (target: Target, statement: string) => sh(target, `echo ${b64(statement)} | base64 -d | runuser -u postgres -- psql -X -q -A -t -d postgres`);

/** Whether ROLE logs in over TCP with this password (given through a password file, never argv or env). */
async function logsIn(target: Target, password: string): Promise<boolean> {
  const line = `*:*:*:*:${password.replaceAll('\\', '\\\\').replaceAll(':', '\\:')}`;
  const dsn = `host=127.0.0.1 port=5432 dbname='${DATABASE.replaceAll("'", "\\'")}' user='${ROLE.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  const result = await target.exec(
    `f=$(mktemp) && echo ${b64(line)} | base64 -d > "$f" && PGPASSFILE="$f" psql -w -X -A -t -d "$(echo ${b64(dsn)} | base64 -d)" -c 'SELECT current_user'; rc=$?; rm -f "$f"; exit $rc`,
  );
  return result.exitCode === 0 && result.output.trim() === ROLE;
}

const startTime = (target: Target) => sql(target, 'SELECT pg_postmaster_start_time()');

describe('postgres module on a real target', () => {
  let set: TargetSet;
  let target: Target;
  const runs: PhanesRun[] = [];
  /** The password the inventory's ${env:...} reference gives (the tests change it). */
  let password = PASSWORD;

  async function phanes(args: string[], secret = password): Promise<PhanesRun> {
    const run = await runPhanes(args, { cwd: set.dir, env: { PHANES_TEST_PG_PASSWORD: secret } });
    runs.push(run);
    return run;
  }

  async function inventory(file: string, overrides: Record<string, unknown> = {}): Promise<string> {
    const postgres = { database: DATABASE, role: ROLE, password: '${env:PHANES_TEST_PG_PASSWORD}', hba: HBA, ...overrides };
    return writeInventory(set, { file, defaults: { modules: ['postgres'], vars: { postgres } } });
  }

  beforeAll(async () => {
    set = await startTargets({ count: 1, dir: await mkdtemp(join(tmpdir(), 'phanes-postgres-')) });
    target = set.targets[0]!;
    // Every process's argv and environment on the target, twenty times a second, all test long.
    await sh(
      target,
      "nohup sh -c 'while [ ! -e /tmp/watch.stop ]; do ps -eo args >> /tmp/ps.log; cat /proc/[0-9]*/environ 2>/dev/null | tr \"\\0\" \"\\n\" >> /tmp/env.log; sleep 0.05; done' >/dev/null 2>&1 &",
    );
  });
  afterAll(async () => set?.stop());

  it('installs PostgreSQL 15 with the role, the database and pg_hba.conf; both health checks pass', async () => {
    const run = await phanes(['apply', '-i', await inventory('hosts.yaml'), '--yes', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const postgres = JSON.parse(run.stdout).hosts[0].modules[0] as ModuleJson;
    expect(postgres.status).toBe('installed');
    expect(postgres.steps.map((s) => s.title)).toEqual([
      'Install postgresql-15',
      'Set listen_addresses and port in /etc/postgresql/15/main/conf.d/phanes.conf',
      "Write pg_hba.conf (1 entry from the inventory, then Debian's defaults)",
      'Restart PostgreSQL 15 (listen_addresses and port apply only at start)',
      `Create the login role ${ROLE}`,
      `Create the database ${DATABASE} owned by ${ROLE}`,
    ]);
    expect(postgres.health).toEqual([
      { title: 'PostgreSQL accepts connections on port 5432 (pg_isready)', ok: true },
      { title: `${ROLE} logs in to ${DATABASE} at 127.0.0.1:5432 with its password`, ok: true },
    ]);
    // Proved on the host: the role owns the database, logs in with the password, the cluster is UTF8.
    expect(await sql(target, `SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '${DATABASE.replaceAll("'", "''")}'`)).toBe(ROLE);
    expect(await sql(target, 'SHOW server_encoding')).toBe('UTF8');
    expect(await logsIn(target, PASSWORD)).toBe(true);
    expect(await logsIn(target, 'wrong')).toBe(false);
    expect(await sql(target, "SELECT count(*) FROM pg_hba_file_rules WHERE address = '10.0.0.0' AND error IS NULL")).toBe('1');
  });

  it('runs zero steps on a second apply; the summary shows both health checks passing', async () => {
    const json = await phanes(['apply', '-i', join(set.dir, 'hosts.yaml'), '--yes', '--json']);
    expect(json.code).toBe(0);
    const host = JSON.parse(json.stdout).hosts[0];
    expect(host).toMatchObject({ status: 'ok', connections: 1, commands: 1 });
    expect(host.modules[0]).toMatchObject({ module: 'postgres', status: 'converged', steps: [] });
    const text = await phanes(['apply', '-i', join(set.dir, 'hosts.yaml'), '--yes']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/target1\s+postgres\s+converged\s+ok \(2\)/);
  });

  it('detects a changed password by its SCRAM verifier and sets it without a restart', async () => {
    const started = await startTime(target);
    const plan = await phanes(['plan', '-i', join(set.dir, 'hosts.yaml'), '--json'], NEW_PASSWORD);
    expect(plan.code).toBe(0);
    expect((JSON.parse(plan.stdout).hosts[0].modules[0] as ModuleJson).steps.map((s) => s.title)).toEqual([`Set the password of the role ${ROLE}`]);
    const apply = await phanes(['apply', '-i', join(set.dir, 'hosts.yaml'), '--yes'], NEW_PASSWORD);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toMatch(/target1\s+postgres\s+changed\s+1\s+ok \(2\)/);
    expect(await logsIn(target, NEW_PASSWORD)).toBe(true);
    expect(await logsIn(target, PASSWORD)).toBe(false);
    expect(await startTime(target)).toBe(started);
    password = NEW_PASSWORD;
  });

  it('reloads for pg_hba.conf entries and restarts only for listen_addresses', async () => {
    const started = await startTime(target);
    const hba = [...HBA, { type: 'hostssl', database: 'all', user: 'all', address: '192.168.0.0/16', method: 'scram-sha-256' }];
    const reload = await phanes(['apply', '-i', await inventory('hba.yaml', { hba }), '--yes', '--json']);
    expect(reload.code).toBe(0);
    expect((JSON.parse(reload.stdout).hosts[0].modules[0] as ModuleJson).steps.map((s) => s.title)).toEqual([
      "Write pg_hba.conf (2 entries from the inventory, then Debian's defaults)",
      'Reload PostgreSQL 15 (no restart)',
    ]);
    expect(await sql(target, "SELECT count(*) FROM pg_hba_file_rules WHERE address = '192.168.0.0'")).toBe('1');
    expect(await startTime(target)).toBe(started);

    const restart = await phanes(['apply', '-i', await inventory('listen.yaml', { hba, listen_addresses: ['*'] }), '--yes', '--json']);
    expect(restart.code).toBe(0);
    expect((JSON.parse(restart.stdout).hosts[0].modules[0] as ModuleJson).steps.map((s) => s.title)).toEqual([
      'Set listen_addresses and port in /etc/postgresql/15/main/conf.d/phanes.conf',
      'Restart PostgreSQL 15 (listen_addresses and port apply only at start)',
    ]);
    expect(await startTime(target)).not.toBe(started);
    expect(await sql(target, 'SHOW listen_addresses')).toBe('*');
    expect(await sh(target, "ss -Hltn 'sport = :5432' | awk '{print $4}' | sort")).toContain('0.0.0.0:5432');
  });

  it('stopped by hand: plan and apply show both health checks failing with their hints (exit 5), and do not start it', async () => {
    const listen = join(set.dir, 'listen.yaml');
    await sh(target, 'systemctl stop postgresql');
    const plan = await phanes(['plan', '-i', listen]);
    expect(plan.code).toBe(5);
    expect(plan.stdout).toMatch(/target1\s+postgres\s+failed\s+2 of 2 failed/);
    expect(plan.stdout).toContain(
      'health check "PostgreSQL accepts connections on port 5432 (pg_isready)" failed (hint: the server is not running or not ready: see pg_lsclusters, systemctl status postgresql',
    );
    expect(plan.stdout).toContain(`health check "${ROLE} logs in to ${DATABASE} at 127.0.0.1:5432 with its password" failed (hint: check that the server runs`);
    expect(plan.stdout).toContain('PostgreSQL 15 is not running: the role and database were not checked');
    const apply = await phanes(['apply', '-i', listen, '--yes', '--json']);
    expect(apply.code).toBe(5);
    const postgres = JSON.parse(apply.stdout).hosts[0].modules[0] as ModuleJson;
    expect(postgres).toMatchObject({ status: 'failed', steps: [] });
    expect(postgres.health?.map((h) => h.ok)).toEqual([false, false]);
    expect(postgres.health?.every((h) => h.hint)).toBe(true);
    expect((await target.exec('systemctl is-active postgresql@15-main')).output.trim()).not.toBe('active');
    await sh(target, 'systemctl start postgresql');
    expect((await phanes(['plan', '-i', listen])).code).toBe(0);
  });

  it('the passwords appear nowhere: argv and environment on the target, its logs, state, output, JSON and .phanes', async () => {
    await sh(target, 'touch /tmp/watch.stop; sleep 1');
    // The secrets go to the target base64-encoded, so this check puts neither in any argv itself.
    await sh(target, `echo ${b64(`${PASSWORD}\n${NEW_PASSWORD}\n`)} | base64 -d > /tmp/secrets`);
    const seen = await sh(target, 'wc -l < /tmp/ps.log; grep -c "runuser -u postgres -- psql" /tmp/ps.log; grep -c "^PGPASSFILE=" /tmp/env.log || true');
    const [psLines, psqlSeen] = seen.split('\n').map(Number);
    expect(psLines).toBeGreaterThan(1000);
    expect(psqlSeen).toBeGreaterThan(0); // the watcher did see Phanes' psql commands
    const leaks = await target.exec(
      'for f in /tmp/ps.log /tmp/env.log /var/lib/phanes/state.json /var/log/postgresql/*.log /etc/postgresql/15/main/*.conf /etc/postgresql/15/main/conf.d/*; do grep -c -F -f /tmp/secrets "$f"; done; journalctl --no-pager -o cat | grep -c -F -f /tmp/secrets',
    );
    expect(leaks.output.trim().split('\n').every((count) => count === '0'), leaks.output).toBe(true);

    const local = await readdir(join(set.dir, '.phanes'), { recursive: true, withFileTypes: true });
    const files = local.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    expect(files.some((f) => f.includes('logs'))).toBe(true);
    const texts = [...runs.flatMap((r) => [r.stdout, r.stderr]), ...(await Promise.all(files.map((f) => readFile(f, 'utf8'))))];
    for (const secret of [PASSWORD, NEW_PASSWORD]) for (const text of texts) expect(text.includes(secret)).toBe(false);
  });
});
