import type { Fact } from '../src/facts/fact.js';
import type { Step } from '../src/engine/step.js';
import { sh } from '../src/shell/command.js';

/** An apt repository's signing key: where it is served, in which form, its pinned fingerprint, where apt reads it. */
export interface SigningKey {
  /** Whose key, for the step's title (e.g. Caddy's). */
  readonly owner: string;
  readonly url: string;
  /** ASCII-armored keys are dearmored on the way in; binary ones are stored as served. */
  readonly armored: boolean;
  /** The primary key's fingerprint: the key is refused unless it matches. */
  readonly fingerprint: string;
  readonly keyring: string;
}

/** Whether the keyring file exists and is not empty. */
export function keyringFact(keyring: string): Fact<boolean> {
  return {
    description: `keyring ${keyring}`,
    command: sh`test -s ${keyring}`,
    sharesShell: true,
    parse: (_output, exitCode) => exitCode === 0,
  };
}

/**
 * Downloads the signing key, refuses it unless its fingerprint is the pinned one (TLS alone would trust
 * whatever the download server hands out), and moves it into place. gpg runs with a throw-away home so
 * root's own keyring is left alone.
 */
export function fetchSigningKeyStep(key: SigningKey): Step {
  const { url, fingerprint, keyring } = key;
  const download = key.armored ? sh`curl -fsSL --proto '=https' ${url} | gpg --dearmor > "$phanes_key"` : sh`curl -fsSL --proto '=https' -o "$phanes_key" ${url}`;
  return {
    kind: 'command',
    title: `Fetch ${key.owner} signing key (fingerprint ${fingerprint})`,
    command: sh`phanes_key=$(mktemp ${`${keyring}.XXXXXX`}) && phanes_gnupg=$(mktemp -d)
trap 'rm -rf "$phanes_key" "$phanes_gnupg"' EXIT
${download}
phanes_fingerprint=$(GNUPGHOME="$phanes_gnupg" gpg --show-keys --with-colons "$phanes_key" | awk -F: '$1 == "fpr" { print $10; exit }')
if [ "$phanes_fingerprint" != ${fingerprint} ]; then
  echo the key at ${url} has fingerprint "$phanes_fingerprint", not ${fingerprint}: not trusted >&2
  exit 1
fi
chmod 0644 "$phanes_key" && mv -f "$phanes_key" ${keyring}
trap - EXIT
rm -rf "$phanes_gnupg"`,
  };
}
