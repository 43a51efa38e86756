import { createHash } from 'node:crypto';
import { isSecret } from '../shell/secret.js';
import type { Fact } from '../facts/fact.js';
import { fileFact } from '../facts/file.js';

/** Where each host keeps its own record of what Phanes did there. */
export const HOST_RECORD_PATH = '/var/lib/phanes/state.json';
export const HOST_RECORD_SCHEMA_VERSION = 1;

/** The host's record of one module. */
export interface ModuleRecord {
  readonly status: 'ok' | 'failed';
  /** sha256 of the settings applied (secrets by their reference, never their value). */
  readonly settingsHash: string;
  /** When the module was last run with changes, or first found converged. */
  readonly appliedAt: string;
  /** Step titles of that run ([] when it was already converged). */
  readonly steps: readonly string[];
  readonly runId: string;
  readonly phanesVersion: string;
}

export interface HostRecord {
  readonly schemaVersion: number;
  readonly host: string;
  readonly modules: Readonly<Record<string, ModuleRecord>>;
  readonly lastRun: { readonly runId: string; readonly at: string; readonly phanesVersion: string; readonly status: string };
}

/** Stable JSON of settings: keys sorted, secrets replaced by where they come from. */
function stableSettings(value: unknown): unknown {
  if (isSecret(value)) return `secret:${value.source}`;
  if (Array.isArray(value)) return value.map(stableSettings);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, stableSettings((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** Hashes by stable JSON: hosts sharing settings share one sha256 (each costs OpenSSL a digest lookup). */
const hashes = new Map<string, string>();

export function settingsHash(settings: unknown): string {
  const json = JSON.stringify(stableSettings(settings));
  let hash = hashes.get(json);
  if (hash === undefined) hashes.set(json, (hash = createHash('sha256').update(json).digest('hex').slice(0, 16)));
  return hash;
}

/** The host's record from the file's content; one that is not a record, or in a newer format than this Phanes, is refused. */
export function parseHostRecord(content: string): HostRecord {
  let record: HostRecord | null;
  try {
    record = JSON.parse(content) as HostRecord | null;
  } catch {
    throw new Error(`${HOST_RECORD_PATH} on the host is not valid JSON; move it aside and apply again`);
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new Error(`${HOST_RECORD_PATH} on the host is not a Phanes record; move it aside and apply again`);
  }
  if (typeof record.schemaVersion !== 'number' || record.schemaVersion > HOST_RECORD_SCHEMA_VERSION) {
    throw new Error(`${HOST_RECORD_PATH} has schemaVersion ${record.schemaVersion}, newer than this Phanes understands (${HOST_RECORD_SCHEMA_VERSION}); upgrade Phanes`);
  }
  return record;
}

const recordFile = fileFact(HOST_RECORD_PATH);

/** Read with the module's file facts, in the same batch: it costs no program of its own on the host. */
export const hostRecordFact: Fact<HostRecord | null> = {
  ...recordFile,
  description: `Phanes' record (${HOST_RECORD_PATH})`,
  parse: (output, exitCode) => {
    const file = recordFile.parse(output, exitCode);
    return file ? parseHostRecord(file.content) : null;
  },
};
