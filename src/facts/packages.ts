import { sh } from '../shell/command.js';
import type { Fact } from './fact.js';

/** Installed version of each asked package; absent from the map when not installed. */
export type PackageVersions = ReadonlyMap<string, string>;

/** Parses `dpkg-query -W -f '${Package}\t${db:Status-Status}\t${Version}\n'` output. */
export function parsePackages(output: string): PackageVersions {
  const installed = new Map<string, string>();
  for (const line of output.split('\n')) {
    const [name, status, version] = line.split('\t');
    if (name && status === 'installed' && version) installed.set(name.replace(/:.*$/, ''), version);
  }
  return installed;
}

/** dpkg-query expands the \\t and \\n escapes itself. */
const DPKG_FORMAT = '${Package}\\t${db:Status-Status}\\t${Version}\\n';

/** Which of `names` are installed (dpkg's view), with versions. */
export function packagesFact(names: readonly string[]): Fact<PackageVersions> {
  return {
    description: `packages ${names.join(' ')}`,
    // With no names dpkg-query would list every package. It exits 1 when a name is unknown to it; the
    // others are still listed.
    command: names.length === 0 ? sh`true` : sh`dpkg-query -W -f ${DPKG_FORMAT} ${[...names]} 2>/dev/null || true`,
    parse: (output) => parsePackages(output),
  };
}
