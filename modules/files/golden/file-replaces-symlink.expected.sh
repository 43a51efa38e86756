set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
rm -f /srv/golden/.phanes-*-b1292a18
phanes_tmp=/srv/golden/.phanes-$$-b1292a18
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' YiA9IDIK | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /srv/golden/link.conf
trap - EXIT TERM
)