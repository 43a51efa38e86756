import { describe, expect, it } from 'vitest';
import { keepRunsOf } from '../../../src/cli/keep-runs.js';
import { DEFAULT_KEEP_RUNS } from '../../../src/state/run-retention.js';

describe('how many runs to keep', () => {
  it('takes --keep-runs, else PHANES_KEEP_RUNS, else the default', () => {
    expect(keepRunsOf(20, { PHANES_KEEP_RUNS: '7' })).toBe(20);
    expect(keepRunsOf(undefined, { PHANES_KEEP_RUNS: ' 7 ' })).toBe(7);
    expect(keepRunsOf(0, {})).toBe(0);
    expect(keepRunsOf(undefined, { PHANES_KEEP_RUNS: '' })).toBe(DEFAULT_KEEP_RUNS);
    expect(keepRunsOf(undefined, {})).toBe(DEFAULT_KEEP_RUNS);
  });

  it('refuses what is not a whole number of runs, naming where it came from (exit 3)', () => {
    expect(() => keepRunsOf(-1, {})).toThrow('--keep-runs: the number of runs to keep must be a whole number, 0 or more (0 keeps every run), not -1');
    expect(() => keepRunsOf(2.5, {})).toThrow(/^--keep-runs: .* not 2\.5$/);
    expect(() => keepRunsOf(Number.NaN, {})).toThrow(/^--keep-runs: .* not NaN$/);
    expect(() => keepRunsOf(undefined, { PHANES_KEEP_RUNS: 'lots' })).toThrow(/^PHANES_KEEP_RUNS=lots: .* not lots$/);
    try {
      keepRunsOf(-1, {});
    } catch (error) {
      expect((error as { exitCode: number }).exitCode).toBe(3);
    }
  });
});
