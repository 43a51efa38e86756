/**
 * Reads OpenSSH client config text (~/.ssh/config) and resolves the few options Phanes uses for one
 * alias. Pure: no file, network or process access. `Match` and `Include` are never evaluated
 * (`Match exec` would run a command); they are skipped with a warning.
 */

/** A config problem, with a message of the form `FILE:LINE: what was wrong; what to do`. */
export class SshConfigError extends Error {
  override readonly name = 'SshConfigError';
  readonly file: string;
  readonly line: number;

  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.file = file;
    this.line = line;
  }
}

/** One `Keyword args...` line; the keyword is lower-cased, the arguments are unquoted. */
export interface SshConfigDirective {
  readonly keyword: string;
  readonly args: readonly string[];
  readonly line: number;
}

/** A `Host` block, or the lines before the first `Host` (empty `patterns`: they apply to every alias). */
export interface SshConfigBlock {
  /** Patterns as written, `!` kept; never empty for a real `Host` line. */
  readonly patterns: readonly string[];
  /** Line of the `Host` keyword; 0 for the lines before the first one. */
  readonly line: number;
  readonly directives: readonly SshConfigDirective[];
}

/** A parsed config file: its blocks in file order and what was skipped. */
export interface SshConfig {
  readonly file: string;
  readonly blocks: readonly SshConfigBlock[];
  /** `FILE:LINE: ...` notes for `Match` blocks and `Include` lines that were not followed. */
  readonly warnings: readonly string[];
}

/** The options Phanes takes from the config for one alias; undefined means not set there. */
export interface SshHostOptions {
  hostName?: string;
  user?: string;
  port?: number;
  /** In config order, `~` and `%` tokens expanded; `none` entries dropped. */
  identityFiles: string[];
  /** Undefined when not set or set to `none`. */
  proxyJump?: string;
}

/** What resolve needs from the local machine. */
export interface SshConfigContext {
  /** Home directory for `~` in IdentityFile; without it `~` is left as written. */
  readonly home?: string;
  /** User for `%r` when the config sets no User (Phanes' own default, e.g. `root`). */
  readonly defaultUser?: string;
}

/** Parses config text; `file` only labels warnings and errors. Throws SshConfigError on a bad line. */
export function parseSshConfig(text: string, file: string): SshConfig {
  const blocks: SshConfigBlock[] = [];
  const warnings: string[] = [];
  let current: { patterns: string[]; line: number; directives: SshConfigDirective[] } = {
    patterns: [],
    line: 0,
    directives: [],
  };
  blocks.push(current);
  let inMatch = false;

  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;

    const head = /^([^\s"=]+)\s*=?\s*(.*)$/.exec(trimmed);
    if (head === null) {
      const hint = 'each line must start with a keyword such as Host or HostName';
      throw new SshConfigError(file, lineNo, `expected a keyword, found ${JSON.stringify(trimmed)}; ${hint}`);
    }
    const keyword = (head[1] ?? '').toLowerCase();

    // A Match block ends only at the next Host or Match line, as in OpenSSH.
    if (keyword === 'match') {
      inMatch = true;
      warnings.push(
        `${file}:${lineNo}: Match block skipped: Phanes never evaluates Match (Match exec would run a command); ` +
          'its lines up to the next Host line are ignored. Move these settings into a Host block or the inventory.',
      );
      return;
    }
    if (inMatch && keyword !== 'host') return;

    const args = splitArgs(head[2] ?? '', file, lineNo);
    if (args.length === 0) {
      throw new SshConfigError(file, lineNo, `no value after ${head[1]}; write "${head[1]} VALUE" or remove the line`);
    }

    if (keyword === 'host') {
      inMatch = false;
      if (args.some((a) => a === '' || a === '!')) {
        throw new SshConfigError(file, lineNo, 'empty Host pattern; remove the stray quotes or "!"');
      }
      current = { patterns: args, line: lineNo, directives: [] };
      blocks.push(current);
      return;
    }
    if (keyword === 'include') {
      warnings.push(
        `${file}:${lineNo}: Include not followed: Phanes reads only this file. ` +
          'Copy the Host blocks Phanes needs into it, or set the values in the inventory.',
      );
      return;
    }
    checkDirective(keyword, head[1] ?? keyword, args, file, lineNo);
    current.directives.push({ keyword, args, line: lineNo });
  });

  return { file, blocks: blocks.filter((b) => b.line > 0 || b.directives.length > 0), warnings };
}

/**
 * Resolves the options for `alias` the way ssh does: every block whose patterns match the alias applies,
 * in file order, and the first value obtained wins (IdentityFile accumulates).
 */
export function resolveSshConfig(config: SshConfig, alias: string, context: SshConfigContext = {}): SshHostOptions {
  let hostName: SshConfigDirective | undefined;
  let user: SshConfigDirective | undefined;
  let port: SshConfigDirective | undefined;
  let jump: SshConfigDirective | undefined;
  let command: SshConfigDirective | undefined;
  const identities: SshConfigDirective[] = [];

  for (const block of config.blocks) {
    // Host patterns match the alias as typed, case-sensitively, exactly like ssh.
    if (block.patterns.length > 0 && !matchHostPatterns(alias, block.patterns)) continue;
    for (const d of block.directives) {
      switch (d.keyword) {
        case 'hostname':
          hostName ??= d;
          break;
        case 'user':
          user ??= d;
          break;
        case 'port':
          port ??= d;
          break;
        case 'identityfile':
          identities.push(d);
          break;
        // The first of the two wins. After `ProxyJump none`, OpenSSH builds differ: Debian 12's 9.2p1
        // ignores a later ProxyCommand, others honour it. Phanes honours it, and so refuses the host below:
        // the safe side, since connecting directly could reach another machine than the user's ssh does.
        case 'proxyjump':
          if (jump === undefined && command === undefined) jump = d;
          break;
        case 'proxycommand':
          if (command === undefined && (jump === undefined || isNone(jump))) command = d;
          break;
      }
    }
  }

  const result: SshHostOptions = { identityFiles: [] };
  // ssh lower-cases the host it connects to; %h is that name.
  const aliasHost = alias.toLowerCase();
  const targetHost = hostName === undefined ? aliasHost : expandTokens(hostName, config.file, { h: aliasHost }).toLowerCase();
  if (hostName !== undefined) result.hostName = targetHost;
  if (user !== undefined) result.user = first(user);
  if (port !== undefined) result.port = Number(first(port));

  if (command !== undefined && !isNone(command)) {
    // Connecting directly instead would silently take another route than ssh; refuse instead.
    throw new SshConfigError(
      config.file,
      command.line,
      `host ${alias} is reached through ProxyCommand, which Phanes never runs; use ProxyJump in the config or "jump" in the inventory`,
    );
  }
  if (jump !== undefined && !isNone(jump)) result.proxyJump = first(jump);

  const remoteUser = result.user ?? context.defaultUser;
  for (const d of identities) {
    // ssh skips `IdentityFile none` when it loads keys.
    if (isNone(d)) continue;
    const tokens: Record<string, string | undefined> = { h: targetHost, p: String(result.port ?? 22), r: remoteUser };
    result.identityFiles.push(expandHome(expandTokens(d, config.file, tokens), context.home, config.file, d.line));
  }
  return result;
}

/**
 * True when `name` matches a pattern list in OpenSSH's sense: some positive pattern matches and no `!`
 * pattern does. `*` is any run of characters, `?` one character; comparison is exact (callers lower-case).
 */
export function matchHostPatterns(name: string, patterns: readonly string[]): boolean {
  let matched = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const body = negated ? pattern.slice(1) : pattern;
    if (body === '' || !matchWildcard(name, body)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

/** `*` and `?` glob match over the whole string, iterative with backtracking to the last `*`. */
function matchWildcard(text: string, pattern: string): boolean {
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
 * Splits the rest of a line into arguments like OpenSSH's argv_split: whitespace separates, `"` or `'`
 * quote, `\` escapes a quote, a backslash or (unquoted) a space, and an unquoted word starting with `#`
 * begins a comment.
 */
function splitArgs(text: string, file: string, line: number): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
    if (i >= text.length || text[i] === '#') break;
    let arg = '';
    let quote: string | undefined;
    for (; i < text.length; i++) {
      const c = text[i] ?? '';
      if (quote === undefined && /\s/.test(c)) break;
      if (c === '\\') {
        const next = text[i + 1];
        if (next === '"' || next === "'" || next === '\\' || (quote === undefined && next === ' ')) {
          arg += next;
          i++;
          continue;
        }
        arg += c;
      } else if (quote === undefined && (c === '"' || c === "'")) {
        quote = c;
      } else if (c === quote) {
        quote = undefined;
      } else {
        arg += c;
      }
    }
    if (quote !== undefined) throw new SshConfigError(file, line, `unterminated ${quote} quote; close it before the end of the line`);
    args.push(arg);
  }
  return args;
}

/** Checks the values of the keywords Phanes reads, so a typo fails at its line rather than at connect time. */
function checkDirective(keyword: string, written: string, args: readonly string[], file: string, line: number): void {
  if (!['hostname', 'user', 'port', 'identityfile', 'proxyjump'].includes(keyword)) return;
  if (args.length > 1) {
    throw new SshConfigError(file, line, `${written} takes one value, found ${args.length}; quote a value that contains spaces`);
  }
  const value = args[0] ?? '';
  if (keyword === 'port') {
    const n = /^[0-9]+$/.test(value) ? Number(value) : NaN;
    if (!(n >= 1 && n <= 65535)) {
      throw new SshConfigError(file, line, `bad Port ${JSON.stringify(value)}; use a whole number from 1 to 65535`);
    }
  }
}

function first(d: SshConfigDirective): string {
  return d.args[0] ?? '';
}

function isNone(d: SshConfigDirective): boolean {
  return first(d).toLowerCase() === 'none';
}

/** Expands `%x` tokens from `tokens` plus `%%`; a token without a value is an error at its line. */
function expandTokens(d: SshConfigDirective, file: string, tokens: Record<string, string | undefined>): string {
  const known = Object.keys(tokens);
  return first(d).replace(/%(.?)/g, (_, t: string) => {
    if (t === '%') return '%';
    const value = tokens[t];
    if (value !== undefined) return value;
    const list = [...known.map((k) => `%${k}`), '%%'].join(', ');
    if (known.includes(t)) {
      throw new SshConfigError(file, d.line, `%${t} has no value here (no User set); set User for this host`);
    }
    const where = d.keyword === 'hostname' ? 'HostName' : 'IdentityFile';
    throw new SshConfigError(file, d.line, `token %${t} is not supported in ${where}; use ${list} or write the value out`);
  });
}

/** Expands a leading `~` or `~/` to `home`; `~user` forms are refused because we cannot look users up. */
function expandHome(path: string, home: string | undefined, file: string, line: number): string {
  if (!path.startsWith('~') || home === undefined) return path;
  if (path === '~') return home;
  if (path.startsWith('~/')) return `${home.replace(/\/+$/, '')}${path.slice(1)}`;
  throw new SshConfigError(file, line, `${path}: ~user paths are not supported; write the absolute path`);
}
