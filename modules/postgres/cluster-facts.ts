import { parseFileFact } from '../../src/facts/file.js';
import type { Fact } from '../../src/facts/fact.js';
import { parsePackages, type PackageVersions } from '../../src/facts/packages.js';
import type { RemoteFile } from '../../src/engine/step.js';
import { join, sh } from '../../src/shell/command.js';
import { versionPrelude } from './version.js';

/** dpkg-query expands the \\t and \\n escapes itself (as in src/facts/packages.ts). */
const DPKG_FORMAT = '${Package}\\t${db:Status-Status}\\t${Version}\\n';

/** The server package of the wanted version (`postgresql-$v`), postgresql-common and ca-certificates. */
export function postgresPackagesFact(version: number): Fact<PackageVersions> {
  return {
    description: 'packages postgresql-VERSION postgresql-common ca-certificates',
    command: join(
      [versionPrelude(version), sh`[ -n "$v" ] || exit 0`, sh`dpkg-query -W -f ${DPKG_FORMAT} "postgresql-$v" postgresql-common ca-certificates 2>/dev/null || true`],
      '\n',
    ),
    parse: (output) => parsePackages(output),
  };
}

/** A file of the wanted version's cluster (`/etc/postgresql/$v/main/NAME`), like src/facts/file.ts's fileFact. */
export function clusterFileFact(version: number, name: string): Fact<RemoteFile | null> {
  const path = `/etc/postgresql/VERSION/main/${name}`;
  return {
    description: `file ${path}`,
    command: join(
      [
        versionPrelude(version),
        sh`[ -n "$v" ] || exit 0`,
        sh`f="/etc/postgresql/$v/main/"${name}`,
        sh`if [ -f "$f" ]; then stat -c '%a %U %G %s' "$f" && base64 -w0 "$f"; fi`,
      ],
      '\n',
    ),
    parse: (output) => parseFileFact(output, path),
  };
}
