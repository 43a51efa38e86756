set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
phanes_key=$(mktemp /usr/share/keyrings/tailscale-archive-keyring.gpg.XXXXXX) && phanes_gnupg=$(mktemp -d)
trap 'rm -rf "$phanes_key" "$phanes_gnupg"' EXIT
curl -fsSL --proto '=https' -o "$phanes_gnupg/download" https://pkgs.tailscale.com/stable/ubuntu/noble.noarmor.gpg
cat "$phanes_gnupg/download" > "$phanes_key"
phanes_found=$(GNUPGHOME="$phanes_gnupg" gpg --show-keys --with-colons "$phanes_key" | awk -F: '$1 == "pub" { n++ } $1 == "fpr" && !seen[n]++ { printf "%s ", $10 }')
if [ "$phanes_found" != '2596A99EAAB33821893C0A79458CA832957F5868 ' ]; then
  echo the key file at https://pkgs.tailscale.com/stable/ubuntu/noble.noarmor.gpg holds the keys "$phanes_found"but only 2596A99EAAB33821893C0A79458CA832957F5868 is trusted: not used >&2
  exit 1
fi
chmod 0644 "$phanes_key" && mv -f "$phanes_key" /usr/share/keyrings/tailscale-archive-keyring.gpg
trap - EXIT
rm -rf "$phanes_gnupg"
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
rm -f /etc/apt/sources.list.d/.phanes-*-2c6bf8fd
phanes_tmp=/etc/apt/sources.list.d/.phanes-$$-2c6bf8fd
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' 'IyBXcml0dGVuIGJ5IFBoYW5lcyAodGFpbHNjYWxlIG1vZHVsZSkuCmRlYiBbYXJjaD1hcm02NCBzaWduZWQtYnk9L3Vzci9zaGFyZS9rZXlyaW5ncy90YWlsc2NhbGUtYXJjaGl2ZS1rZXlyaW5nLmdwZ10gaHR0cHM6Ly9wa2dzLnRhaWxzY2FsZS5jb20vc3RhYmxlL3VidW50dSBub2JsZSBtYWluCg==' | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/apt/sources.list.d/tailscale.list
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
apt-get -q -o 'DPkg::Lock::Timeout=300' update
)
printf '\n%s\n' '__PHANES_golden_STEP 3' >&2
(
apt-get -q -y -o 'DPkg::Lock::Timeout=300' install --no-install-recommends tailscale tailscale-archive-keyring
)
printf '\n%s\n' '__PHANES_golden_STEP 4' >&2
(
systemctl enable --now tailscaled.service
)
printf '\n%s\n' '__PHANES_golden_STEP 5' >&2
(
rm -f /run/.phanes-*-8631c81f
phanes_tmp=/run/.phanes-$$-8631c81f
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0600 "$phanes_tmp"
printf '%s' *** | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /run/phanes-tailscale-auth-key
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 6' >&2
(
phanes_key_file=/run/phanes-tailscale-auth-key
trap 'rm -f "$phanes_key_file"' EXIT; trap 'exit 143' TERM
tailscale up '--auth-key=file:/run/phanes-tailscale-auth-key' '--hostname=' '--advertise-tags=' '--advertise-routes=' '--advertise-exit-node=false' '--accept-routes=false' '--ssh=false' '--timeout=60s'
)