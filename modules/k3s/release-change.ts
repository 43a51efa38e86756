import { PlanRefusedError } from '../../src/engine/module.js';
import { compareK3sVersions, parseK3sVersion } from './k3s-version.js';

/** What the installer must do about the release: install it, upgrade to it, or nothing. */
export type ReleaseChange = { readonly kind: 'install' } | { readonly kind: 'upgrade'; readonly from: string } | { readonly kind: 'none' };

/**
 * Compares the installed release with k3s.version. Refused: a release that cannot be compared, a
 * downgrade (k3s's datastore migrations only go forward) and an upgrade that skips a minor release
 * (Kubernetes supports upgrades one minor release at a time).
 */
export function releaseChange(installed: string | null, wanted: string, host: string): ReleaseChange {
  if (installed === null) return { kind: 'install' };
  if (installed === wanted) return { kind: 'none' };
  const [have, want] = [parseK3sVersion(installed), parseK3sVersion(wanted)];
  if (have === null || want === null) {
    throw new PlanRefusedError(`k3s: ${host} runs k3s "${installed}", which cannot be compared with k3s.version ${wanted}: set k3s.version to the release it runs, or remove k3s from the host first`);
  }
  const order = compareK3sVersions(have, want);
  if (order === 0) return { kind: 'none' };
  if (order > 0) {
    throw new PlanRefusedError(`k3s: ${host} runs k3s ${installed}, newer than k3s.version ${wanted}; Phanes does not downgrade (k3s cannot): set k3s.version: ${installed}`);
  }
  if (want.major !== have.major || want.minor > have.minor + 1) {
    throw new PlanRefusedError(
      `k3s: ${host} runs k3s ${installed}; k3s.version ${wanted} skips a minor release, and Kubernetes upgrades one minor release at a time: set k3s.version to a v${have.major}.${have.minor + 1} release first, apply, then go on`,
    );
  }
  return { kind: 'upgrade', from: installed };
}
