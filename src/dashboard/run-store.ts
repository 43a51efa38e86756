import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { OsRelease } from '../facts/os-release.js';
import type { HostVitals } from '../facts/vitals.js';
import type { HealthReport, HostStatus, ModuleStatus, RunMode, StepReport } from '../engine/results.js';
import type { RunRecord, RunTrigger } from '../state/run-recorder.js';
import { runStatusOf, type RunStatus } from './run-status.js';
import { openDatabase, type Database, type SqlValue } from './sqlite.js';

/** Bumped when the tables change: the index is rebuilt from the run files, which stay the source of truth. */
const STORE_VERSION = 2;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (id TEXT PRIMARY KEY, mode TEXT NOT NULL, trigger TEXT NOT NULL, inventory TEXT NOT NULL,
  started_at TEXT NOT NULL, duration_ms INTEGER NOT NULL, status TEXT NOT NULL, hosts INTEGER NOT NULL, failed_hosts INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS runs_started ON runs (started_at);
CREATE TABLE IF NOT EXISTS host_runs (run_id TEXT NOT NULL, host TEXT NOT NULL, mode TEXT NOT NULL, started_at TEXT NOT NULL,
  status TEXT NOT NULL, duration_ms INTEGER NOT NULL, error TEXT, os TEXT, vitals TEXT, PRIMARY KEY (run_id, host));
CREATE INDEX IF NOT EXISTS host_runs_host ON host_runs (host, started_at);
CREATE INDEX IF NOT EXISTS host_runs_host_mode ON host_runs (host, mode, started_at);
CREATE TABLE IF NOT EXISTS module_runs (run_id TEXT NOT NULL, host TEXT NOT NULL, position INTEGER NOT NULL, module TEXT NOT NULL,
  status TEXT NOT NULL, host_status TEXT NOT NULL, duration_ms INTEGER NOT NULL, error TEXT, failed_step INTEGER,
  steps TEXT NOT NULL, health TEXT, notes TEXT, PRIMARY KEY (run_id, host, position));
CREATE INDEX IF NOT EXISTS module_runs_module ON module_runs (module, status, run_id);
CREATE INDEX IF NOT EXISTS module_runs_host ON module_runs (host, module, status, run_id);
CREATE INDEX IF NOT EXISTS module_runs_host_status ON module_runs (host, status, run_id);
CREATE INDEX IF NOT EXISTS module_runs_status ON module_runs (status, run_id);
CREATE INDEX IF NOT EXISTS host_runs_status ON host_runs (status, host, run_id);
CREATE TABLE IF NOT EXISTS names (kind TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (kind, name));
CREATE TABLE IF NOT EXISTS indexed_files (name TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ms INTEGER NOT NULL);
`;

/** One run in the history's list. */
export interface RunRow {
  readonly id: string;
  readonly mode: RunMode;
  readonly trigger: RunTrigger;
  readonly inventory: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly status: RunStatus;
  readonly hosts: number;
  readonly failedHosts: number;
}

/** One host in one run. */
export interface HostRunRow {
  readonly runId: string;
  readonly host: string;
  readonly mode: RunMode;
  readonly startedAt: string;
  readonly status: HostStatus;
  readonly durationMs: number;
  readonly error: string | null;
  readonly os: OsRelease | null;
  readonly vitals: HostVitals | null;
}

/** One module on one host in one run. */
export interface ModuleRunRow {
  readonly runId: string;
  readonly host: string;
  readonly module: string;
  readonly status: ModuleStatus;
  readonly durationMs: number;
  readonly error: string | null;
  readonly failedStep: number | null;
  readonly steps: readonly StepReport[];
  readonly health: readonly HealthReport[];
  readonly notes: readonly string[];
}

/** What the history page filters by; every field optional (absent: any). */
export interface RunFilter {
  readonly host?: string | undefined;
  readonly module?: string | undefined;
  /** A module status (failed, pending, ...), a host status (unreachable, ...) or a run status. */
  readonly status?: string | undefined;
}

const text = (value: SqlValue | undefined): string => (typeof value === 'string' ? value : String(value ?? ''));
const num = (value: SqlValue | undefined): number => Number(value ?? 0);
const json = <T>(value: SqlValue | undefined, empty: T): T => (typeof value === 'string' ? (JSON.parse(value) as T) : empty);

function runRow(r: Record<string, SqlValue>): RunRow {
  return {
    id: text(r.id),
    mode: text(r.mode) as RunMode,
    trigger: text(r.trigger) as RunTrigger,
    inventory: text(r.inventory),
    startedAt: text(r.started_at),
    durationMs: num(r.duration_ms),
    status: text(r.status) as RunStatus,
    hosts: num(r.hosts),
    failedHosts: num(r.failed_hosts),
  };
}

function hostRow(r: Record<string, SqlValue>): HostRunRow {
  return {
    runId: text(r.run_id),
    host: text(r.host),
    mode: text(r.mode) as RunMode,
    startedAt: text(r.started_at),
    status: text(r.status) as HostStatus,
    durationMs: num(r.duration_ms),
    error: r.error === null ? null : text(r.error),
    os: json<OsRelease | null>(r.os, null),
    vitals: json<HostVitals | null>(r.vitals, null),
  };
}

function moduleRow(r: Record<string, SqlValue>): ModuleRunRow {
  return {
    runId: text(r.run_id),
    host: text(r.host),
    module: text(r.module),
    status: text(r.status) as ModuleStatus,
    durationMs: num(r.duration_ms),
    error: r.error === null ? null : text(r.error),
    failedStep: r.failed_step === null ? null : num(r.failed_step),
    steps: json<StepReport[]>(r.steps, []),
    health: json<HealthReport[]>(r.health, []),
    notes: json<string[]>(r.notes, []),
  };
}

/**
 * The run history as the dashboard queries it: an SQLite index of the run files under .phanes/runs (which
 * stay the record; the index can be deleted and is rebuilt). Nothing is ever pruned here.
 */
export class RunStore {
  private constructor(private readonly db: Database) {}

  /** Opens (or creates) the index at `file` (':memory:' for a throwaway one). */
  static async open(file: string): Promise<RunStore> {
    const db = await openDatabase(file);
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    const version = num(db.prepare('PRAGMA user_version').get()?.user_version);
    if (version !== STORE_VERSION) {
      db.exec('DROP TABLE IF EXISTS runs; DROP TABLE IF EXISTS host_runs; DROP TABLE IF EXISTS module_runs; DROP TABLE IF EXISTS names; DROP TABLE IF EXISTS indexed_files;');
      db.exec(`PRAGMA user_version = ${STORE_VERSION}`);
    }
    db.exec(SCHEMA);
    return new RunStore(db);
  }

  close(): void {
    this.db.close();
  }

  /** Adds one finished run (again: replaces it). */
  add(record: RunRecord): void {
    this.transaction(() => this.insert(record));
  }

  /**
   * Indexes the run files of `dir` not indexed yet (or changed since); returns how many. A file that cannot
   * be read or parsed is reported through `onBadFile` and skipped.
   */
  indexDirectory(dir: string, onBadFile: (file: string, error: Error) => void = () => {}): number {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.json'));
    } catch {
      return 0; // no runs recorded yet
    }
    const known = new Map(this.db.prepare('SELECT name, size, mtime_ms FROM indexed_files').all().map((r) => [text(r.name), `${num(r.size)}:${num(r.mtime_ms)}`]));
    const mark = this.db.prepare('INSERT OR REPLACE INTO indexed_files (name, size, mtime_ms) VALUES (?, ?, ?)');
    let added = 0;
    this.transaction(() => {
      for (const name of names) {
        const file = join(dir, name);
        let stat;
        try {
          stat = statSync(file);
        } catch {
          continue;
        }
        const mtime = Math.floor(stat.mtimeMs);
        if (known.get(name) === `${stat.size}:${mtime}`) continue;
        try {
          const record = JSON.parse(readFileSync(file, 'utf8')) as RunRecord;
          if (typeof record?.summary?.runId !== 'string' || !Array.isArray(record.summary.hosts)) throw new Error('not a Phanes run record');
          this.insert(record);
          added++;
        } catch (error) {
          onBadFile(file, error as Error);
        }
        mark.run(name, stat.size, mtime);
      }
    });
    return added;
  }

  private transaction(work: () => void): void {
    this.db.exec('BEGIN');
    try {
      work();
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  private insert(record: RunRecord): void {
    const s = record.summary;
    const id = s.runId;
    for (const table of ['runs', 'host_runs', 'module_runs']) this.db.prepare(`DELETE FROM ${table} WHERE ${table === 'runs' ? 'id' : 'run_id'} = ?`).run(id);
    this.db
      .prepare('INSERT INTO runs (id, mode, trigger, inventory, started_at, duration_ms, status, hosts, failed_hosts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, s.mode, record.trigger ?? 'cli', record.inventory ?? '', s.startedAt, s.durationMs, runStatusOf(s), s.hosts.length, s.hosts.filter((h) => h.status !== 'ok').length);
    const host = this.db.prepare('INSERT INTO host_runs (run_id, host, mode, started_at, status, duration_ms, error, os, vitals) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const module = this.db.prepare(
      'INSERT INTO module_runs (run_id, host, position, module, status, host_status, duration_ms, error, failed_step, steps, health, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const name = this.db.prepare('INSERT OR IGNORE INTO names (kind, name) VALUES (?, ?)');
    for (const h of s.hosts) {
      const error = h.error ? `${h.error.message}${h.error.hint ? `\n${h.error.hint}` : ''}` : null;
      host.run(id, h.host, s.mode, s.startedAt, h.status, h.durationMs, error, h.os ? JSON.stringify(h.os) : null, h.vitals ? JSON.stringify(h.vitals) : null);
      name.run('host', h.host);
      h.modules.forEach((m, position) => {
        const health = m.health && m.health.length > 0 ? JSON.stringify(m.health) : null;
        const notes = m.notes && m.notes.length > 0 ? JSON.stringify(m.notes) : null;
        module.run(id, h.host, position, m.module, m.status, h.status, m.durationMs, m.error ?? null, m.failedStep ?? null, JSON.stringify(m.steps), health, notes);
        name.run('module', m.module);
      });
    }
  }

  /** Host or module names seen in the history, sorted (the filters' choices). */
  names(kind: 'host' | 'module'): string[] {
    return this.db.prepare('SELECT name FROM names WHERE kind = ? ORDER BY name').all(kind).map((r) => text(r.name));
  }

  /** Runs matching `filter`, newest first, and how many match in all. */
  runs(filter: RunFilter, limit: number, offset = 0): { runs: RunRow[]; total: number } {
    const where: string[] = [];
    const params: SqlValue[] = [];
    // IN (subquery) rather than EXISTS: the subquery walks an index of the few matching rows once, instead
    // of probing every run (a rare filter then cost 0.2 s over 1,000 runs of 50 hosts).
    const onHost = filter.host === undefined ? '' : ' AND host = ?';
    const host = filter.host === undefined ? [] : [filter.host];
    if (filter.module !== undefined) {
      const status = filter.status === undefined ? '' : ' AND (status = ? OR host_status = ?)';
      where.push(`r.id IN (SELECT run_id FROM module_runs WHERE module = ?${onHost}${status})`);
      params.push(filter.module, ...host, ...(filter.status === undefined ? [] : [filter.status, filter.status]));
    } else if (filter.status !== undefined) {
      // A module's status, a host's (unreachable...), or (no host named) the run's own (pending...).
      const own = filter.host === undefined ? 'r.status = ? OR ' : '';
      where.push(`(${own}r.id IN (SELECT run_id FROM module_runs WHERE status = ?${onHost}) OR r.id IN (SELECT run_id FROM host_runs WHERE status = ?${onHost}))`);
      params.push(...(filter.host === undefined ? [filter.status] : []), filter.status, ...host, filter.status, ...host);
    } else if (filter.host !== undefined) {
      where.push('r.id IN (SELECT run_id FROM host_runs WHERE host = ?)');
      params.push(filter.host);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const total = num(this.db.prepare(`SELECT count(*) AS n FROM runs r ${clause}`).get(...params)?.n);
    const runs = this.db.prepare(`SELECT r.* FROM runs r ${clause} ORDER BY r.started_at DESC LIMIT ? OFFSET ?`).all(...params, limit, offset).map(runRow);
    return { runs, total };
  }

  /** One run with its hosts and their modules; undefined when no such run is recorded. */
  run(id: string): { run: RunRow; hosts: HostRunRow[]; modules: ModuleRunRow[] } | undefined {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id);
    if (!row) return undefined;
    return {
      run: runRow(row),
      hosts: this.db.prepare('SELECT * FROM host_runs WHERE run_id = ? ORDER BY host').all(id).map(hostRow),
      modules: this.db.prepare('SELECT * FROM module_runs WHERE run_id = ? ORDER BY host, position').all(id).map(moduleRow),
    };
  }

  /** The newest run of `host` (of `mode` when given), with its modules. */
  latest(host: string, mode?: RunMode): { host: HostRunRow; modules: ModuleRunRow[] } | undefined {
    const row =
      mode === undefined
        ? this.db.prepare('SELECT * FROM host_runs WHERE host = ? ORDER BY started_at DESC LIMIT 1').get(host)
        : this.db.prepare('SELECT * FROM host_runs WHERE host = ? AND mode = ? ORDER BY started_at DESC LIMIT 1').get(host, mode);
    if (!row) return undefined;
    const modules = this.db.prepare('SELECT * FROM module_runs WHERE run_id = ? AND host = ? ORDER BY position').all(text(row.run_id), host).map(moduleRow);
    return { host: hostRow(row), modules };
  }

  /** The newest run of `host` that reached it (with OS and vitals). */
  latestReached(host: string): HostRunRow | undefined {
    const row = this.db.prepare('SELECT * FROM host_runs WHERE host = ? AND vitals IS NOT NULL ORDER BY started_at DESC LIMIT 1').get(host);
    return row ? hostRow(row) : undefined;
  }
}
