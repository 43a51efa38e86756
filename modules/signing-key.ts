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
 * Downloads the signing key and refuses it unless it is exactly one key with the pinned fingerprint (TLS
 * alone would trust whatever the download server hands out, and apt trusts every key of a signed-by
 * keyring), then moves it into place. A failed download stops with curl's own message. gpg runs with a
 * throw-away home so root's own keyring is left alone.
 */
export function fetchSigningKeyStep(key: SigningKey): Step {
  const { url, fingerprint, keyring } = key;
  const store = key.armored ? sh`GNUPGHOME="$phanes_gnupg" gpg --dearmor < "$phanes_gnupg/download" > "$phanes_key"` : sh`cat "$phanes_gnupg/download" > "$phanes_key"`;
  return {
    kind: 'command',
    title: `Fetch ${key.owner} signing key (fingerprint ${fingerprint})`,
    command: sh`phanes_key=$(mktemp ${`${keyring}.XXXXXX`}) && phanes_gnupg=$(mktemp -d)
trap 'rm -rf "$phanes_key" "$phanes_gnupg"' EXIT
curl -fsSL --proto '=https' -o "$phanes_gnupg/download" ${url}
${store}
phanes_found=$(GNUPGHOME="$phanes_gnupg" gpg --show-keys --with-colons "$phanes_key" | awk -F: '$1 == "pub" { n++ } $1 == "fpr" && !seen[n]++ { printf "%s ", $10 }')
if [ "$phanes_found" != ${`${fingerprint} `} ]; then
  echo the key file at ${url} holds the keys "$phanes_found"but only ${fingerprint} is trusted: not used >&2
  exit 1
fi
chmod 0644 "$phanes_key" && mv -f "$phanes_key" ${keyring}
trap - EXIT
rm -rf "$phanes_gnupg"`,
  };
}
