import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { raw, sh } from '../../../src/shell/command.js';
import { Secret } from '../../../src/shell/secret.js';
import { ConnectionError } from '../../../src/ssh/connection.js';
import { connectLocal } from '../../../src/ssh/local-connection.js';
import { commandLineFor, STOP_CONFIRM_MS } from '../../../src/ssh/script-session.js';
import { STOP_GRACE_SECONDS } from '../../../src/ssh/stoppable-shell.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'phanes-stoppable-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** True while a process with this pid exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until `check` holds, up to `ms`; returns whether it did. */
async function eventually(check: () => boolean, ms: number): Promise<boolean> {
  for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) if (check()) return true;
  return check();
}

/** Reads pids the script wrote, one a line, once the file has `count` of them. */
async function pids(file: string, count: number): Promise<number[]> {
  const lines = () => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : []);
  await eventually(() => lines().length >= count, 5_000);
  return lines().map(Number);
}

/** A step that starts a child in the background and then waits itself: two processes to stop. */
const twoSleepers = (file: string) => sh`sleep 300 & echo $! > ${file}; sh -c 'echo $$ >> "$1"; exec sleep 300' phanes ${file}`;

describe('a stoppable command', () => {
  it('settles, and runs nothing, when it is aborted before it starts (a second Ctrl-C right at a module start)', async () => {
    const marker = join(dir, 'ran');
    const abort = new AbortController();
    abort.abort();
    const started = Date.now();
    const run = connectLocal('local').run(sh`touch ${marker}`, { stoppable: true, signal: abort.signal, timeoutMs: 60_000 });
    await expect(run).rejects.toMatchObject({ kind: 'interrupted' });
    expect(Date.now() - started).toBeLessThan(STOP_CONFIRM_MS);
    expect(existsSync(marker)).toBe(false);
  });

  it('settles when a command that is not stoppable is aborted before it starts', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(connectLocal('local').run(raw('true'), { signal: abort.signal })).rejects.toBeInstanceOf(ConnectionError);
  });

  it('stops its whole process tree on abort, TERM first', async () => {
    const file = join(dir, 'pids');
    const abort = new AbortController();
    const run = connectLocal('local').run(twoSleepers(file), { stoppable: true, signal: abort.signal });
    const [background, foreground] = await pids(file, 2);
    expect([alive(background!), alive(foreground!)]).toEqual([true, true]);
    const stopped = Date.now();
    abort.abort();
    await expect(run).rejects.toMatchObject({ kind: 'interrupted', message: 'local: interrupted while a command ran; it was stopped' });
    expect(Date.now() - stopped).toBeLessThan(STOP_GRACE_SECONDS * 1000); // TERM was enough: no wait for KILL
    expect(await eventually(() => !alive(background!) && !alive(foreground!), 2_000)).toBe(true);
  });

  it('stops a process that ignores TERM with KILL after the grace period', async () => {
    const file = join(dir, 'pids');
    const abort = new AbortController();
    const script = sh`sh -c 'trap "" TERM; echo $$ > "$1"; while :; do sleep 1; done' phanes ${file}`;
    const run = connectLocal('local').run(script, { stoppable: true, signal: abort.signal });
    const [stubborn] = await pids(file, 1);
    const stopped = Date.now();
    abort.abort();
    await expect(run).rejects.toMatchObject({ kind: 'interrupted' });
    const took = Date.now() - stopped;
    expect(took).toBeGreaterThanOrEqual(STOP_GRACE_SECONDS * 1000 - 100);
    expect(took).toBeLessThan(STOP_CONFIRM_MS);
    expect(await eventually(() => !alive(stubborn!), 2_000)).toBe(true);
  }, 20_000);

  it('times out: the command is really stopped, and the run says so', async () => {
    const file = join(dir, 'pids');
    const run = connectLocal('local').run(twoSleepers(file), { stoppable: true, timeoutMs: 1_000 });
    await expect(run).rejects.toMatchObject({ kind: 'timeout', message: 'local: a remote command ran longer than 1 s and was stopped' });
    const [background, foreground] = await pids(file, 2);
    expect(await eventually(() => !alive(background!) && !alive(foreground!), 2_000)).toBe(true);
  });

  it('stops everything when its controller goes away (stdin closes without a word, as when Phanes is killed)', async () => {
    const file = join(dir, 'pids');
    const script = twoSleepers(file);
    const child = spawn('/bin/sh', ['-c', commandLineFor(true, script, { stoppable: true })], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
    child.stdin.write(`${script.text}\n# phanes: end of script\n`);
    const [background, foreground] = await pids(file, 2);
    child.stdin.destroy();
    expect(await eventually(() => !alive(background!) && !alive(foreground!), 3_000)).toBe(true);
  });

  it('runs nothing of a script that arrives cut short', async () => {
    const marker = join(dir, 'ran');
    const script = sh`touch ${marker}; echo second line`;
    const child = spawn('/bin/sh', ['-c', commandLineFor(true, script, { stoppable: true })], { stdio: ['pipe', 'ignore', 'ignore'] });
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    child.stdin.end(script.text.slice(0, -5)); // the connection died mid-script
    expect(await exited).toBe(125);
    expect(existsSync(marker)).toBe(false);
  });

  it('keeps its exit code and output, and stops what a step left running in the background', async () => {
    const file = join(dir, 'pids');
    const result = await connectLocal('local').run(sh`sleep 300 & echo $! > ${file}; echo out; echo err >&2; exit 3`, { stoppable: true, timeoutMs: 10_000 });
    expect(result).toMatchObject({ exitCode: 3, stdout: 'out\n', stderr: 'err\n' });
    const [left] = await pids(file, 1);
    expect(await eventually(() => !alive(left!), 2_000)).toBe(true);
  });

  it('never puts the script, or a secret in it, on the command line', () => {
    const script = sh`echo ${new Secret('hunter2-secret', 'test')}`;
    const line = commandLineFor(false, script, { stoppable: true });
    expect(line).not.toContain('hunter2');
    expect(line).toMatch(/^sudo /);
  });
});

describe('a file write that is stopped', () => {
  it('leaves neither a temp file nor a changed file behind', async () => {
    const { renderFileWrite } = await import('../../../src/shell/file-write.js');
    const target = join(dir, 'config');
    const abort = new AbortController();
    const script = renderFileWrite({
      kind: 'file',
      title: 'write config',
      path: target,
      content: 'new\n',
      mode: '0644',
      owner: String(process.getuid?.() ?? 0),
      group: String(process.getgid?.() ?? 0),
      current: null,
      // A validate command that takes long: the stop comes while the temp file exists.
      validate: (file) => sh`touch ${join(dir, 'validating')}; sleep 30; test -s ${file}`,
    });
    const run = connectLocal('local').run(script, { stoppable: true, signal: abort.signal });
    await eventually(() => existsSync(join(dir, 'validating')), 5_000);
    abort.abort();
    await expect(run).rejects.toMatchObject({ kind: 'interrupted' });
    expect(readdirSync(dir).sort()).toEqual(['validating']);
  });
});

describe('a file write after a run was killed outright', () => {
  it("removes that target's stale temp file first, and leaves other files' alone", async () => {
    const { renderFileWrite } = await import('../../../src/shell/file-write.js');
    const write = (path: string) =>
      renderFileWrite({ kind: 'file', title: 'write', path, content: 'new\n', mode: '0644', owner: String(process.getuid?.() ?? 0), group: String(process.getgid?.() ?? 0), current: null });
    // The names a killed run would have left: same tag (from the target's path), another pid.
    const tagOf = (path: string) => /\.phanes-\*-([0-9a-f]{8})/.exec(write(path).text)![1];
    const mine = `.phanes-4242-${tagOf(join(dir, 'a.conf'))}`;
    const other = `.phanes-4242-${tagOf(join(dir, 'b.conf'))}`;
    writeFileSync(join(dir, mine), 'half');
    writeFileSync(join(dir, other), 'half');
    expect((await connectLocal('local').run(write(join(dir, 'a.conf')), { stoppable: true, timeoutMs: 10_000 })).exitCode).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([other, 'a.conf'].sort());
  });
});
