import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, unlinkSync, writeSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { RunSummary } from '../engine/results.js';
import { processAlive } from './process-alive.js';

export const LOCAL_CACHE_SCHEMA_VERSION = 1;

/** The laptop's memory of the last apply per host of one inventory. */
export interface LocalCache {
  readonly schemaVersion: number;
  readonly inventory: string;
  readonly updatedAt: string;
  readonly hosts: Readonly<Record<string, { readonly runId: string; readonly at: string; readonly status: string; readonly modules: Readonly<Record<string, string>> }>>;
}

/** Another run holds the inventory's lock. */
export class LockedError extends Error {
  override readonly name = 'LockedError';
}

function cacheBase(stateDir: string, inventoryFile: string): string {
  const id = createHash('sha256').update(inventoryFile).digest('hex').slice(0, 8);
  return join(stateDir, 'state', `${basename(inventoryFile).replace(/\.[^.]*$/, '')}-${id}`);
}

/**
 * Takes the inventory's lock for this process (a file holding our pid); a lock left by a process that no
 * longer runs is taken over. Returns the function that releases it.
 */
export function lockInventory(stateDir: string, inventoryFile: string): () => void {
  const lock = `${cacheBase(stateDir, inventoryFile)}.lock`;
  mkdirSync(join(stateDir, 'state'), { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx', 0o600);
      try {
        writeSync(fd, String(process.pid));
      } catch (error) {
        unlinkSync(lock); // a lock without its pid would stop the next run for nothing
        throw error;
      } finally {
        closeSync(fd);
      }
      let released = false;
      // Called once by the run and again on exit: the second call must not remove a lock a later run took.
      return () => {
        if (released) return;
        released = true;
        try {
          unlinkSync(lock);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(lock, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
        throw new LockedError(`another phanes run (pid ${pid}) is applying ${inventoryFile}; wait for it, or remove ${lock} if that process is gone`);
      }
      unlinkSync(lock);
    }
  }
  throw new LockedError(`could not take ${lock}`);
}

export function readLocalCache(stateDir: string, inventoryFile: string): LocalCache | null {
  try {
    const cache = JSON.parse(readFileSync(`${cacheBase(stateDir, inventoryFile)}.json`, 'utf8')) as LocalCache;
    return cache.schemaVersion <= LOCAL_CACHE_SCHEMA_VERSION ? cache : null;
  } catch {
    return null;
  }
}

/** Records an apply's results per host, atomically (temp file, fsync, rename). */
export function recordRun(stateDir: string, inventoryFile: string, summary: RunSummary): void {
  const previous = readLocalCache(stateDir, inventoryFile);
  const hosts = { ...previous?.hosts };
  for (const host of summary.hosts) {
    hosts[host.host] = {
      runId: summary.runId,
      at: summary.startedAt,
      status: host.status,
      modules: Object.fromEntries(host.modules.map((m) => [m.module, m.status])),
    };
  }
  const cache: LocalCache = { schemaVersion: LOCAL_CACHE_SCHEMA_VERSION, inventory: inventoryFile, updatedAt: new Date().toISOString(), hosts };
  const file = `${cacheBase(stateDir, inventoryFile)}.json`;
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(cache, null, 2) + '\n');
    fsyncSync(fd);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  } finally {
    closeSync(fd);
  }
}
