import type { AptCacheAge } from '../src/facts/apt-cache-age.js';
import type { PackageVersions } from '../src/facts/packages.js';
import type { Step } from '../src/engine/step.js';
import { aptInstall, aptUpdate } from '../src/shell/apt.js';

/**
 * Steps that install the packages not yet installed: none when all are there (the apt cache is then left
 * alone however old it is, so a converged host stays converged), else a cache refresh when the cache is
 * older than maxAge seconds or missing, then one install of the missing ones.
 */
export function installPackages(
  wanted: readonly string[],
  installed: PackageVersions,
  cacheAge: AptCacheAge,
  maxAge: number,
): Step[] {
  const missing = wanted.filter((name) => !installed.has(name));
  if (missing.length === 0) return [];
  const steps: Step[] = [];
  if (cacheAge === null || cacheAge >= maxAge) {
    steps.push({ kind: 'command', title: 'Refresh the apt cache', command: aptUpdate() });
  }
  steps.push({ kind: 'command', title: `Install ${missing.join(', ')}`, command: aptInstall(missing) });
  return steps;
}
