import { sh, type ShellText } from '../shell/command.js';

/**
 * Prints a small text file with the shell's own `read`, as `cat` would (a last line without a newline
 * gets one): one program fewer on every host's probe. A missing file prints nothing and fails (tested
 * first: a failed redirection may end a POSIX shell, and facts may run in the probe's own shell).
 */
export function printFile(path: string): ShellText {
  return sh`[ -r ${path} ] && while IFS= read -r line || [ -n "$line" ]; do printf '%s\\n' "$line"; done < ${path}`;
}

/** What `printFile` prints for a file with this content (a batch answers for it without running it). */
export function printedByPrintFile(content: string): string {
  return content === '' || content.endsWith('\n') ? content : `${content}\n`;
}
