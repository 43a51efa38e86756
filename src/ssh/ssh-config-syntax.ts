/**
 * How OpenSSH 9.2 cuts one ~/.ssh/config line into a keyword and arguments (readconf.c's strdelim and
 * misc.c's argv_split), reproduced character for character: only space, tab, CR and LF separate, `=` may
 * follow the keyword once, quotes group, `\` escapes a quote, a backslash or a space.
 */

/** What separates words for ssh: not every Unicode space (a no-break space is part of a word). */
const WHITESPACE = ' \t\r\n';

/** One line cut up: the keyword lower-cased, the rest of the line raw, and the rest split into words. */
export interface ConfigLineWords {
  /** Lower-cased, as ssh compares it. */
  readonly keyword: string;
  /** As written, for messages. */
  readonly written: string;
  /** The line after the keyword, leading whitespace removed (what ProxyJump, ProxyCommand and Match read). */
  readonly rest: string;
  /** `rest` split like argv_split, quotes removed; undefined when its quotes do not close. */
  readonly args: readonly string[] | undefined;
}

/** A line ssh refuses before looking at the keyword; the message is ssh's own reason in words. */
export type ConfigLineCut = ConfigLineWords | { readonly error: string } | undefined;

/**
 * Cuts `raw` (one line, no newline) as process_config_line does. Undefined for a blank line, a comment or a
 * line ssh silently skips (an unclosed quote in the keyword).
 */
export function cutConfigLine(raw: string): ConfigLineCut {
  // Trailing whitespace and form feeds go; the first character is never removed (ssh's loop stops at 1).
  let end = raw.length;
  while (end > 1 && (WHITESPACE + '\f').includes(raw[end - 1] ?? '')) end--;
  const line = raw.slice(0, end);
  if (line === '') return undefined;

  let cut = strdelim(line, 0);
  if (cut.token === '') cut = strdelim(line, cut.next);
  const written = cut.token;
  if (written === undefined || written === '' || written.startsWith('#')) return undefined;
  if (cut.next === undefined) return { error: `no argument after keyword "${written.toLowerCase()}"` };
  let start = cut.next;
  while (start < line.length && WHITESPACE.includes(line[start] ?? '')) start++;
  const rest = line.slice(start);
  if (rest === '') return { error: `no argument after keyword "${written.toLowerCase()}"` };
  return { keyword: written.toLowerCase(), written, rest, args: argvSplit(rest) };
}

/**
 * readconf.c's strdelim from `from`: the next word (a `"` quoted part joins it, `=` ends it once) and where
 * the one after starts. `token` is undefined where ssh returns NULL (no text, or an unclosed quote).
 */
export function strdelim(s: string, from: number | undefined): { token: string | undefined; next: number | undefined } {
  if (from === undefined) return { token: undefined, next: undefined };
  let stop = from;
  while (stop < s.length && !`${WHITESPACE}"=`.includes(s[stop] ?? '')) stop++;
  if (stop >= s.length) return { token: s.slice(from), next: undefined };
  if (s[stop] === '"') {
    const close = s.indexOf('"', stop + 1);
    if (close < 0) return { token: undefined, next: undefined };
    return { token: s.slice(from, stop) + s.slice(stop + 1, close), next: skipWhitespace(s, close + 1) };
  }
  const equals = s[stop] === '=';
  let next = skipWhitespace(s, stop + 1);
  if (!equals && s[next] === '=') next = skipWhitespace(s, next + 1);
  return { token: s.slice(from, stop), next };
}

function skipWhitespace(s: string, from: number): number {
  let i = from;
  while (i < s.length && WHITESPACE.includes(s[i] ?? '')) i++;
  return i;
}

/**
 * misc.c's argv_split with comments: space and tab separate, `"` or `'` quote, `\` escapes a quote, a
 * backslash or (unquoted) a space, a word starting with `#` ends the line. Undefined for an unclosed quote.
 */
export function argvSplit(s: string): string[] | undefined {
  const args: string[] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === ' ' || s[i] === '\t') {
      i++;
      continue;
    }
    if (s[i] === '#') break;
    let arg = '';
    let quote: string | undefined;
    for (; i < s.length; i++) {
      const c = s[i] ?? '';
      if (c === '\\') {
        const next = s[i + 1];
        if (next === "'" || next === '"' || next === '\\' || (quote === undefined && next === ' ')) {
          i++;
          arg += next;
        } else {
          arg += c;
        }
      } else if (quote === undefined && (c === ' ' || c === '\t')) {
        break;
      } else if (quote === undefined && (c === '"' || c === "'")) {
        quote = c;
      } else if (quote !== undefined && c === quote) {
        quote = undefined;
      } else {
        arg += c;
      }
    }
    if (quote !== undefined) return undefined;
    args.push(arg);
  }
  return args;
}

/** ssh's match_pattern: `*` any run, `?` one character, everything else literal; whole string. */
export function matchPattern(text: string, pattern: string): boolean {
  let t = 0;
  let p = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    const pc = pattern[p];
    if (pc === '*') {
      starP = p++;
      starT = t;
    } else if (pc !== undefined && (pc === '?' || pc === text[t])) {
      p++;
      t++;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/**
 * ssh's match_pattern_list over a comma-separated list: 1 when a positive pattern matches and no negated
 * one does, -1 when a negated one matches, 0 otherwise. `lower` lower-cases the patterns (not the text).
 */
export function matchPatternList(text: string, list: string, lower: boolean): -1 | 0 | 1 {
  let positive = false;
  for (const raw of list.split(',')) {
    const negated = raw.startsWith('!');
    let body = negated ? raw.slice(1) : raw;
    if (lower) body = body.replace(/[A-Z]/g, (c) => c.toLowerCase());
    if (!matchPattern(text, body)) continue;
    if (negated) return -1;
    positive = true;
  }
  return positive ? 1 : 0;
}

/**
 * True when `name` matches a list of patterns in ssh's sense: some positive pattern matches and no `!`
 * pattern does (an empty pattern matches nothing). Comparison is exact; callers lower-case where ssh does.
 */
export function matchHostPatterns(name: string, patterns: readonly string[]): boolean {
  let matched = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const body = negated ? pattern.slice(1) : pattern;
    if (body === '' || !matchPattern(name, body)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}
