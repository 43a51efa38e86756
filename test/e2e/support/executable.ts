import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** dist/bin/phanes-linux-x64, built when missing or older than the bundle `npm test` just made (a few minutes once). */
export function ensureX64Executable(): string {
  const bin = join(ROOT, 'dist/bin/phanes-linux-x64');
  if (existsSync(bin) && statSync(bin).mtimeMs >= statSync(join(ROOT, 'dist/phanes.mjs')).mtimeMs) return bin;
  execFileSync(process.execPath, [join(ROOT, 'dist/scripts/build-binary.js'), 'x64'], { stdio: 'inherit', cwd: ROOT });
  return bin;
}
