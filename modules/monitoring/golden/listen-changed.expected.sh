set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
rm -f /etc/netdata/.phanes-*-a7550715
phanes_tmp=/etc/netdata/.phanes-$$-a7550715
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' 'IyBXcml0dGVuIGJ5IFBoYW5lcyAobW9uaXRvcmluZyBtb2R1bGUpLiBDaGFuZ2VzIG1hZGUgaGVyZSBhcmUgb3ZlcndyaXR0ZW4uCiMgVGhlIGZ1bGwgY29uZmlndXJhdGlvbiB3aXRoIGV2ZXJ5IGRlZmF1bHQ6IGN1cmwgaHR0cDovLzEyNy4wLjAuMTpQT1JUL25ldGRhdGEuY29uZgpbZ2xvYmFsXQoJcnVuIGFzIHVzZXIgPSBuZXRkYXRhCgpbd2ViXQoJYmluZCB0byA9ICo6MTk5OTkKCWRlZmF1bHQgcG9ydCA9IDE5OTk5Cg==' | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/netdata/netdata.conf
trap - EXIT TERM
systemctl try-reload-or-restart netdata
)