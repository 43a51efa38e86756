import type { OsRelease } from '../../src/facts/os-release.js';
import { join, sh, type ShellText } from '../../src/shell/command.js';

/** The PostgreSQL major version each distribution release ships in its own archive, by `ID:VERSION_ID`. */
export const DISTRIBUTION_VERSIONS: ReadonlyMap<string, number> = new Map([
  ['debian:11', 13],
  ['debian:12', 15],
  ['debian:13', 17],
  ['ubuntu:22.04', 14],
  ['ubuntu:24.04', 16],
]);

/** The distribution's own PostgreSQL version, or undefined when Phanes does not know this release. */
export function distributionVersion(os: Pick<OsRelease, 'id' | 'versionId'>): number | undefined {
  return DISTRIBUTION_VERSIONS.get(`${os.id}:${os.versionId}`);
}

/**
 * Sets `$v` to the wanted major version inside a fact's script. Facts are asked for before the OS is known,
 * so with version 0 the host looks its release up in the same table plan uses (empty when unknown).
 */
export function versionPrelude(version: number): ShellText {
  if (version > 0) return sh`v=${version}`;
  const cases = [...DISTRIBUTION_VERSIONS].map(([release, major]) => sh`${release}) v=${major} ;;`);
  return join([sh`v=; . /etc/os-release; case "$ID:$VERSION_ID" in`, ...cases, sh`esac`], '\n');
}
