
/**
 * Tailscale's apt repository, at the paths Tailscale's own installer (scripts/installer.sh) uses, so a host
 * set up by hand converges instead of getting a second source: the keyring
 * /usr/share/keyrings/tailscale-archive-keyring.gpg (later owned and kept current by the
 * tailscale-archive-keyring package) and the list /etc/apt/sources.list.d/tailscale.list.
 */
export const TAILSCALE_REPOSITORY = {
  host: 'pkgs.tailscale.com',
  track: 'stable',
  component: 'main',
  /** "Tailscale Inc. (Package repository signing key)"; apt's NO_PUBKEY names it 458CA832957F5868. */
  keyFingerprint: '2596A99EAAB33821893C0A79458CA832957F5868',
  keyring: '/usr/share/keyrings/tailscale-archive-keyring.gpg',
  sourcesList: '/etc/apt/sources.list.d/tailscale.list',
} as const;

/** The distributions the repository has packages for, as /etc/os-release's ID names them. */
export const TAILSCALE_DISTRIBUTIONS: ReadonlySet<string> = new Set(['debian', 'ubuntu']);

/** The repository's URL for a distribution (debian, ubuntu). */
function repositoryUrl(distribution: string): string {
  const { host, track } = TAILSCALE_REPOSITORY;
  return `https://${host}/${track}/${distribution}`;
}

/** The binary (not armored) key the installer fetches for a distribution and codename. */
export function keyUrl(distribution: string, codename: string): string {
  return `${repositoryUrl(distribution)}/${codename}.noarmor.gpg`;
}

/** First line of the list Phanes writes. */
export const SOURCES_HEADER = '# Written by Phanes (tailscale module).';

/** The installer's one-line source, signed-by the keyring, pinned to the host's architecture. */
export function tailscaleSourcesList(distribution: string, codename: string, architecture: string): string {
  const { component, keyring } = TAILSCALE_REPOSITORY;
  return `${SOURCES_HEADER}\ndeb [arch=${architecture} signed-by=${keyring}] ${repositoryUrl(distribution)} ${codename} ${component}\n`;
}
