import { sh } from '../../src/shell/command.js';
import type { Fact } from '../../src/facts/fact.js';
import { pathBatch } from '../../src/facts/path-batch.js';

/**
 * What is at a path: a directory (with its mode and owner, through symlinks), a symlink to anything else,
 * something else (a regular file, a fifo...), or nothing.
 */
export type PathKind =
  | { readonly kind: 'directory'; readonly mode: string; readonly owner: string; readonly group: string }
  | { readonly kind: 'link' | 'other' | 'missing' };

/** Parses one line per path, in order: `directory MODE OWNER GROUP`, `link`, `other` or `missing`. */
export function parsePathKinds(output: string, paths: readonly string[]): ReadonlyMap<string, PathKind> {
  const lines = output.split('\n');
  const kinds = new Map<string, PathKind>();
  paths.forEach((path, i) => {
    const [kind, mode, owner, group] = (lines[i] ?? '').split(' ');
    if (kind === 'directory' && mode && owner && group) kinds.set(path, { kind, mode: mode.padStart(4, '0'), owner, group });
    else if (kind === 'link' || kind === 'other' || kind === 'missing') kinds.set(path, { kind });
    else throw new Error(`unexpected answer for ${path}: ${JSON.stringify(lines[i] ?? '')}`);
  });
  return kinds;
}

/**
 * For every path at once: is it a directory (and with which mode and owner), a symlink, something else, or
 * missing. A symlink to a directory counts as the directory: chmod and chown follow it.
 */
export function pathKindsFact(paths: readonly string[]): Fact<ReadonlyMap<string, PathKind>> {
  return {
    description: `kinds of ${paths.length} path${paths.length === 1 ? '' : 's'}`,
    command:
      paths.length === 0
        ? sh`true`
        : sh`for p in ${[...paths]}; do
if [ -d "$p" ]; then stat -L -c 'directory %a %U %G' -- "$p"
elif [ -L "$p" ]; then echo link
elif [ -e "$p" ]; then echo other
else echo missing; fi
done`,
    parse: (output) => parsePathKinds(output, paths),
    sharesShell: true,
    // In a probe the path batch answers it: one `stat` for every directory, with the files'.
    ...(paths.length > 0 && { batch: { with: pathBatch, items: paths.map((path) => `d${path}`) } }),
  };
}
