set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
apt-get -q -y -o 'DPkg::Lock::Timeout=300' install --no-install-recommends tzdata
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
test -f /usr/share/zoneinfo/Europe/Berlin && ln -sfn /usr/share/zoneinfo/Europe/Berlin /etc/localtime && printf '%s
' Europe/Berlin > /etc/timezone
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
rm -f /etc/default/.phanes-*-3ef9f333
phanes_tmp=/etc/default/.phanes-$$-3ef9f333
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' 'IyBXcml0dGVuIGJ5IFBoYW5lcyAoYmFzZWxpbmUgbW9kdWxlKS4KTEFORz1DLlVURi04Cg==' | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/default/locale
trap - EXIT TERM
)