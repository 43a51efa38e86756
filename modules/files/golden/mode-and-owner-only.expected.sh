set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
rm -f /srv/golden/.phanes-*-39418e0f
phanes_tmp=/srv/golden/.phanes-$$-39418e0f
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown www-data:www-data "$phanes_tmp"
chmod 0600 "$phanes_tmp"
printf '%s' dG9rZW4gPSBhYmMK | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /srv/golden/secret.conf
trap - EXIT TERM
)