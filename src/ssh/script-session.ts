import type { Readable, Writable } from 'node:stream';
import type { ShellText } from '../shell/command.js';
import { quote } from '../shell/quote.js';
import type { Secret } from '../shell/secret.js';
import { ConnectionError, type RunOptions, type RunResult } from './connection.js';
import { SCRIPT_END, STOP_GRACE_SECONDS, stoppableShellWords } from './stoppable-shell.js';

/** The pipes of one started remote (or local) process. */
export interface ProcessPipes {
  readonly stdin: Writable;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** Resolves with the exit code (null when killed by a signal); rejects when the connection was lost. */
  readonly exited: Promise<number | null>;
  /** Ends the process at once, without waiting for its answer (closes the channel, or signals the child). */
  kill(): void;
}

const SUDO_PROMPT = '[phanes] sudo password:';
const READY = '__PHANES_SHELL_READY__';

/** How long a stopped command's host has to confirm the stop before Phanes gives up on it. */
export const STOP_CONFIRM_MS = (STOP_GRACE_SECONDS + 5) * 1000;

/**
 * The command line that starts a root shell reading its script from stdin: `shell` (default `/bin/sh -s`),
 * directly for root, else through sudo, whose password (if it asks) is written to stdin after its prompt:
 * never in argv or env. sudo drops SSH_CONNECTION from the environment; it is handed on, so scripts know
 * where Phanes connects from (fail2ban must not ban that address while a new login is checked).
 */
export function shellCommandLine(asRoot: boolean, shell: readonly string[] = ['/bin/sh', '-s']): string {
  const words = shell.map(quote).join(' ');
  if (asRoot) return words;
  const inner = `[ -z "$1" ] || export SSH_CONNECTION="$1"; echo ${READY} >&2; exec ${words}`;
  return `sudo -S -p ${quote(SUDO_PROMPT)} -- /bin/sh -c ${quote(inner)} phanes "$SSH_CONNECTION"`;
}

/** The command line for `script`: a stoppable shell (see stoppable-shell.ts) when the run asks for one. */
export function commandLineFor(asRoot: boolean, script: ShellText, options: RunOptions): string {
  return options.stoppable ? shellCommandLine(asRoot, stoppableShellWords(Buffer.byteLength(scriptInput(script, options)))) : shellCommandLine(asRoot);
}

/** What is written to the shell's stdin: the script, closed by SCRIPT_END when it is stoppable. */
function scriptInput(script: ShellText, options: RunOptions): string {
  return options.stoppable ? `${script.text}\n${SCRIPT_END}\n` : `${script.text}\n`;
}

/**
 * Feeds `script` to a started shell and collects its output. Through sudo it first waits for the shell
 * to announce itself, answering sudo's prompt once with the password; a second prompt means the password
 * was refused.
 *
 * On timeout or abort, a stoppable script's stdin is ended (its host then stops the whole process group),
 * any other is killed; either way the promise settles within STOP_CONFIRM_MS, even when the host is silent.
 */
export function runScript(
  pipes: ProcessPipes,
  script: ShellText,
  options: RunOptions & { viaSudo: boolean; sudoPassword?: Secret | undefined; where: string },
): Promise<RunResult> {
  return new Promise<RunResult>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let pending = '';
    let waitingForSudo = options.viaSudo;
    let preamble = '';
    let passwordSent = false;
    let failure: ConnectionError | undefined;
    let settled = false;
    let confirmTimer: NodeJS.Timeout | undefined;

    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(confirmTimer);
      options.signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    /** A failure the script itself did not cause: sudo refused, or nothing more is wanted from it. */
    const fail = (error: ConnectionError) => {
      if (failure) return;
      failure = error;
      if (options.stoppable && !waitingForSudo) pipes.stdin.end();
      else pipes.kill();
      // A host that does not confirm the stop in time is given up on; what runs there is unknown.
      confirmTimer = setTimeout(() => {
        pipes.kill();
        finish(() => reject(new ConnectionError(error.kind, `${error.message}; the host did not confirm the stop within ${STOP_CONFIRM_MS / 1000} s, so the command may still run there`, error.hint)));
      }, STOP_CONFIRM_MS);
    };
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(
            () =>
              fail(
                new ConnectionError(
                  'timeout',
                  `${options.where}: a remote command ran longer than ${Math.round(options.timeoutMs! / 1000)} s and was stopped`,
                  'raise command_timeout in the inventory if this step is expected to take longer',
                ),
              ),
            options.timeoutMs,
          );
    const onAbort = () => fail(new ConnectionError('interrupted', `${options.where}: interrupted while a command ran; it was stopped`));

    const input = scriptInput(script, options);
    // One write: over SSH each write is a packet, which both ends encrypt, send and wake up for. A stoppable
    // shell's stdin stays open: its end is the signal to stop.
    const sendScript = () => (options.stoppable ? pipes.stdin.write(input) : pipes.stdin.end(input));

    const takeLines = (chunk: string) => {
      pending += chunk;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        stderr += line + '\n';
        options.onStderrLine?.(line);
      }
    };

    const onSudoOutput = (chunk: string) => {
      preamble += chunk;
      if (preamble.includes(SUDO_PROMPT)) {
        preamble = preamble.replace(SUDO_PROMPT, '');
        if (!options.sudoPassword) {
          return fail(
            new ConnectionError(
              'sudo',
              `${options.where}: sudo asks for a password and none is set`,
              'set sudo_password for this host (e.g. sudo_password: ${env:SUDO_PASSWORD}) or allow NOPASSWD sudo',
            ),
          );
        }
        if (passwordSent) {
          return fail(
            new ConnectionError('sudo', `${options.where}: sudo refused the password`, 'check sudo_password for this host'),
          );
        }
        passwordSent = true;
        pipes.stdin.write(options.sudoPassword.reveal() + '\n');
      }
      const ready = preamble.indexOf(`${READY}\n`);
      if (ready >= 0) {
        waitingForSudo = false;
        const rest = preamble.slice(ready + READY.length + 1);
        preamble = preamble.slice(0, ready);
        sendScript();
        if (rest) takeLines(rest);
      }
    };

    pipes.stdout.setEncoding(options.stdoutEncoding ?? 'utf8').on('data', (chunk: string) => (stdout += chunk));
    pipes.stderr.setEncoding('utf8').on('data', (chunk: string) => (waitingForSudo ? onSudoOutput(chunk) : takeLines(chunk)));
    pipes.stdin.on('error', () => undefined); // the process may exit before reading all of stdin

    pipes.exited.then(
      (code) =>
        finish(() => {
          pipes.stdin.end();
          if (failure) return reject(failure);
          if (waitingForSudo) {
            const said = preamble.replace(/Sorry, try again\.\s*/g, '').trim();
            return reject(
              new ConnectionError(
                'sudo',
                `${options.where}: sudo did not start a root shell${said ? `: ${said}` : ''}`,
                'the login user needs sudo rights (a sudoers entry) on this host',
              ),
            );
          }
          if (pending) takeLines('\n');
          resolve({ exitCode: code ?? 255, stdout, stderr });
        }),
      (error: unknown) => finish(() => reject(failure ?? error)),
    );

    // Checked after every handler is in place: an already aborted run still settles, through `exited`.
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (!options.viaSudo) sendScript();
  });
}
