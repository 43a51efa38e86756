import { sh } from '../../src/shell/command.js';
import type { Fact } from '../../src/facts/fact.js';

/** One kernel setting as the host has it now. */
export interface SysctlKey {
  /** null when this kernel has no such key. */
  readonly value: string | null;
  /**
   * Whether it can be changed here: inside a container /proc/sys is read-only (Docker) or its kernel.* keys
   * belong to the host (LXC), so only the boot file is written for those.
   */
  readonly writable: boolean;
}

/** Parses `KEY rw|ro VALUE` and `KEY absent` lines. */
export function parseSysctlKeys(output: string): ReadonlyMap<string, SysctlKey> {
  const keys = new Map<string, SysctlKey>();
  for (const line of output.split('\n')) {
    const match = /^(\S+) (rw|ro|absent)(?: (.*))?$/.exec(line);
    if (!match?.[1]) continue;
    keys.set(match[1], match[2] === 'absent' ? { value: null, writable: false } : { value: (match[3] ?? '').trim(), writable: match[2] === 'rw' });
  }
  return keys;
}

/** The current value of each key and whether this kernel lets it be written (`test -w` on /proc/sys). */
export function sysctlKeysFact(keys: readonly string[]): Fact<ReadonlyMap<string, SysctlKey>> {
  return {
    description: 'kernel settings (/proc/sys)',
    command: sh`for key in ${keys}; do
  path=/proc/sys/$(printf '%s' "$key" | tr . /)
  if [ ! -e "$path" ]; then echo "$key absent"
  elif [ -w "$path" ]; then echo "$key rw $(cat "$path")"
  else echo "$key ro $(cat "$path")"; fi
done`,
    parse: (output) => parseSysctlKeys(output),
  };
}
