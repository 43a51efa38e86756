/**
 * The file access ~/.ssh/config evaluation needs, from disk as OpenSSH does it (glob(3) with GLOB_TILDE
 * for Include, the owner and mode check on included files), or from memory for tests.
 */
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Where config text comes from. Paths are absolute; `~` is expanded before these are called. */
export interface SshConfigFiles {
  /**
   * The text of `path`, undefined when it does not exist (ssh skips it). Throws an Error whose message says
   * why ssh would refuse it (unreadable; with `checkPermissions`, writable by others or owned by another user).
   */
  read(path: string, checkPermissions: boolean): string | undefined;
  /** The paths glob(3) matches for `pattern` (no `~`), sorted; empty when none. */
  glob(pattern: string): string[];
}

/** Files on this machine, each read at most once per instance (one run). */
export function diskFiles(uid: number | undefined = process.getuid?.()): SshConfigFiles {
  const texts = new Map<string, string | undefined>();
  return {
    read(path, checkPermissions) {
      const key = `${checkPermissions ? 'p' : 'n'}${path}`;
      if (texts.has(key)) return texts.get(key);
      const text = readChecked(path, checkPermissions, uid);
      texts.set(key, text);
      return text;
    },
    glob: (pattern) => globPaths(pattern),
  };
}

function readChecked(path: string, checkPermissions: boolean, uid: number | undefined): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot open ${path}: ${(error as Error).message}`);
  }
  try {
    const info = fstatSync(fd);
    if (checkPermissions && ((info.uid !== 0 && info.uid !== uid) || (info.mode & 0o022) !== 0)) {
      throw new Error(`bad owner or permissions on ${path}: it must belong to you (or root) and be writable by no one else; run chmod go-w ${path}`);
    }
    // ssh reads a directory as an empty file.
    return info.isDirectory() ? '' : readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/** Config files held in memory (tests): `path -> text`; glob matches the paths with the same rules. */
export function memoryFiles(files: Readonly<Record<string, string>>): SshConfigFiles {
  const paths = Object.keys(files).sort();
  return {
    read: (path) => files[path],
    glob: (pattern) => {
      const parts = pattern.split('/');
      return paths.filter((p) => {
        const names = p.split('/');
        return names.length === parts.length && parts.every((part, i) => globComponentMatches(part, names[i] ?? ''));
      });
    },
  };
}

/** glob(3) over the disk: component by component, hidden names only for a pattern starting with `.`. */
function globPaths(pattern: string): string[] {
  const absolute = pattern.startsWith('/');
  const parts = pattern.split('/').filter((p, i) => p !== '' || i === 0);
  let found = [absolute ? '/' : '.'];
  for (const [index, part] of parts.entries()) {
    if (index === 0 && absolute) continue;
    const last = index === parts.length - 1;
    const next: string[] = [];
    for (const dir of found) {
      if (!hasMagic(part)) {
        next.push(join(dir, unescape(part)));
        continue;
      }
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        continue;
      }
      for (const name of names.sort()) {
        if (!globComponentMatches(part, name)) continue;
        const path = join(dir, name);
        if (!last && !isDirectory(path)) continue;
        next.push(path);
      }
    }
    found = next;
  }
  return found.filter(exists).map((p) => (absolute ? p : p.replace(/^\.\//, ''))).sort(byteOrder);
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function hasMagic(part: string): boolean {
  return /(^|[^\\])[*?[]/.test(part);
}

function unescape(part: string): string {
  return part.replace(/\\(.)/g, '$1');
}

/** fnmatch(3) with FNM_PERIOD for one path component: `*`, `?`, `[...]` (`!` or `^` negates), `\` escapes. */
export function globComponentMatches(pattern: string, name: string): boolean {
  if (name.startsWith('.') && !pattern.startsWith('.') && !pattern.startsWith('\\.')) return false;
  return fnmatch(pattern, 0, name, 0);
}

function fnmatch(p: string, pi: number, s: string, si: number): boolean {
  while (pi < p.length) {
    const c = p[pi] ?? '';
    if (c === '*') {
      while (p[pi] === '*') pi++;
      if (pi === p.length) return true;
      for (let k = si; k <= s.length; k++) if (fnmatch(p, pi, s, k)) return true;
      return false;
    }
    if (si >= s.length) return false;
    if (c === '?') {
      pi++;
      si++;
      continue;
    }
    if (c === '[') {
      const bracket = matchBracket(p, pi, s[si] ?? '');
      if (bracket === undefined) {
        // An unclosed `[` is a literal character.
        if (s[si] !== '[') return false;
        pi++;
        si++;
        continue;
      }
      if (!bracket.matched) return false;
      pi = bracket.next;
      si++;
      continue;
    }
    const literal = c === '\\' && pi + 1 < p.length ? p[++pi] : c;
    if (literal !== s[si]) return false;
    pi++;
    si++;
  }
  return si === s.length;
}

function matchBracket(p: string, start: number, ch: string): { matched: boolean; next: number } | undefined {
  let i = start + 1;
  const negate = p[i] === '!' || p[i] === '^';
  if (negate) i++;
  let matched = false;
  let first = true;
  while (i < p.length && (p[i] !== ']' || first)) {
    first = false;
    let lo = p[i] ?? '';
    if (lo === '\\' && i + 1 < p.length) lo = p[++i] ?? '';
    if (p[i + 1] === '-' && p[i + 2] !== undefined && p[i + 2] !== ']') {
      let hi = p[i + 2] ?? '';
      i += 2;
      if (hi === '\\' && i + 1 < p.length) hi = p[++i] ?? '';
      if (ch >= lo && ch <= hi) matched = true;
    } else if (ch === lo) {
      matched = true;
    }
    i++;
  }
  if (i >= p.length) return undefined;
  return { matched: matched !== negate, next: i + 1 };
}
