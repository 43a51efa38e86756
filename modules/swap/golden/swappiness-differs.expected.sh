set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
rm -f /etc/sysctl.d/.phanes-*-97cb09ee
phanes_tmp=/etc/sysctl.d/.phanes-$$-97cb09ee
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' IyBXcml0dGVuIGJ5IFBoYW5lcyAoc3dhcCBtb2R1bGUpLgp2bS5zd2FwcGluZXNzID0gMzAK | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/sysctl.d/60-phanes-swap.conf
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
sysctl -q -w 'vm.swappiness=30'
)