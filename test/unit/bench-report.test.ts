import { describe, expect, it } from 'vitest';
import { formatTable, type Row } from '../../bench/report.js';

const row = (tool: string, scenario: Row['scenario'], wallsMs: number[], interleaved: boolean): Row => ({
  n: 100,
  tool,
  scenario,
  runs: wallsMs.length,
  wallMs: [...wallsMs].sort((a, b) => a - b)[Math.floor(wallsMs.length / 2)]!,
  cpuMs: 1000,
  targetCpuMs: 3000,
  peakPssMiB: 60,
  maxRssMiB: 90,
  connectionsPerHost: 1,
  commandsPerHost: 1,
  wallsMs,
  load: 2,
  steal: 12.4,
  interleaved,
});

/** The "Phanes no-op/ssh2 floor" cell of the ratio table. */
const floorRatio = (table: string) => table.trim().split('\n').at(-1)!.split('|')[4]!.trim();

describe('the bench report', () => {
  // The machine slowed down in round 3: both tools were slow then, and the paired ratio does not move.
  const floor = [2000, 2000, 4000];
  const phanes = [3000, 3000, 6000];

  it('takes the median of run-by-run ratios for rows measured in rounds', () => {
    expect(floorRatio(formatTable([row('ssh2 floor', 'true', floor, true), row('phanes', 'noop', phanes, true)]))).toBe('1.50x');
  });

  it('takes the ratio of medians for rows measured one after the other', () => {
    // Paired, these runs would give 1.5x, 0.75x and 1.5x; unpaired, the medians compare: 3000 against 4000.
    const table = formatTable([row('ssh2 floor', 'true', [2000, 4000, 4000], false), row('phanes', 'noop', phanes, false)]);
    expect(floorRatio(table)).toBe('0.75x');
  });

  it('shows the highest steal of each row', () => {
    expect(formatTable([row('phanes', 'noop', phanes, true)])).toContain('| 2.0 | 12% |');
  });
});
