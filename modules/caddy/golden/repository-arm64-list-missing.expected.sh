set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
rm -f /etc/apt/sources.list.d/.phanes-*-271affca
phanes_tmp=/etc/apt/sources.list.d/.phanes-$$-271affca
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' IyBXcml0dGVuIGJ5IFBoYW5lcyAoY2FkZHkgbW9kdWxlKS4KZGViIFthcmNoPWFybTY0IHNpZ25lZC1ieT0vdXNyL3NoYXJlL2tleXJpbmdzL2NhZGR5LXN0YWJsZS1hcmNoaXZlLWtleXJpbmcuZ3BnXSBodHRwczovL2RsLmNsb3Vkc21pdGguaW8vcHVibGljL2NhZGR5L3N0YWJsZS9kZWIvZGViaWFuIGFueS12ZXJzaW9uIG1haW4K | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/apt/sources.list.d/caddy-stable.list
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
apt-get -q -o 'DPkg::Lock::Timeout=300' update
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
apt-get -q -y -o 'DPkg::Lock::Timeout=300' install --no-install-recommends caddy
)