/** One wanted line of a file, as the files module's settings give it. */
export interface WantedLine {
  readonly line: string;
  /** When set, the last line matching it is replaced by `line`. */
  readonly regexp?: RegExp;
}

/** A file's content after editLines, and the wanted lines that were not there before (for the step's title). */
export interface EditedLines {
  readonly content: string;
  readonly changed: readonly string[];
}

/**
 * The file's content with every wanted line in place, applied in order (Ansible lineinfile, state present,
 * insert at the end): the last line matching `regexp` is replaced by `line`; when none matches (or there
 * is no regexp), `line` is appended unless it is already there. Content that needs no change comes back
 * byte for byte, even without a final newline; an edited file always ends with one.
 */
export function editLines(content: string, wanted: readonly WantedLine[]): EditedLines {
  const lines = content === '' ? [] : content.replace(/\n$/, '').split('\n');
  const changed: string[] = [];
  for (const { line, regexp } of wanted) {
    const match = regexp ? lines.findLastIndex((existing) => regexp.test(existing)) : -1;
    if (match >= 0) {
      if (lines[match] !== line) {
        lines[match] = line;
        changed.push(line);
      }
    } else if (!lines.includes(line)) {
      lines.push(line);
      changed.push(line);
    }
  }
  return { content: changed.length > 0 ? lines.join('\n') + '\n' : content, changed };
}
