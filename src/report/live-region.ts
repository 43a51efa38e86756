const HIDE_CURSOR = '\u001b[?25l';
const SHOW_CURSOR = '\u001b[?25h';
/** Synchronized output (terminals that know it show the frame at once; the others ignore it). */
const BEGIN_FRAME = '\u001b[?2026h';
const END_FRAME = '\u001b[?2026l';
const ERASE_LINE = '\u001b[2K';
const ERASE_BELOW = '\u001b[J';
const CLEAR_SCREEN = '\u001b[H\u001b[2J';

/** The terminal stream a region draws on (process.stderr on a TTY). */
export interface TerminalStream {
  readonly columns?: number;
  readonly rows?: number;
  write: NodeJS.WriteStream['write'];
  on(event: 'resize', listener: () => void): unknown;
  off(event: 'resize', listener: () => void): unknown;
}

/** Lines to show for a terminal of this size. */
export type Render = (width: number, height: number) => readonly string[];

export interface LiveRegion {
  /** Draws what `render` gives for the terminal's size now, over the last frame (nothing when unchanged). */
  draw(): void;
  /** Draws the last frame and leaves it on the screen; the stream is the caller's again. */
  close(): void;
  /** Frames written so far. */
  readonly frames: number;
}

/**
 * A block of lines at the bottom of a terminal, redrawn in place: each frame moves the cursor back to the
 * block's first row and overwrites it line by line in one write, so nothing is blanked between frames.
 * Whatever else writes to the stream meanwhile (Ctrl-C notices, warnings) is printed above the block,
 * whole lines at a time. Frames from `render` must stay under the terminal's height and within its width.
 */
export function openLiveRegion(stream: TerminalStream, render: Render): LiveRegion {
  const write = stream.write.bind(stream) as (text: string) => boolean;
  let shown: readonly string[] = [];
  let held = '';
  let frames = 0;
  let open = true;

  /** Back to the block's first row: the block never scrolled, since it is shorter than the screen. */
  const toTop = () => (shown.length > 0 ? `\r\u001b[${shown.length}A` : '\r');

  /** Writes `prefix` (cursor moves, others' text), then the frame over what was there, in one write. */
  const frame = (prefix: () => string, force: boolean) => {
    const lines = render(stream.columns || 80, stream.rows || 24);
    if (!force && lines.length === shown.length && lines.every((line, i) => line === shown[i])) return;
    const body = lines.map((line) => ERASE_LINE + line + '\n').join('');
    write(BEGIN_FRAME + prefix() + body + ERASE_BELOW + END_FRAME);
    shown = lines;
    frames++;
  };

  const ownWrite = Object.hasOwn(stream, 'write') ? stream.write : undefined;
  // Others' output goes above the block: erase it, print their complete lines, draw the block again below.
  stream.write = ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
    held += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const end = held.lastIndexOf('\n') + 1;
    if (end > 0) {
      const text = held.slice(0, end);
      held = held.slice(end);
      frame(() => toTop() + ERASE_BELOW + text, true);
    }
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') process.nextTick(done as () => void);
    return true;
  }) as NodeJS.WriteStream['write'];

  // A terminal rewraps the old frame's lines when it narrows and moves rows to and from its scrollback when
  // its height changes, so where the old frame now is cannot be known: start again on a cleared screen
  // (tmux, VTE and others scroll what it showed into the scrollback first).
  const onResize = () => frame(() => CLEAR_SCREEN, true);
  // A third Ctrl-C leaves at once (process.exit): the cursor must not stay hidden in the user's shell.
  const onExit = () => write(SHOW_CURSOR);
  stream.on('resize', onResize);
  process.on('exit', onExit);
  write(HIDE_CURSOR);

  return {
    draw: () => {
      if (open) frame(toTop, false);
    },
    close: () => {
      if (!open) return;
      frame(toTop, false);
      open = false;
      if (ownWrite) stream.write = ownWrite;
      else delete (stream as { write?: unknown }).write; // the prototype's again
      stream.off('resize', onResize);
      process.off('exit', onExit);
      write(SHOW_CURSOR + held);
      held = '';
    },
    get frames() {
      return frames;
    },
  };
}
