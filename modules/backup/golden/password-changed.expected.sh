set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
rm -f /etc/phanes-backup/.phanes-*-9cb1eb29
phanes_tmp=/etc/phanes-backup/.phanes-$$-9cb1eb29
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0600 "$phanes_tmp"
printf '%s' *** | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/phanes-backup/password.new
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
if ! /usr/local/sbin/phanes-backup --password-file /etc/phanes-backup/password.new cat config >/dev/null 2>&1; then /usr/local/sbin/phanes-backup key passwd --new-password-file /etc/phanes-backup/password.new; fi
mv -f /etc/phanes-backup/password.new /etc/phanes-backup/password
)