set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
phanes_tmp=; trap '[ -z "$phanes_tmp" ] || rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
phanes_tmp=$(mktemp /srv/golden/.phanes-XXXXXX)
chown www-data:www-data "$phanes_tmp"
chmod 0600 "$phanes_tmp"
printf '%s' dG9rZW4gPSBhYmMK | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /srv/golden/secret.conf
trap - EXIT TERM
)