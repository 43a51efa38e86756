import type { Fact } from '../../src/facts/fact.js';
import { parseFileFact } from '../../src/facts/file.js';
import type { RemoteFile } from '../../src/engine/step.js';
import { sh } from '../../src/shell/command.js';

export const NGINX_CONF = '/etc/nginx/nginx.conf';
export const SITES_ENABLED = '/etc/nginx/sites-enabled';
export const DEFAULT_SITE_LINK = `${SITES_ENABLED}/default`;
/** Every server block Phanes writes is named phanes-NAME.conf: that prefix is how it finds its own. */
export const MANAGED_PREFIX = 'phanes-';
export const MANAGED_SUFFIX = '.conf';

/** Whether nginx.conf includes sites-enabled/; null when there is no nginx.conf (nginx not installed). */
export type SitesIncluded = boolean | null;

export const sitesIncludedFact: Fact<SitesIncluded> = {
  description: `whether ${NGINX_CONF} includes ${SITES_ENABLED}/*`,
  // grep exits 0 (found), 1 (not found) or 2 (no file).
  command: sh`grep -Eq '^[[:space:]]*include[[:space:]]+(/etc/nginx/)?sites-enabled/' ${NGINX_CONF}`,
  parse: (_output, exitCode) => (exitCode === 0 ? true : exitCode === 1 ? false : null),
};

/** File names of the server blocks Phanes wrote (phanes-*.conf in sites-enabled), sorted. */
export const managedServerBlocksFact: Fact<readonly string[]> = {
  description: `server blocks Phanes wrote in ${SITES_ENABLED}`,
  command: sh`find ${SITES_ENABLED} -maxdepth 1 -type f -name ${`${MANAGED_PREFIX}*${MANAGED_SUFFIX}`} -printf '%f\n' | sort`,
  parse: (output) => output.split('\n').filter(Boolean),
};

/** Whether Debian's default site is enabled (the link, or a file put there by hand). */
export const defaultSiteFact: Fact<boolean> = {
  description: `${DEFAULT_SITE_LINK}`,
  command: sh`test -e ${DEFAULT_SITE_LINK} || test -L ${DEFAULT_SITE_LINK}`,
  parse: (_output, exitCode) => exitCode === 0,
};

/**
 * Parses, for each asked file: `NAME MODE OWNER GROUP SIZE` (or just `NAME` when missing), then a line
 * with the base64 content (empty when missing).
 */
export function parseServerBlocks(output: string): ReadonlyMap<string, RemoteFile | null> {
  const files = new Map<string, RemoteFile | null>();
  const lines = output.split('\n');
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const header = lines[i] ?? '';
    const space = header.indexOf(' ');
    const name = space < 0 ? header : header.slice(0, space);
    if (!name) continue;
    files.set(name, space < 0 ? null : parseFileFact(`${header.slice(space + 1)}\n${lines[i + 1] ?? ''}`, `${SITES_ENABLED}/${name}`));
  }
  return files;
}

/** Mode, owner, group and content of each wanted server block file (by file name), null when missing. */
export function serverBlocksFact(fileNames: readonly string[]): Fact<ReadonlyMap<string, RemoteFile | null>> {
  return {
    description: `server blocks ${fileNames.join(' ')}`,
    command:
      fileNames.length === 0
        ? sh`true`
        : sh`cd ${SITES_ENABLED} 2>/dev/null || exit 0
for phanes_file in ${[...fileNames]}; do
  if [ -f "$phanes_file" ]; then
    printf '%s %s\n' "$phanes_file" "$(stat -c '%a %U %G %s' "$phanes_file")"; base64 -w0 "$phanes_file"; echo
  else
    printf '%s\n\n' "$phanes_file"
  fi
done`,
    parse: (output) => parseServerBlocks(output),
  };
}
