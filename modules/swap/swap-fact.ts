import { sh } from '../../src/shell/command.js';
import type { Fact } from '../../src/facts/fact.js';

/** The swap file as the host has it. */
export interface SwapState {
  /** `systemd-detect-virt --container`: `none` on a VM or bare metal. */
  readonly container: string;
  /** Size in bytes of the file at the path, or null when there is none. */
  readonly fileBytes: number | null;
  /**
   * What is at the path: nothing, a swap area (blkid finds its signature), or something else (a file of
   * other content, a directory, a link, a device) that the module must never remove.
   */
  readonly kind: 'none' | 'swap' | 'other';
  /** Whether the file is an active swap area (listed in /proc/swaps). */
  readonly active: boolean;
  /** Whether /etc/fstab mounts it at boot. */
  readonly inFstab: boolean;
  /** vm.swappiness in effect. */
  readonly swappiness: number | null;
}

/** Parses `key=value` lines. */
export function parseSwap(output: string): SwapState {
  const values = new Map(output.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).trim()]));
  const number = (key: string) => (values.get(key) ? Number(values.get(key)) : null);
  const fileBytes = number('bytes');
  return {
    container: values.get('container') || 'none',
    fileBytes,
    kind: values.has('other') ? 'other' : fileBytes === null ? 'none' : values.get('signature') === 'swap' ? 'swap' : 'other',
    active: values.get('active') === 'yes',
    inFstab: values.get('fstab') === 'yes',
    swappiness: number('swappiness'),
  };
}

export function swapFact(path: string): Fact<SwapState> {
  return {
    description: `swap file ${path}`,
    command: sh`echo "container=$(systemd-detect-virt --container 2>/dev/null || true)"
if [ -L ${path} ] || { [ -e ${path} ] && [ ! -f ${path} ]; }; then echo other=yes
elif [ -f ${path} ]; then echo "bytes=$(stat -c %s ${path})"; echo "signature=$(blkid -p -s TYPE -o value ${path} 2>/dev/null)"; fi
awk -v f=${path} 'NR > 1 && $1 == f { found = 1 } END { print "active=" (found ? "yes" : "no") }' /proc/swaps
awk -v f=${path} '$1 == f && $3 == "swap" { found = 1 } END { print "fstab=" (found ? "yes" : "no") }' /etc/fstab
echo "swappiness=$(cat /proc/sys/vm/swappiness)"`,
    parse: (output) => parseSwap(output),
  };
}
