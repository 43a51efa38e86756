import type { Readable, Writable } from 'node:stream';
import type { ShellText } from '../shell/command.js';
import { quote } from '../shell/quote.js';
import type { Secret } from '../shell/secret.js';
import { ConnectionError, type RunOptions, type RunResult } from './connection.js';

/** The pipes of one started remote (or local) process. */
export interface ProcessPipes {
  readonly stdin: Writable;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  kill(): void;
}

const SUDO_PROMPT = '[phanes] sudo password:';
const READY = '__PHANES_SHELL_READY__';

/**
 * The command line that starts a root shell reading its script from stdin. For a non-root login it goes
 * through sudo, whose password (if it asks) is written to stdin after its prompt: never in argv or env.
 * sudo drops SSH_CONNECTION from the environment; it is handed on, so scripts know where Phanes connects
 * from (fail2ban must not ban that address while a new login is checked).
 */
export function shellCommandLine(asRoot: boolean): string {
  if (asRoot) return '/bin/sh -s';
  const inner = `[ -z "$1" ] || export SSH_CONNECTION="$1"; echo ${READY} >&2; exec /bin/sh -s`;
  return `sudo -S -p ${quote(SUDO_PROMPT)} -- /bin/sh -c ${quote(inner)} phanes "$SSH_CONNECTION"`;
}

/**
 * Feeds `script` to a started shell and collects its output. Through sudo it first waits for the shell
 * to announce itself, answering sudo's prompt once with the password; a second prompt means the password
 * was refused.
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

    const fail = (error: ConnectionError) => {
      failure ??= error;
      pipes.kill();
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

    const onAbort = () => fail(new ConnectionError('interrupted', `${options.where}: interrupted while a command ran`));
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });

    // One write: over SSH each write is a packet, which both ends encrypt, send and wake up for.
    const sendScript = () => pipes.stdin.end(`${script.text}\n`);

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

    if (!options.viaSudo) sendScript();

    pipes.exited.then(
      (code) => {
        if (timer) clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
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
      },
      (error: unknown) => {
        if (timer) clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        reject(failure ?? error);
      },
    );
  });
}
