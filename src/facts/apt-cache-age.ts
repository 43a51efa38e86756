import { sh } from '../shell/command.js';
import type { Fact } from './fact.js';
import { pathBatch } from './path-batch.js';

/** Seconds since apt's package lists were last fetched; null when there are none. */
export type AptCacheAge = number | null;

/** Parses `NOW` then each Release file's mtime (none when there are no lists), one per line. */
export function parseAptCacheAge(output: string): AptCacheAge {
  const [now, ...mtimes] = output.trim().split('\n').map(Number);
  const known = mtimes.filter(Number.isFinite);
  if (now === undefined || !Number.isFinite(now) || known.length === 0) return null;
  return Math.max(0, now - Math.max(...known));
}

export const aptCacheAgeFact: Fact<AptCacheAge> = {
  description: 'age of the apt cache',
  // One program: the host's clock is read from /proc/self/, the directory of stat's own process, which the
  // kernel creates (with the current time) when stat looks it up; `date` would be a program more on every
  // probe. Without /proc nothing is printed: the age is unknown. The newest Release is picked here, not
  // with sort | tail.
  command: sh`[ -d /proc/self/ ] && stat -c %Y /proc/self/ /var/lib/apt/lists/*Release 2>/dev/null`,
  sharesShell: true,
  // In a probe the path batch's one `stat` answers it, with the files' and directories'.
  batch: { with: pathBatch, items: ['m/proc/self/', 'm/var/lib/apt/lists/*Release'] },
  parse: (output) => parseAptCacheAge(output),
};
