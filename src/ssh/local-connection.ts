import { spawn } from 'node:child_process';
import { userInfo } from 'node:os';
import type { ShellText } from '../shell/command.js';
import type { Secret } from '../shell/secret.js';
import type { Connection, RunOptions, RunResult } from './connection.js';
import { commandLineFor, runScript } from './script-session.js';

/** Runs scripts on this machine, as root directly or through sudo: the same scripts an SSH host gets. */
export function connectLocal(label: string, sudoPassword?: Secret): Connection {
  const asRoot = process.getuid?.() === 0;
  let commandCount = 0;
  return {
    description: `local (${userInfo().username})`,
    loginUser: userInfo().username,
    get commandCount() {
      return commandCount;
    },
    run(script: ShellText, options: RunOptions = {}): Promise<RunResult> {
      commandCount++;
      // Not an SSH session, even when Phanes itself runs inside one: scripts must not see its SSH_CONNECTION.
      const { SSH_CONNECTION: _, ...env } = process.env;
      // Detached: a Ctrl-C at the terminal goes to Phanes, which decides what to stop, not to its commands.
      const child = spawn('/bin/sh', ['-c', commandLineFor(asRoot, script, options)], { stdio: 'pipe', env, detached: true });
      const exited = new Promise<number | null>((resolve, reject) => {
        child.once('error', reject);
        child.once('close', (code) => resolve(code));
      });
      return runScript(
        { stdin: child.stdin, stdout: child.stdout, stderr: child.stderr, exited, kill: () => child.kill('SIGTERM') },
        script,
        { ...options, viaSudo: !asRoot, sudoPassword, where: label },
      );
    },
    async close() {},
  };
}
