import type { Fact } from '../../src/facts/fact.js';
import type { Step } from '../../src/engine/step.js';
import { sh } from '../../src/shell/command.js';

/**
 * Caddy's apt repository, as Caddy's install page sets it up. The same paths as there, so a host set up by
 * hand before converges instead of getting a second source for one repository (apt refuses two sources
 * with different Signed-By keys for the same URL).
 */
export const CADDY_REPOSITORY = {
  url: 'https://dl.cloudsmith.io/public/caddy/stable/deb/debian',
  suite: 'any-version',
  component: 'main',
  keyUrl: 'https://dl.cloudsmith.io/public/caddy/stable/gpg.key',
  /** The primary key "Caddy Web Server <contact@caddyserver.com>"; the repository signs with a subkey of it. */
  keyFingerprint: '65760C51EDEA2017CEA2CA15155B6D79CA56EA34',
  keyring: '/usr/share/keyrings/caddy-stable-archive-keyring.gpg',
  sourcesList: '/etc/apt/sources.list.d/caddy-stable.list',
} as const;

/** One-line source, signed-by the keyring and pinned to the host's architecture. */
export function caddySourcesList(architecture: string): string {
  const { url, suite, component, keyring } = CADDY_REPOSITORY;
  return `# Written by Phanes (caddy module).\ndeb [arch=${architecture} signed-by=${keyring}] ${url} ${suite} ${component}\n`;
}

/** dpkg's name for the host's architecture (amd64, arm64, ...). */
export const architectureFact: Fact<string> = {
  description: 'dpkg architecture',
  command: sh`dpkg --print-architecture`,
  parse: (output) => output.trim(),
};

/** Whether the keyring file exists and is not empty. */
export const keyringFact: Fact<boolean> = {
  description: `keyring ${CADDY_REPOSITORY.keyring}`,
  command: sh`test -s ${CADDY_REPOSITORY.keyring}`,
  parse: (_output, exitCode) => exitCode === 0,
};

/**
 * Downloads the signing key, refuses it unless its fingerprint is the pinned one (TLS alone would trust
 * whatever the download server hands out), and moves it into place. gpg runs with a throw-away home so
 * root's own keyring is left alone.
 */
export function fetchKeyringStep(): Step {
  const { keyUrl, keyFingerprint, keyring } = CADDY_REPOSITORY;
  return {
    kind: 'command',
    title: `Fetch Caddy's signing key (fingerprint ${keyFingerprint})`,
    command: sh`phanes_key=$(mktemp ${`${keyring}.XXXXXX`}) && phanes_gnupg=$(mktemp -d)
trap 'rm -rf "$phanes_key" "$phanes_gnupg"' EXIT
curl -fsSL --proto '=https' ${keyUrl} | gpg --dearmor > "$phanes_key"
phanes_fingerprint=$(GNUPGHOME="$phanes_gnupg" gpg --show-keys --with-colons "$phanes_key" | awk -F: '$1 == "fpr" { print $10; exit }')
if [ "$phanes_fingerprint" != ${keyFingerprint} ]; then
  echo the key at ${keyUrl} has fingerprint "$phanes_fingerprint", not ${keyFingerprint}: not trusted >&2
  exit 1
fi
chmod 0644 "$phanes_key" && mv -f "$phanes_key" ${keyring}
trap - EXIT
rm -rf "$phanes_gnupg"`,
  };
}
