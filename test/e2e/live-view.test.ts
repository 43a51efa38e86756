import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startFleet, type Fleet } from '../../bench/fleet.js';
import { PHANES_BIN } from './support/run-phanes.js';
import { openTmuxPane, type TmuxPane } from './support/tmux-pane.js';

/**
 * The live view as a user sees it: the built CLI in a real terminal (tmux) applying to 61 hosts, the bench's
 * lightweight sshd hosts plus one that does not answer; one host fails its module. The screen is captured
 * every CAPTURE_MS while it runs and once at the end.
 */
const HOSTS = 60;
/** Ports apart from the bench's (22001 on), so both can run on one machine. */
const FIRST_PORT = 26001;
const FAILING = 'bench7';
const UNREACHABLE = 'gone';
const TOTAL = HOSTS + 1;
const CAPTURE_MS = 200;
/** Few forks: most hosts wait their turn, so the screen shows hosts in flight and hosts not started. */
const FORKS = 8;
const FRAME_MS = 100;

interface Counts {
  done: number;
  total: number;
  failed: number;
  unreachable: number;
}

interface Run {
  /** Every capture while it ran (visible rows), with the pane's size then. */
  readonly captures: { rows: string[]; joined: string[]; width: number; height: number }[];
  readonly final: string[];
  readonly finalWithEscapes: string[];
  readonly exitCode: number;
  /** Frames the view wrote (synchronized-output starts in the pane's raw output), and its bytes. */
  readonly frames: number;
  readonly bytes: number;
  readonly ms: number;
}

/** The fleet line's counts: `apply [###...] 37/61 hosts  1 failed  0 unreachable ...`. */
function countsOf(line: string): Counts {
  const match = /^apply .*?(\d+)\/(\d+) hosts {2}(\d+) failed {2}(\d+) unreachable/.exec(line);
  if (!match) throw new Error(`not the fleet line: ${line}`);
  const [done, total, failed, unreachable] = match.slice(1).map(Number) as [number, number, number, number];
  return { done, total, failed, unreachable };
}

/**
 * What must hold on every screen: no row wrapped (a line wider than the pane shows as two rows, joined
 * again by capture -J), one fleet line (an old frame left behind would show a second), and the frame under it
 * no taller than the pane minus the cursor's row.
 */
function checkScreen(screen: { rows: string[]; joined: string[]; width: number; height: number }): Counts {
  expect(screen.rows).toHaveLength(screen.height);
  const tooWide = screen.joined.filter((line) => stringWidth(line) > screen.width);
  expect(tooWide, `lines wider than ${screen.width}`).toEqual([]);
  const heads = screen.rows.flatMap((row, i) => (row.startsWith('apply ') ? [i] : []));
  expect(heads, screen.rows.join('\n')).toHaveLength(1);
  const lastUsed = screen.rows.findLastIndex((row) => row.trim() !== '');
  expect(lastUsed - heads[0]! + 1).toBeLessThanOrEqual(screen.height - 1);
  return countsOf(screen.rows[heads[0]!]!);
}

describe(`the live view in a real terminal (tmux), ${TOTAL} hosts`, () => {
  let fleet: Fleet;
  let dir: string;
  const panes: TmuxPane[] = [];

  beforeAll(async () => {
    const missing = [
      ...(process.getuid?.() === 0 ? [] : ['root (sshd on 127.0.0.x in mount namespaces)']),
      ...(existsSync('/usr/sbin/sshd') ? [] : ['openssh-server']),
      ...(spawnSync('tmux', ['-V']).status === 0 ? [] : ['tmux']),
    ];
    if (missing.length > 0) throw new Error(`the live view test needs ${missing.join(', ')} (test/targets/prepare.sh installs the packages)`);
    dir = mkdtempSync(join(tmpdir(), 'phanes-live-'));
    fleet = await startFleet(join(dir, 'fleet'), HOSTS, { firstPort: FIRST_PORT, measureCpu: false });
    writeFileSync(join(dir, 'ssh_config'), '');
  });

  afterAll(() => {
    for (const pane of panes) pane.kill();
    fleet?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  });

  /** An inventory where every host has a file to write (its text names the run), one fails, one is away. */
  function inventory(run: string): string {
    const hosts: Record<string, unknown> = Object.fromEntries(fleet.hosts.map((h) => [h.name, { address: h.address, port: h.port }]));
    // The parent is a file: the write fails on the host, after the plan.
    hosts[FAILING] = { ...(hosts[FAILING] as object), vars: { files: { files: [{ path: '/etc/hostname/phanes-live', content: 'x\n' }] } } };
    hosts[UNREACHABLE] = { address: '127.0.0.250', port: FIRST_PORT + 999 };
    const file = join(dir, `${run}.yaml`);
    writeFileSync(
      file,
      stringify({
        defaults: {
          user: 'root',
          identity_file: fleet.clientKey,
          known_hosts: fleet.knownHosts,
          connect_timeout: 60,
          modules: ['files'],
          vars: { files: { directories: [{ path: '/etc/phanes-live' }], files: [{ path: '/etc/phanes-live/motd', content: `run ${run}\n` }] } },
        },
        hosts,
      }),
    );
    return file;
  }

  /** `phanes apply` in a pane; `during` acts on the screens as they come (resize, checks). */
  async function applyInPane(run: string, size: { width: number; height: number }, color: boolean, during?: (pane: TmuxPane, rows: string[], captures: number) => Promise<void> | void): Promise<Run> {
    const raw = join(dir, `${run}.raw`);
    const code = join(dir, `${run}.code`);
    const env = `env -u CI -u FORCE_COLOR ${color ? '-u NO_COLOR' : 'NO_COLOR=1'} SSH_AUTH_SOCK=`;
    const args = `apply -i '${inventory(run)}' --yes --forks ${FORKS} --state-dir '${dir}/state' --ssh-config '${dir}/ssh_config'`;
    const started = Date.now();
    // stdout (the summary table) goes to a file: the pane keeps the view's last frame to read.
    const pane = openTmuxPane(`live-${run}`, `cd '${dir}' && ${env} '${process.execPath}' '${PHANES_BIN}' ${args} > '${run}.out'; echo $? > '${code}'; exec sleep 600`, size, raw);
    panes.push(pane);
    const captures: Run['captures'] = [];
    while (!existsSync(code)) {
      if (Date.now() - started > 60_000) throw new Error(`${run}: still running after 60 s:\n${pane.capture().join('\n')}`);
      const [width, height] = [size.width, size.height];
      const rows = pane.capture();
      captures.push({ rows, joined: pane.capture({ joined: true }), width, height });
      await during?.(pane, rows, captures.length);
      await new Promise((resolve) => setTimeout(resolve, CAPTURE_MS));
    }
    const ms = Date.now() - started;
    const output = readFileSync(raw, 'utf8');
    return {
      captures,
      final: pane.capture({ joined: true }),
      finalWithEscapes: pane.capture({ escapes: true }),
      exitCode: Number(readFileSync(code, 'utf8')),
      frames: output.split('\u001b[?2026h').length - 1,
      bytes: Buffer.byteLength(output),
      ms,
    };
  }

  /** The run's end as the last frame shows it: all hosts done, the failure and the unreachable host pinned. */
  function checkEnd(result: Run, size: { width: number; height: number }): void {
    const rows = result.final;
    const screen = { rows: rows.concat(Array(Math.max(0, size.height - rows.length)).fill('')).slice(0, size.height), joined: rows, ...size };
    expect(result.exitCode).toBe(5); // a module failed (it wins over the unreachable host's 6)
    expect(checkScreen(screen)).toEqual({ done: TOTAL, total: TOTAL, failed: 1, unreachable: 1 });
    expect(rows[0]).toMatch(/ done in \d+:\d\d$/);
    // The first error line, cut at the pane's width: at 80 columns the shell's message beyond it is left out.
    const cause = size.width >= 120 ? ' /bin/sh: .*Directory nonexistent' : '';
    expect(rows).toContainEqual(expect.stringMatching(new RegExp(`^✖ ${FAILING} +failed +files: step "Write /etc/hostname/phanes-live" failed \\(exit 2\\):${cause}`)));
    expect(rows).toContainEqual(expect.stringMatching(new RegExp(`^✖ ${UNREACHABLE} +unreachable +cannot connect to 127\\.0\\.0\\.250:${FIRST_PORT + 999}: ECONNREFUSED`)));
  }

  /** Screens while it ran: each fits, counts only grow, and some show hosts in flight and hosts waiting. */
  function checkDuring(result: Run): void {
    // Node starts and reads the inventory before the first frame; from that frame on, every screen is checked.
    const first = result.captures.findIndex((c) => c.rows.some((row) => row.startsWith('apply ')));
    expect(first).toBeGreaterThanOrEqual(0);
    const shown = result.captures.slice(first);
    const counts = shown.map(checkScreen);
    expect(counts.map((c) => c.done)).toEqual(counts.map((c) => c.done).sort((a, b) => a - b));
    const midRun = shown.filter((_, i) => counts[i]!.done > 0 && counts[i]!.done < TOTAL);
    expect(midRun.length).toBeGreaterThanOrEqual(3);
    const rows = midRun.flatMap((c) => c.rows);
    expect(rows).toContainEqual(expect.stringMatching(/^› bench\d+ +\d+s {2}(connecting|gathering facts|files 1 step|files \[1\/1\] Write \/etc\/phanes-live\/motd|writing state)$/));
    expect(rows).toContainEqual(expect.stringMatching(/^ {2}\d+ not started yet$/));
    // At most one frame per FRAME_MS (plus the first and the last), however many events came.
    expect(result.frames).toBeGreaterThanOrEqual(midRun.length);
    expect(result.frames).toBeLessThanOrEqual(Math.ceil(result.ms / FRAME_MS) + 2);
  }

  it('at 80x24 without color: every screen fits, the counts add up at the end, failures stay pinned', async () => {
    const size = { width: 80, height: 24 };
    const result = await applyInPane('small', size, false);
    console.log(`80x24: ${result.ms} ms, ${result.captures.length} captures, ${result.frames} frames, ${result.bytes} bytes`);
    checkDuring(result);
    checkEnd(result, size);
    expect(result.finalWithEscapes.join('\n')).not.toContain('\u001b['); // NO_COLOR: not one color or bold
  });

  it('at 200x60 in color, resized to 70x20 and back while it runs: the screen is redrawn clean each time', async () => {
    const size = { width: 200, height: 60 };
    const resized: Run['captures'] = [];
    const result = await applyInPane('large', size, true, async (pane, _rows, captures) => {
      if (captures !== 5) return;
      for (const [width, height] of [[70, 20], [200, 60]] as const) {
        pane.resize(width, height);
        await new Promise((resolve) => setTimeout(resolve, 3 * FRAME_MS));
        resized.push({ rows: pane.capture(), joined: pane.capture({ joined: true }), width, height });
      }
    });
    console.log(`200x60: ${result.ms} ms, ${result.captures.length} captures, ${result.frames} frames, ${result.bytes} bytes`);
    expect(resized).toHaveLength(2);
    for (const screen of resized) checkScreen(screen);
    expect(resized[0]!.rows.some((row) => row.startsWith('› bench'))).toBe(true);
    checkDuring(result);
    checkEnd(result, size);
    expect(result.finalWithEscapes.join('\n')).toMatch(/\u001b\[31m✖/); // failures in red
  });

  it('keeps Ctrl-C as it was: the notice above the view, running modules finish, the rest counted interrupted (exit 130)', async () => {
    const size = { width: 120, height: 30 };
    let sent = false;
    const result = await applyInPane('interrupt', size, false, (pane, rows) => {
      if (sent || !rows.some((row) => /^apply .* [1-9]\d*\/\d+ hosts/.test(row))) return;
      pane.keys('C-c');
      sent = true;
    });
    expect(sent).toBe(true);
    expect(result.exitCode).toBe(130);
    for (const screen of result.captures.filter((c) => c.rows.some((row) => row.startsWith('apply ')))) checkScreen(screen);
    const rows = result.final;
    const head = rows.findIndex((row) => row.startsWith('apply '));
    expect(rows.slice(0, head)).toContain('Interrupted: starting nothing new, letting running modules finish (Ctrl-C again to stop them)');
    const counts = countsOf(rows[head]!);
    expect(counts.done).toBe(TOTAL);
    const interrupted = Number(/ {2}(\d+) interrupted {2}done in /.exec(rows[head]!)?.[1]);
    expect(interrupted).toBeGreaterThan(0);
    expect(interrupted).toBeLessThan(TOTAL);
  });
});
