import { spawnSync } from 'node:child_process';

/** A command running in a real terminal: a detached tmux session on a server of its own. */
export interface TmuxPane {
  /** The visible screen, one string per row; `joined`: rows the terminal wrapped are joined back into one line. */
  capture(options?: { joined?: boolean; escapes?: boolean }): string[];
  resize(width: number, height: number): void;
  /** Sends keys as tmux names them (`C-c`). */
  keys(...keys: string[]): void;
  /** Ends the session and its tmux server. */
  kill(): void;
}

function tmux(socket: string, args: readonly string[]): string {
  const result = spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tmux ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

/**
 * Starts `command` (run by /bin/sh) in a WIDTHxHEIGHT pane. No user configuration is read (-f /dev/null);
 * `raw` receives every byte the pane's program writes (pipe-pane), to count frames.
 */
export function openTmuxPane(name: string, command: string, size: { width: number; height: number }, raw: string): TmuxPane {
  const socket = `${name}-${process.pid}`;
  // The command starts once pipe-pane is on (tmux keeps a signal sent before anyone waits for it).
  tmux(socket, ['-f', '/dev/null', 'new-session', '-d', '-s', name, '-x', String(size.width), '-y', String(size.height), `tmux wait-for ${name}-go; ${command}`]);
  tmux(socket, ['pipe-pane', '-t', name, '-o', `cat >> '${raw}'`]);
  tmux(socket, ['wait-for', '-S', `${name}-go`]);
  return {
    capture: ({ joined = false, escapes = false } = {}) => tmux(socket, ['capture-pane', '-p', '-t', name, ...(joined ? ['-J'] : []), ...(escapes ? ['-e'] : [])]).replace(/\n$/, '').split('\n'),
    resize: (width, height) => void tmux(socket, ['resize-window', '-t', name, '-x', String(width), '-y', String(height)]),
    keys: (...keys) => void tmux(socket, ['send-keys', '-t', name, ...keys]),
    kill: () => void spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' }),
  };
}
