set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
rm -f /etc/sysctl.d/.phanes-*-2b90b774
phanes_tmp=/etc/sysctl.d/.phanes-$$-2b90b774
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' 'IyBXcml0dGVuIGJ5IFBoYW5lcyAodGFpbHNjYWxlIG1vZHVsZSk6IHN1Ym5ldCByb3V0ZXMgYW5kIGV4aXQgbm9kZXMgZm9yd2FyZCBwYWNrZXRzLgpuZXQuaXB2NC5pcF9mb3J3YXJkID0gMQo=' | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/sysctl.d/60-phanes-tailscale.conf
trap - EXIT TERM
)