import type { Fact } from '../../src/facts/fact.js';
import type { Step } from '../../src/engine/step.js';
import { sh } from '../../src/shell/command.js';

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

/** Whether the keyring file exists and is not empty. */
export const keyringFact: Fact<boolean> = {
  description: `keyring ${TAILSCALE_REPOSITORY.keyring}`,
  command: sh`test -s ${TAILSCALE_REPOSITORY.keyring}`,
  sharesShell: true,
  parse: (_output, exitCode) => exitCode === 0,
};

/**
 * Downloads the signing key, refuses it unless its primary key's fingerprint is the pinned one (TLS alone
 * would trust whatever the download server hands out), and moves it into place. The key is served
 * unarmored, as apt reads it; gpg only reads it, with a throw-away home so root's own keyring is left alone.
 */
export function fetchKeyringStep(distribution: string, codename: string): Step {
  const { keyFingerprint, keyring } = TAILSCALE_REPOSITORY;
  const url = keyUrl(distribution, codename);
  return {
    kind: 'command',
    title: `Fetch Tailscale's signing key (fingerprint ${keyFingerprint})`,
    command: sh`phanes_key=$(mktemp ${`${keyring}.XXXXXX`}) && phanes_gnupg=$(mktemp -d)
trap 'rm -rf "$phanes_key" "$phanes_gnupg"' EXIT
curl -fsSL --proto '=https' -o "$phanes_key" ${url}
phanes_fingerprint=$(GNUPGHOME="$phanes_gnupg" gpg --show-keys --with-colons "$phanes_key" | awk -F: '$1 == "fpr" { print $10; exit }')
if [ "$phanes_fingerprint" != ${keyFingerprint} ]; then
  echo the key at ${url} has fingerprint "$phanes_fingerprint", not ${keyFingerprint}: not trusted >&2
  exit 1
fi
chmod 0644 "$phanes_key" && mv -f "$phanes_key" ${keyring}
trap - EXIT
rm -rf "$phanes_gnupg"`,
  };
}
