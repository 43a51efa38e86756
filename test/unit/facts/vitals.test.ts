import { describe, expect, it } from 'vitest';
import { parseVitals } from '../../../src/facts/vitals.js';

describe('vitals fact', () => {
  it('reads uptime, MemTotal, MemAvailable and the root file system from a Debian 12 host', () => {
    const output = ['3721.55 7000.12', 'MemTotal:       24576000 kB', 'MemAvailable:   20000000 kB', 'overlay 102687672 41025448 56402960  43% /', ''].join('\n');
    expect(parseVitals(output)).toEqual({ uptimeSeconds: 3721, memoryTotalKiB: 24576000, memoryAvailableKiB: 20000000, diskTotalKiB: 102687672, diskUsedKiB: 41025448 });
  });

  it('takes a file system name with spaces, and gives null for what the host did not print', () => {
    expect(parseVitals('/dev/disk by label 1000 400 600 40% /\n')).toEqual({ uptimeSeconds: null, memoryTotalKiB: null, memoryAvailableKiB: null, diskTotalKiB: 1000, diskUsedKiB: 400 });
    expect(parseVitals('')).toEqual({ uptimeSeconds: null, memoryTotalKiB: null, memoryAvailableKiB: null, diskTotalKiB: null, diskUsedKiB: null });
  });
});
