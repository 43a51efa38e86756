import stringWidth from 'string-width';

/** An SGR color sequence, the only escape the views put in their lines. */
const SGR = /\u001b\[[0-9;]*m/y;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

let graphemes: Intl.Segmenter | undefined;

/**
 * Text from hosts and inventories (error lines, step titles, names) made safe for one terminal line: control
 * characters (escapes, carriage returns, tabs) become spaces, so they can neither move the cursor nor paint.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, ' ');
}

/** Columns the line takes on a terminal: colors count nothing, wide characters two. */
export function lineWidth(line: string): number {
  return stringWidth(line);
}

/**
 * The line cut to at most `width` columns, keeping its colors (reset after the cut when one was open).
 * Wide characters and emoji are kept whole or left out, never split.
 */
export function fitWidth(line: string, width: number): string {
  if (width <= 0) return '';
  if (lineWidth(line) <= width) return line;
  let out = '';
  let used = 0;
  let painted = false;
  let index = 0;
  while (index < line.length) {
    SGR.lastIndex = index;
    const escape = SGR.exec(line);
    if (escape) {
      out += escape[0];
      painted = true;
      index += escape[0].length;
      continue;
    }
    const next = line.indexOf('\u001b', index + 1);
    const run = line.slice(index, next === -1 ? line.length : next);
    index += run.length;
    for (const piece of PRINTABLE_ASCII.test(run) ? run : segments(run)) {
      const w = piece.length === 1 && piece < '\u007f' ? 1 : stringWidth(piece);
      if (used + w > width) return painted ? out + '\u001b[0m' : out;
      out += piece;
      used += w;
    }
  }
  return painted ? out + '\u001b[0m' : out;
}

function* segments(text: string): Iterable<string> {
  graphemes ??= new Intl.Segmenter();
  for (const { segment } of graphemes.segment(text)) yield segment;
}
