import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import type { HostResult } from '../../../src/engine/results.js';
import { colorsFor, stripColors } from '../../../src/report/colors.js';
import { clock, layoutFleet, type Screen } from '../../../src/report/fleet-layout.js';
import { applyRunEvent, fleetProgress, type FleetProgress } from '../../../src/report/fleet-progress.js';

const plain = colorsFor({ isTTY: false });
const colored = colorsFor({ isTTY: true }, {});
const MODULES = ['baseline', 'files'];
const screen = (width: number, height: number, now = 60_000, colors = plain): Screen => ({ width, height, now, colors });

const end = (host: string, status: HostResult['status'], error?: string): HostResult => ({
  host,
  status,
  modules: status === 'failed' ? [{ module: 'files', status: 'failed', steps: [], durationMs: 1, error: error ?? 'boom' }] : [],
  ...(status === 'unreachable' && { error: { kind: 'unreachable' as const, message: `${host}: ${error ?? 'cannot connect'}` } }),
  connections: 1,
  commands: 1,
  durationMs: 1,
});

/**
 * `total` hosts (web1..): the first `done` ended ok at 1 s each, then `failed` failed and `unreachable` were
 * unreachable, the next `running` run a step of files; the rest have not started. The clock starts at 0.
 */
function fleetOf(counts: { total: number; done?: number; failed?: number; unreachable?: number; running?: number }): FleetProgress {
  const names = Array.from({ length: counts.total }, (_, i) => `web${i + 1}`);
  const fleet = fleetProgress({ mode: 'apply', hosts: names.map((name) => ({ name, modules: MODULES })) }, 0);
  let next = 0;
  const take = (n = 0) => names.slice(next, (next += n));
  for (const name of take(counts.done)) {
    applyRunEvent(fleet, { type: 'host-start', host: name, modules: MODULES }, 0);
    applyRunEvent(fleet, { type: 'host-end', host: name, result: end(name, 'ok') }, 1000);
  }
  for (const name of take(counts.failed)) applyRunEvent(fleet, { type: 'host-end', host: name, result: end(name, 'failed', `mkdir ${name} failed\nsecond line`) }, 2000);
  for (const name of take(counts.unreachable)) applyRunEvent(fleet, { type: 'host-end', host: name, result: end(name, 'unreachable', 'ECONNREFUSED') }, 3000);
  for (const [i, name] of take(counts.running).entries()) {
    applyRunEvent(fleet, { type: 'host-start', host: name, modules: MODULES }, 10_000 + i);
    applyRunEvent(fleet, { type: 'module-start', host: name, module: 'files', steps: ['Create /srv', 'Write /srv/motd'] }, 11_000);
    applyRunEvent(fleet, { type: 'step-start', host: name, module: 'files', index: 1, title: 'Write /srv/motd' }, 12_000);
  }
  return fleet;
}

const widths = (lines: readonly string[]) => lines.map((line) => stringWidth(line));

describe('layoutFleet', () => {
  it('shows the whole tree while it fits: every host with every module', () => {
    const fleet = fleetOf({ total: 3, done: 1, failed: 1, running: 1 });
    const lines = layoutFleet(fleet, screen(120, 12));
    expect(lines).toEqual([
      'apply [####################..........] 2/3 hosts  1 failed  0 unreachable  1:00 elapsed  ETA 0:30',
      '✔ web1  ok 1.0s',
      '    · baseline',
      '    · files',
      '✖ web2  failed',
      '    · baseline',
      '    ✖ files failed: mkdir web2 failed',
      '› web3   50s  files [2/2] Write /srv/motd',
      '    · baseline',
      '    › files [2/2] Write /srv/motd',
    ]);
  });

  it('past that, collapses finished hosts into the counts, pins failures and lists running hosts, longest running first', () => {
    const fleet = fleetOf({ total: 200, done: 40, failed: 2, unreachable: 1, running: 5 });
    const lines = layoutFleet(fleet, screen(100, 24));
    expect(lines).toEqual([
      'apply [######........................] 43/200 hosts  2 failed  1 unreachable  1:00 elapsed  ETA 3:39',
      '✖ web41  failed  files: mkdir web41 failed',
      '✖ web42  failed  files: mkdir web42 failed',
      '✖ web43  unreachable  ECONNREFUSED',
      '› web44   50s  files [2/2] Write /srv/motd',
      '› web45   49s  files [2/2] Write /srv/motd',
      '› web46   49s  files [2/2] Write /srv/motd',
      '› web47   49s  files [2/2] Write /srv/motd',
      '› web48   49s  files [2/2] Write /srv/motd',
      '  152 not started yet',
    ]);
  });

  it('shares the rows between failures and running hosts when both need more than there are', () => {
    const fleet = fleetOf({ total: 200, failed: 30, running: 30 });
    const lines = layoutFleet(fleet, screen(80, 12)); // 11 rows: the fleet line, 5 failures, 5 running
    expect(lines).toHaveLength(11);
    expect(lines.slice(1, 5).every((line) => line.startsWith('✖ web'))).toBe(true);
    expect(lines[5]).toBe('✖ 26 more failed or unreachable (the summary lists them)');
    expect(lines[6]).toMatch(/^› web31 /);
    expect(lines[10]).toBe('… 26 more running, 140 not started yet');
    // With few running hosts, the failures take the rows those leave.
    const fewRunning = layoutFleet(fleetOf({ total: 200, failed: 30, running: 2 }), screen(80, 12));
    expect(fewRunning.filter((line) => line.startsWith('✖ web'))).toHaveLength(7);
    expect(fewRunning.filter((line) => line.startsWith('› web'))).toHaveLength(2);
  });

  it('never draws more lines than the screen has rows minus one, nor a line wider than it, in color or not', () => {
    const fleets = [fleetOf({ total: 3, done: 1, running: 2 }), fleetOf({ total: 200, done: 120, failed: 7, unreachable: 3, running: 20 }), fleetOf({ total: 60, failed: 60 })];
    for (const fleet of fleets) {
      for (const width of [1, 2, 10, 40, 79, 80, 200]) {
        for (const height of [1, 2, 3, 5, 24, 60]) {
          for (const colors of [plain, colored]) {
            const lines = layoutFleet(fleet, screen(width, height, 60_000, colors));
            expect(lines.length).toBeLessThanOrEqual(height - 1);
            expect(Math.max(0, ...widths(lines))).toBeLessThanOrEqual(width);
          }
        }
      }
    }
  });

  it('keeps the counts on the first line even on a narrow screen, and drops the bar first', () => {
    const fleet = fleetOf({ total: 200, done: 197, failed: 2, unreachable: 1 });
    fleet.endedAt = 83_000;
    const [head] = layoutFleet(fleet, screen(60, 10));
    expect(head).toBe('apply 200/200 hosts  2 failed  1 unreachable  done in 1:23');
  });

  it('paints only with colors on, and never lets host text move the cursor', () => {
    const fleet = fleetOf({ total: 30, running: 1 });
    applyRunEvent(fleet, { type: 'host-end', host: 'web1', result: end('web1', 'unreachable', 'bad\u001b[2J\rnews') }, 5000);
    const off = layoutFleet(fleet, screen(100, 10)).join('\n');
    expect(off).not.toContain('\u001b');
    expect(off).toContain('web1  unreachable  bad [2J news');
    const on = layoutFleet(fleet, screen(100, 10, 60_000, colored)).join('\n');
    expect(on).toContain('\u001b[31m');
    expect(stripColors(on)).toBe(off);
  });
});

describe('clock', () => {
  it('writes m:ss, and h:mm:ss from an hour on', () => {
    expect([clock(0), clock(59_499), clock(61_000), clock(3_600_000 + 62_000)]).toEqual(['0:00', '0:59', '1:01', '1:01:02']);
  });
});
