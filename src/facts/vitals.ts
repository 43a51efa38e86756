import { sh } from '../shell/command.js';
import type { Fact } from './fact.js';

/** A host's uptime, memory and root disk, as the dashboard shows them; a value the host did not give is null. */
export interface HostVitals {
  readonly uptimeSeconds: number | null;
  readonly memoryTotalKiB: number | null;
  readonly memoryAvailableKiB: number | null;
  readonly diskTotalKiB: number | null;
  readonly diskUsedKiB: number | null;
}

const numberOrNull = (text: string | undefined): number | null => {
  const value = Number(text);
  return text !== undefined && text !== '' && Number.isFinite(value) ? value : null;
};

/**
 * Parses /proc/uptime's first line, /proc/meminfo's MemTotal and MemAvailable lines and the last line of
 * `df -Pk /`. Never throws: vitals are for display, and a host that hides one must still be planned.
 */
export function parseVitals(output: string): HostVitals {
  const lines = output.split('\n');
  const meminfo = (key: string) => numberOrNull(lines.map((l) => new RegExp(`^${key}:\\s+(\\d+)\\s+kB`).exec(l)?.[1]).find((v) => v !== undefined));
  const uptime = /^(\d+(?:\.\d+)?)\s/.exec(lines[0] ?? '')?.[1];
  // df -P: Filesystem 1024-blocks Used Available Capacity Mounted-on; the file system's name may hold spaces.
  const df = lines.map((l) => /\s(\d+)\s+(\d+)\s+(\d+)\s+\d+%\s+\/$/.exec(l)).find((m) => m !== null);
  return {
    uptimeSeconds: uptime === undefined ? null : Math.floor(Number(uptime)),
    memoryTotalKiB: meminfo('MemTotal'),
    memoryAvailableKiB: meminfo('MemAvailable'),
    diskTotalKiB: numberOrNull(df?.[1]),
    diskUsedKiB: numberOrNull(df?.[2]),
  };
}

/** Uptime, memory and root disk: read-only, one line each, in the probe's one command. */
export const vitalsFact: Fact<HostVitals> = {
  description: 'uptime, memory and disk (/proc/uptime, /proc/meminfo, df /)',
  command: sh`head -n 1 /proc/uptime; grep -E '^(MemTotal|MemAvailable):' /proc/meminfo; df -Pk / | tail -n 1`,
  parse: (output) => parseVitals(output),
};
