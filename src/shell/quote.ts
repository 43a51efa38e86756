/** Characters that never need quoting in a POSIX shell word (no `=` or `~`: they mean something at a word's start). */
const PLAIN_WORD = /^[A-Za-z0-9_@%+,./:-]+$/;

/**
 * Renders `value` as one POSIX shell word that dash and bash read back unchanged:
 * plain words stay as they are, everything else is single-quoted with `'` written as `'\''`.
 */
export function quote(value: string): string {
  // No shell word can hold NUL: dash and bash drop it silently, which would change the value.
  if (value.includes('\0')) throw new Error('a shell word cannot contain a NUL character');
  if (PLAIN_WORD.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
