set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
phanes_key=$(mktemp /usr/share/keyrings/caddy-stable-archive-keyring.gpg.XXXXXX) && phanes_gnupg=$(mktemp -d)
trap 'rm -rf "$phanes_key" "$phanes_gnupg"' EXIT
curl -fsSL --proto '=https' -o "$phanes_gnupg/download" https://dl.cloudsmith.io/public/caddy/stable/gpg.key
GNUPGHOME="$phanes_gnupg" gpg --dearmor < "$phanes_gnupg/download" > "$phanes_key"
phanes_found=$(GNUPGHOME="$phanes_gnupg" gpg --show-keys --with-colons "$phanes_key" | awk -F: '$1 == "pub" { n++ } $1 == "fpr" && !seen[n]++ { printf "%s ", $10 }')
if [ "$phanes_found" != '65760C51EDEA2017CEA2CA15155B6D79CA56EA34 ' ]; then
  echo the key file at https://dl.cloudsmith.io/public/caddy/stable/gpg.key holds the keys "$phanes_found"but only 65760C51EDEA2017CEA2CA15155B6D79CA56EA34 is trusted: not used >&2
  exit 1
fi
chmod 0644 "$phanes_key" && mv -f "$phanes_key" /usr/share/keyrings/caddy-stable-archive-keyring.gpg
trap - EXIT
rm -rf "$phanes_gnupg"
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
rm -f /etc/apt/sources.list.d/.phanes-*-271affca
phanes_tmp=/etc/apt/sources.list.d/.phanes-$$-271affca
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' IyBXcml0dGVuIGJ5IFBoYW5lcyAoY2FkZHkgbW9kdWxlKS4KZGViIFthcmNoPWFtZDY0IHNpZ25lZC1ieT0vdXNyL3NoYXJlL2tleXJpbmdzL2NhZGR5LXN0YWJsZS1hcmNoaXZlLWtleXJpbmcuZ3BnXSBodHRwczovL2RsLmNsb3Vkc21pdGguaW8vcHVibGljL2NhZGR5L3N0YWJsZS9kZWIvZGViaWFuIGFueS12ZXJzaW9uIG1haW4K | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/apt/sources.list.d/caddy-stable.list
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
apt-get -q -o 'DPkg::Lock::Timeout=300' update
)
printf '\n%s\n' '__PHANES_golden_STEP 3' >&2
(
apt-get -q -y -o 'DPkg::Lock::Timeout=300' install --no-install-recommends caddy
)
printf '\n%s\n' '__PHANES_golden_STEP 4' >&2
(
rm -f /etc/caddy/.phanes-*-98336a15
phanes_tmp=/etc/caddy/.phanes-$$-98336a15
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' 'IyBXcml0dGVuIGJ5IFBoYW5lcyAoY2FkZHkgbW9kdWxlKS4gQ2hhbmdlcyBtYWRlIGhlcmUgYXJlIG92ZXJ3cml0dGVuLgoKewoJZW1haWwgb3BzQGV4YW1wbGUuY29tCn0KCmV4YW1wbGUuY29tIHsKCXJldmVyc2VfcHJveHkgMTI3LjAuMC4xOjMwMDAKfQoKOjgwIHsKCXJvb3QgKiAvdXNyL3NoYXJlL2NhZGR5CglmaWxlX3NlcnZlcgp9Cg==' | base64 -d > "$phanes_tmp"
caddy validate --config "$phanes_tmp" --adapter caddyfile
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/caddy/Caddyfile
trap - EXIT TERM
systemctl try-reload-or-restart caddy
)
printf '\n%s\n' '__PHANES_golden_STEP 5' >&2
(
systemctl enable --now caddy.service
)