import type { Fact } from '../../src/facts/fact.js';
import { sh } from '../../src/shell/command.js';

/** Coolify's own configuration, written by its installer: its presence means Coolify is installed. */
export const COOLIFY_ENV = '/data/coolify/source/.env';

/** What is on the host: nothing, or an installation whose version may be unknown (docker stopped, old .env). */
export type CoolifyInstallation = { readonly installed: false } | { readonly installed: true; readonly version: string | null };

/**
 * Parses three lines: `installed`, the coolify container's image (`docker.io/coollabsio/coolify:4.0.0-beta.420`,
 * '' when docker does not answer), and LATEST_IMAGE from the .env (the version the last upgrade asked for).
 * The running image wins: it is what serves.
 */
export function parseCoolifyInstallation(output: string): CoolifyInstallation {
  const [marker, image = '', fromEnv = ''] = output.split('\n');
  if (marker !== 'installed') return { installed: false };
  const tag = image.includes(':') ? image.slice(image.lastIndexOf(':') + 1).trim() : '';
  const version = tag || fromEnv.trim();
  return { installed: true, version: version || null };
}

export const coolifyInstallationFact: Fact<CoolifyInstallation> = {
  description: 'the Coolify installation',
  command: sh`[ -f ${COOLIFY_ENV} ] || exit 0
echo installed
image=$(timeout 10 docker inspect --format '{{.Config.Image}}' coolify 2>/dev/null) || image=
printf '%s\n' "$image"
sed -n 's/^LATEST_IMAGE=//p' ${COOLIFY_ENV} | head -n 1`,
  parse: (output) => parseCoolifyInstallation(output),
};
