set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
rm -f /swapfile
if ! { fallocate -l 1073741824 /swapfile && chmod 600 /swapfile && mkswap /swapfile >/dev/null && swapon /swapfile; }; then
  rm -f /swapfile
  dd if=/dev/zero of=/swapfile bs=1M count=1024 status=none
  chmod 600 /swapfile
  mkswap /swapfile >/dev/null
  swapon /swapfile
fi
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
printf '%s none swap sw 0 0\n' /swapfile >> /etc/fstab
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
rm -f /etc/sysctl.d/.phanes-*-97cb09ee
phanes_tmp=/etc/sysctl.d/.phanes-$$-97cb09ee
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' IyBXcml0dGVuIGJ5IFBoYW5lcyAoc3dhcCBtb2R1bGUpLgp2bS5zd2FwcGluZXNzID0gMTAK | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/sysctl.d/60-phanes-swap.conf
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 3' >&2
(
sysctl -q -w 'vm.swappiness=10'
)