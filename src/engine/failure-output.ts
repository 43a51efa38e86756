/** Lines kept from each stream of a failed step: stderr holds the error, stdout what led to it. */
const STDERR_LINES = 12;
const STDOUT_LINES = 6;
/** Characters kept of one line. */
const LINE_CHARS = 300;

/** Lines that differ only in their numbers (a counter, a pid, seconds waited) count as repeats. */
const shape = (line: string) => line.replace(/\d+/g, '#');

/** The last `count` lines of `text`, runs of repeated lines folded into their last one, long lines cut. */
function tail(text: string, count: number): string[] {
  const folded: { line: string; times: number }[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const last = folded.at(-1);
    if (last && shape(last.line) === shape(line)) folded[folded.length - 1] = { line, times: last.times + 1 };
    else folded.push({ line, times: 1 });
  }
  return folded.slice(-count).map(({ line, times }) => {
    const cut = line.length > LINE_CHARS ? `${line.slice(0, LINE_CHARS)}… (${line.length - LINE_CHARS} more characters)` : line;
    return times > 1 ? `(x${times}) ${cut}` : cut;
  });
}

/**
 * What a failed step's message shows of its output: the last lines of stderr, then of stdout, each in its
 * own order and budget (so a chatty stdout cannot push apt's `E:` line out), repeats folded, lines cut.
 */
export function failureOutput(stderr: string, stdout: string): string {
  return [...tail(stderr, STDERR_LINES), ...tail(stdout, STDOUT_LINES)].join('\n');
}
