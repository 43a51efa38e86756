import { spawn } from 'node:child_process';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { raw } from '../../../src/shell/command.js';
import { runScript, shellCommandLine } from '../../../src/ssh/script-session.js';

/** A stand-in for sudo that does what matters here: drops its options and, like env_reset, SSH_CONNECTION. */
const FAKE_SUDO = '#!/bin/sh\nwhile [ "$1" != -- ]; do shift; done\nshift\nexec env -u SSH_CONNECTION "$@"\n';

let bin: string;
beforeAll(async () => {
  bin = await mkdtemp(join(tmpdir(), 'phanes-fake-sudo-'));
  await writeFile(join(bin, 'sudo'), FAKE_SUDO);
  await chmod(join(bin, 'sudo'), 0o755);
});

/** Runs a script the way a non-root login does (through "sudo"), under the given login shell. */
async function runThroughSudo(loginShell: string, script: string, sshConnection: string | undefined): Promise<string> {
  const { SSH_CONNECTION: _, ...rest } = process.env;
  const env = { ...rest, PATH: `${bin}:${process.env.PATH}`, ...(sshConnection !== undefined && { SSH_CONNECTION: sshConnection }) };
  const child = spawn(loginShell, ['-c', shellCommandLine(false)], { stdio: 'pipe', env });
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  const result = await runScript(
    { stdin: child.stdin, stdout: child.stdout, stderr: child.stderr, exited, kill: () => child.kill() },
    raw(script),
    { viaSudo: true, where: 'test', timeoutMs: 10_000 },
  );
  expect(result.exitCode).toBe(0);
  return result.stdout;
}

describe('the root shell a sudo login starts', () => {
  for (const shell of ['/bin/sh', 'bash']) {
    it(`hands SSH_CONNECTION on through sudo (login shell ${shell})`, async () => {
      expect(await runThroughSudo(shell, 'echo "$SSH_CONNECTION"', '203.0.113.9 50022 10.0.0.2 22')).toBe('203.0.113.9 50022 10.0.0.2 22\n');
    });
  }

  it('leaves SSH_CONNECTION unset when the login had none (a local run)', async () => {
    expect(await runThroughSudo('/bin/sh', 'echo "${SSH_CONNECTION-unset}"', undefined)).toBe('unset\n');
  });
});

describe("a script's stdout", () => {
  async function run(script: string, options: { stdoutEncoding?: 'utf8' | 'latin1' }) {
    const child = spawn('/bin/sh', ['-c', shellCommandLine(true)], { stdio: 'pipe' });
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    const pipes = { stdin: child.stdin, stdout: child.stdout, stderr: child.stderr, exited, kill: () => child.kill() };
    return runScript(pipes, raw(script), { viaSudo: false, where: 'test', timeoutMs: 10_000, ...options });
  }
  // Bytes that are not UTF-8, a two-byte character, then enough zeros to arrive in several chunks.
  const script = "printf '\\377\\000\\303\\251'; head -c 300000 /dev/zero";

  it('is text by default', async () => {
    expect((await run(script, {})).stdout.slice(0, 3)).toBe('\ufffd\u0000é');
  });

  it('keeps every byte, one character each, with stdoutEncoding latin1', async () => {
    const { stdout } = await run(script, { stdoutEncoding: 'latin1' });
    expect(Buffer.from(stdout, 'latin1').equals(Buffer.concat([Buffer.from([0xff, 0, 0xc3, 0xa9]), Buffer.alloc(300_000)]))).toBe(true);
  });
});
