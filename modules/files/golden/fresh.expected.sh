set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
mkdir -p /srv/golden/app && chown root:www-data /srv/golden/app && chmod 02750 /srv/golden/app
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
mkdir -p /srv/golden/app/conf.d && chown root:root /srv/golden/app/conf.d && chmod 00755 /srv/golden/app/conf.d
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
rm -f /srv/golden/app/.phanes-*-58faadfc
phanes_tmp=/srv/golden/app/.phanes-$$-58faadfc
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:www-data "$phanes_tmp"
chmod 0640 "$phanes_tmp"
printf '%s' 'V2VsY29tZSB0byBhcHAuCkJlIG5pY2UuCg==' | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /srv/golden/app/motd
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 3' >&2
(
rm -f /srv/golden/app/.phanes-*-90bc192a
phanes_tmp=/srv/golden/app/.phanes-$$-90bc192a
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' 'bGlzdGVuID0gODA4MAp3b3JrZXJzID0gNAo=' | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /srv/golden/app/app.conf
trap - EXIT TERM
)