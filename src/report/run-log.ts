import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { MASK, type Secret } from '../shell/secret.js';
import { valueMasker } from './mask-values.js';

/** Keys whose values are never logged, whatever they hold. */
const REDACTED_KEYS = new Set(['password', 'sudo_password', 'sudoPassword', 'secret', 'token', 'passphrase']);

/**
 * The value with every REDACTED_KEYS entry masked, at any depth, in plain objects, arrays, errors and
 * class instances alike; objects are copied only where something is masked. (pino's own `redact` took
 * 0.16 s in a profile of one 100-host run.) Values with their own JSON form (Secret, Date, Buffer) are
 * left to it.
 */
export function maskSecretKeys<T>(value: T, path: Set<object> = new Set()): T {
  if (value === null || typeof value !== 'object') return value;
  if (path.has(value)) return '[Circular]' as T;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function' || ArrayBuffer.isView(value)) return value;
  path.add(value);
  try {
    if (Array.isArray(value)) {
      const items = value.map((item: unknown) => maskSecretKeys(item, path));
      return (items.some((item, i) => item !== value[i]) ? items : value) as T;
    }
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const masked = REDACTED_KEYS.has(key) ? MASK : maskSecretKeys(item, path);
      if (masked !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = masked;
    }
    if (copy && value instanceof Error) {
      // Still an error, with its message and stack, for pino's error serializer.
      const error = Object.create(Object.getPrototypeOf(value) as object) as Error;
      for (const name of Object.getOwnPropertyNames(value)) {
        // Copied as values: Node 24's `stack` is an accessor that reads only on the original error.
        const enumerable = Object.getOwnPropertyDescriptor(value, name)?.enumerable === true;
        Object.defineProperty(error, name, { value: (value as unknown as Record<string, unknown>)[name], enumerable, writable: true, configurable: true });
      }
      return Object.assign(error, copy) as T;
    }
    return (copy ?? value) as T;
  } finally {
    path.delete(value);
  }
}

export interface RunLog {
  readonly logger: Logger;
  readonly file: string;
  /** Flushes and closes the file. */
  close(): void;
}

/**
 * One JSON log per run, under DIR/RUN_ID.log: secrets are masked by key (REDACTED_KEYS at any depth) and by
 * value (every secret the inventory holds, wherever it shows up in a line). A log that cannot be written (a
 * full disk) does not stop the run: `onError` hears of it once.
 */
export function openRunLog(dir: string, runId: string, secrets: readonly Secret[], onError: (error: Error) => void = () => {}): RunLog {
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${runId.slice(0, 8)}.log`);
  const maskValues = valueMasker(secrets);
  // Lines are written at once and dropped after the first failure: pino's own file stream retries a write
  // that failed (ENOSPC) forever, which hung the whole run on a full disk.
  let fd: number | undefined;
  const fail = (error: unknown) => {
    if (fd !== -1) onError(error as Error);
    fd = -1;
  };
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    fd = openSync(file, 'a', 0o600);
  } catch (error) {
    fail(error);
  }
  const destination = {
    write(line: string) {
      if (fd === undefined || fd === -1) return;
      try {
        writeSync(fd, line);
      } catch (error) {
        fail(error);
      }
    },
  };
  const logger = pino(
    {
      base: { runId },
      // pino skips the bindings formatter for child loggers made without options: Phanes makes none.
      formatters: { log: (object) => maskSecretKeys(object), bindings: (bindings) => maskSecretKeys(bindings) },
      hooks: {
        streamWrite: maskValues,
      },
    },
    destination,
  );
  const close = () => {
    if (fd !== undefined && fd !== -1) closeSync(fd);
    fd = -1;
  };
  return { logger, file, close };
}
