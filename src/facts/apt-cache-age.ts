import { sh } from '../shell/command.js';
import type { Fact } from './fact.js';

/** Seconds since apt's package lists were last fetched; null when there are none. */
export type AptCacheAge = number | null;

/** Parses `NOW` then the newest Release file's mtime (or nothing), one per line. */
export function parseAptCacheAge(output: string): AptCacheAge {
  const [now, newest] = output.trim().split('\n').map(Number);
  if (now === undefined || newest === undefined || !Number.isFinite(now) || !Number.isFinite(newest)) return null;
  return Math.max(0, now - newest);
}

export const aptCacheAgeFact: Fact<AptCacheAge> = {
  description: 'age of the apt cache',
  command: sh`date +%s; stat -c %Y /var/lib/apt/lists/*Release 2>/dev/null | sort -n | tail -n 1`,
  parse: (output) => parseAptCacheAge(output),
};
