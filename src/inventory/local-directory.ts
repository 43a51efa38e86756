import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ProblemText } from './node-locator.js';

/** A text file of a local directory, by its path relative to that directory (`/`-separated). */
export interface LocalFile {
  readonly path: string;
  readonly content: string;
}

/** A directory next to the inventory, read when the inventory is loaded, so plans stay pure. */
export interface LocalDirectory {
  /** The path as written in the inventory (relative to its directory, or absolute). */
  readonly source: string;
  /** Its regular files, sorted by path. */
  readonly files: readonly LocalFile[];
}

/** Files Phanes carries in a directory: text a plan can diff, not images or archives. */
export const MAX_LOCAL_FILE_BYTES = 1024 * 1024;
export const MAX_LOCAL_FILES = 200;

/** Names a file may have on its way to a host: nothing a shell, a diff or a manifest line would stumble on. */
const SAFE_NAME = /^[A-Za-z0-9._-]+$/;

/**
 * Reads every regular file under `absolute` (symlinks followed, `.` and `..` never), or says why it cannot:
 * missing, not a directory, too many or too large files, a file that is not UTF-8 text, an odd name.
 */
export function readLocalDirectory(source: string, absolute: string): LocalDirectory | { problem: ProblemText } {
  const files: LocalFile[] = [];
  const walk = (dir: string, prefix: string): ProblemText | undefined => {
    for (const name of readdirSync(dir).sort()) {
      const path = prefix === '' ? name : `${prefix}/${name}`;
      if (!SAFE_NAME.test(name)) return { message: `${source}/${path}: file names may hold only letters, digits and ._-`, hint: 'rename it' };
      const full = join(dir, name);
      const stat = statSync(full);
      if (stat.isDirectory()) {
        const problem = walk(full, path);
        if (problem) return problem;
        continue;
      }
      if (!stat.isFile()) continue;
      if (stat.size > MAX_LOCAL_FILE_BYTES) return { message: `${source}/${path} is larger than 1 MiB`, hint: 'keep large or binary data out of the directory (build it into an image or a volume)' };
      if (files.length >= MAX_LOCAL_FILES) return { message: `${source} holds more than ${MAX_LOCAL_FILES} files`, hint: 'keep only what the application needs to start in it' };
      const bytes = readFileSync(full);
      const content = bytes.toString('utf8');
      if (!Buffer.from(content, 'utf8').equals(bytes)) return { message: `${source}/${path} is not UTF-8 text`, hint: 'binary files belong in an image, not in the directory Phanes copies' };
      files.push({ path, content });
    }
    return undefined;
  };
  try {
    if (!statSync(absolute).isDirectory()) return { problem: { message: `${source} is not a directory`, hint: 'name a directory; it is relative to the inventory\'s directory' } };
    const problem = walk(absolute, '');
    return problem ? { problem } : { source, files };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { problem: { message: `directory ${source} does not exist`, hint: 'create it, or fix the path; it is relative to the inventory\'s directory' } };
    return { problem: { message: `directory ${source} cannot be read (${code ?? 'unknown error'})`, hint: 'check its permissions' } };
  }
}
