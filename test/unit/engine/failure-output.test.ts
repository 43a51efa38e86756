import { describe, expect, it } from 'vitest';
import { failureOutput } from '../../../src/engine/failure-output.js';

// What apt-get printed when it gave up on a held lock (from a target: DPkg::Lock::Timeout, lines shortened to 3 of 300).
const APT_STDERR = [
  ...Array.from({ length: 15 }, (_, i) => `Waiting for cache lock: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (dpkg)... ${(i + 1) * 20}s`),
  'E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (dpkg)',
  'E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?',
].join('\n');
const APT_STDOUT = 'Reading package lists...\nBuilding dependency tree...\nReading state information...\n';

describe('the output of a failed step', () => {
  it("folds a lock wait's repeated lines into one and keeps apt's own E: lines", () => {
    expect(failureOutput(APT_STDERR, APT_STDOUT).split('\n')).toEqual([
      '(x15) Waiting for cache lock: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (dpkg)... 300s',
      'E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (dpkg)',
      'E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?',
      'Reading package lists...',
      'Building dependency tree...',
      'Reading state information...',
    ]);
  });

  it('keeps the last stderr lines even when stdout is long', () => {
    const stdout = Array.from({ length: 500 }, (_, i) => `line ${i} of a chatty installer: ${'x'.repeat(i % 7)}`).join('\n');
    const out = failureOutput('error: the real reason', stdout).split('\n');
    expect(out[0]).toBe('error: the real reason');
    expect(out.length).toBeLessThanOrEqual(1 + 6);
  });

  it('cuts a long line and says how much it left out', () => {
    expect(failureOutput('y'.repeat(5000), '')).toBe(`${'y'.repeat(300)}… (4700 more characters)`);
  });

  it('is empty when the step printed nothing', () => {
    expect(failureOutput('\n', '')).toBe('');
  });
});
