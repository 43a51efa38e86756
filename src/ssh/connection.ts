import type { ShellText } from '../shell/command.js';

/** What one remote script returned. */
export interface RunResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Called with each complete stderr line as it arrives (step progress markers come this way). */
  readonly onStderrLine?: (line: string) => void;
  /** Milliseconds; the command is stopped and ConnectionError('timeout') thrown after it. */
  readonly timeoutMs?: number;
  /** Aborting stops the command (a second Ctrl-C); the run then rejects with ConnectionError('interrupted'). */
  readonly signal?: AbortSignal;
  /** 'latin1' gives stdout one character per byte, for output that holds raw file contents. */
  readonly stdoutEncoding?: 'utf8' | 'latin1';
  /**
   * Runs the script in a process group of its own that the host stops (TERM, then KILL) when Phanes stops
   * it (timeout, abort) or goes away (controller killed, connection lost). Costs a few more programs per
   * command, so it is for commands that change the host, not for the read-only probe.
   */
  readonly stoppable?: boolean;
}

/**
 * An open way to run scripts on one host as root: over SSH (with sudo when the login user is not root) or
 * on this machine. Scripts go to `/bin/sh -s` on stdin, so their text never shows in `ps`.
 */
export interface Connection {
  /** e.g. `deploy@127.0.0.1:2201 via bastion`, for messages. */
  readonly description: string;
  readonly loginUser: string;
  /** The host key this SSH connection verified (none for local runs). */
  readonly hostKey?: Buffer;
  /** Remote commands started so far on this connection (for the figures in reports and benchmarks). */
  readonly commandCount: number;
  run(script: ShellText, options?: RunOptions): Promise<RunResult>;
  close(): Promise<void>;
}

/** Why a host could not be used; each kind has its own exit code and hint. */
export type ConnectionFailure = 'unreachable' | 'auth' | 'host-key' | 'sudo' | 'timeout' | 'interrupted';

export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
  constructor(
    readonly kind: ConnectionFailure,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}
