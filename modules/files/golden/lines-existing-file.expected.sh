set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
rm -f /srv/golden/.phanes-*-2c04775d
phanes_tmp=/srv/golden/.phanes-$$-2c04775d
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown www-data:www-data "$phanes_tmp"
chmod 0600 "$phanes_tmp"
printf '%s' 'I1Blcm1pdFJvb3RMb2dpbiB5ZXMKVXNlUEFNIHllcwpQZXJtaXRSb290TG9naW4gcHJvaGliaXQtcGFzc3dvcmQKUG9ydCAyMgpYMTFGb3J3YXJkaW5nIG5vCg==' | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /srv/golden/sshd_config
trap - EXIT TERM
)