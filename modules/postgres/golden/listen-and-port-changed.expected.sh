set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
rm -f /etc/postgresql/15/main/conf.d/.phanes-*-b6cab4e4
phanes_tmp=/etc/postgresql/15/main/conf.d/.phanes-$$-b6cab4e4
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown postgres:postgres "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' 'IyBXcml0dGVuIGJ5IFBoYW5lcyAocG9zdGdyZXMgbW9kdWxlKTogY2hhbmdlcyBoZXJlIGFyZSBvdmVyd3JpdHRlbi4KbGlzdGVuX2FkZHJlc3NlcyA9ICcqJwpwb3J0ID0gNTQzMwo=' | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/postgresql/15/main/conf.d/phanes.conf
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
systemctl try-restart postgresql@15-main
)