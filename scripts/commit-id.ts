import { spawnSync } from 'node:child_process';

/**
 * The commit a build is made from, for `phanes --version`: git's short hash, `-dirty` when the work tree
 * has changes, `unknown` outside a git checkout (a tarball).
 */
export function commitId(root: string): string {
  const git = (...args: string[]) => spawnSync('git', ['-C', root, ...args], { encoding: 'utf8' });
  const head = git('rev-parse', '--short=12', 'HEAD');
  if (head.status !== 0) return 'unknown';
  const dirty = git('status', '--porcelain', '--untracked-files=no').stdout.trim() !== '';
  return `${head.stdout.trim()}${dirty ? '-dirty' : ''}`;
}
