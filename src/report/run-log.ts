import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { MASK, type Secret } from '../shell/secret.js';

/** Keys whose values are never logged, whatever they hold. */
const REDACTED_KEYS = ['password', 'sudo_password', 'sudoPassword', 'secret', 'token', 'passphrase'];

export interface RunLog {
  readonly logger: Logger;
  readonly file: string;
  /** Flushes and closes the file. */
  close(): void;
}

/** Every form a secret's value can take in a JSON log line. */
function forms(value: string): string[] {
  return [...new Set([value, JSON.stringify(value).slice(1, -1)])].filter((v) => v.length > 0);
}

/**
 * One JSON log per run, under DIR/RUN_ID.log: secrets are masked by key (REDACTED_KEYS at any depth) and by
 * value (every secret the inventory holds, wherever it shows up in a line).
 */
export function openRunLog(dir: string, runId: string, secrets: readonly Secret[]): RunLog {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${runId.slice(0, 8)}.log`);
  const values = secrets.flatMap((s) => forms(s.reveal())).sort((a, b) => b.length - a.length);
  const destination = pino.destination({ dest: file, sync: true, mode: 0o600 });
  const logger = pino(
    {
      base: { runId },
      redact: { paths: REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]), censor: MASK },
      hooks: {
        streamWrite: (line) => values.reduce((text, value) => text.split(value).join(MASK), line),
      },
    },
    destination,
  );
  return { logger, file, close: () => destination.flushSync() };
}
