set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
phanes_installer=$(mktemp -t netdata-kickstart.XXXXXX)
trap 'rm -f "$phanes_installer"' EXIT
curl -fsSL --proto '=https' -o "$phanes_installer" https://raw.githubusercontent.com/netdata/netdata/v1.44.3/packaging/installer/kickstart.sh
if [ "$(sha256sum "$phanes_installer" | cut -d ' ' -f 1)" != 0f1e4a1b7c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f ]; then
  echo https://raw.githubusercontent.com/netdata/netdata/v1.44.3/packaging/installer/kickstart.sh does not have the SHA-256 pinned in installer_sha256 >&2
  exit 1
fi
sh "$phanes_installer" --non-interactive --native-only --no-updates --disable-telemetry --install-version 1.44.3
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
rm -f /etc/netdata/.phanes-*-a7550715
phanes_tmp=/etc/netdata/.phanes-$$-a7550715
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' IyBXcml0dGVuIGJ5IFBoYW5lcyAobW9uaXRvcmluZyBtb2R1bGUpLiBDaGFuZ2VzIG1hZGUgaGVyZSBhcmUgb3ZlcndyaXR0ZW4uCiMgVGhlIGZ1bGwgY29uZmlndXJhdGlvbiB3aXRoIGV2ZXJ5IGRlZmF1bHQ6IGN1cmwgaHR0cDovLzEyNy4wLjAuMTpQT1JUL25ldGRhdGEuY29uZgpbZ2xvYmFsXQoJcnVuIGFzIHVzZXIgPSBuZXRkYXRhCgpbd2ViXQoJYmluZCB0byA9IDEyNy4wLjAuMToxOTk5OAoJZGVmYXVsdCBwb3J0ID0gMTk5OTgK | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/netdata/netdata.conf
trap - EXIT TERM
systemctl try-reload-or-restart netdata
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
systemctl enable --now netdata.service
)