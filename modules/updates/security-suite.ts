import type { OsRelease } from '../../src/facts/os-release.js';
import { ensureFile, type RemoteFile, type Step } from '../../src/engine/step.js';
import { sh } from '../../src/shell/command.js';
import type { UpdatesSettings } from '../../schemas/modules/updates.js';
import type { AptSource } from './apt-sources-fact.js';

export const SECURITY_SOURCE_FILE = '/etc/apt/sources.list.d/phanes-security.sources';

/** Where the security suite should come from on a Debian host that lacks it, or why Phanes cannot tell. */
function securitySuiteSource(settings: UpdatesSettings, sources: readonly AptSource[], os: OsRelease): { uri: string; components: string[] } | { missing: string } | undefined {
  if (!settings.security_suite || os.id !== 'debian' || os.codename === '') return undefined;
  const suite = `${os.codename}-security`;
  // Ours counts as missing when it is the only one: it is rewritten from the settings as they are now.
  if (sources.some((s) => s.suite === suite)) return undefined;
  const main = sources.filter((s) => s.suite === os.codename);
  const components = [...new Set(main.map((s) => s.component))];
  const uri = settings.security_source ?? main.map((s) => s.uri).find((u) => /\/debian\/?$/.test(u))?.replace(/\/debian\/?$/, '/debian-security/');
  if (uri === undefined) {
    return { missing: `no apt source carries ${suite} and the main Debian entry is not at a path ending in /debian: set updates.security_source to where your mirror keeps debian-security` };
  }
  return { uri, components: components.length > 0 ? components : ['main'] };
}

function sourceFile(uri: string, suite: string, components: readonly string[]): string {
  return [
    '# Written by Phanes (updates module): the security suite, the origin unattended-upgrades installs from.',
    'Types: deb',
    `URIs: ${uri}`,
    `Suites: ${suite}`,
    `Components: ${components.join(' ')}`,
    'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg',
    '',
  ].join('\n');
}

/** Adds the security suite when the host has none; kept only once apt fetched it (signature checked). */
export function securitySuiteSteps(settings: UpdatesSettings, sources: readonly AptSource[], current: RemoteFile | null, os: OsRelease): Step[] {
  const own = current === null ? sources : sources.filter((s) => !current.content.includes(`URIs: ${s.uri}`));
  const source = securitySuiteSource(settings, own, os);
  if (source === undefined || 'missing' in source) return [];
  const suite = `${os.codename}-security`;
  return ensureFile(
    {
      title: `Add the security suite ${suite} from ${source.uri} (${SECURITY_SOURCE_FILE})`,
      path: SECURITY_SOURCE_FILE,
      content: sourceFile(source.uri, suite, source.components),
      mode: '0644',
      owner: 'root',
      group: 'root',
      // apt reads only this file; the lists it fetches stay (List-Cleanup off), so the upgrade can use them.
      validate: (tmp) => sh`check=$(mktemp -d)
cp ${tmp} "$check/security.sources"
if ! apt-get update -qq --error-on=any -o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$check" -o APT::Get::List-Cleanup=false; then
  rm -rf "$check"
  echo ${`apt could not fetch ${suite} from ${source.uri}: set updates.security_source to a server that carries it, or security_suite: false`} >&2
  exit 1
fi
rm -rf "$check"`,
    },
    current,
  );
}

export function securitySuiteNotes(settings: UpdatesSettings, sources: readonly AptSource[], os: OsRelease): string[] {
  const source = securitySuiteSource(settings, sources, os);
  return source !== undefined && 'missing' in source ? [source.missing] : [];
}
