set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
rm -f /etc/sudoers.d/.phanes-*-0bc3a64a
phanes_tmp=/etc/sudoers.d/.phanes-$$-0bc3a64a
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0440 "$phanes_tmp"
printf '%s' 'IyBXcml0dGVuIGJ5IFBoYW5lcyAodXNlciBtb2R1bGUpLgphbGljZSBBTEw9KEFMTDpBTEwpIEFMTAo=' | base64 -d > "$phanes_tmp"
visudo -cqf "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/sudoers.d/90-phanes-alice
trap - EXIT TERM
)