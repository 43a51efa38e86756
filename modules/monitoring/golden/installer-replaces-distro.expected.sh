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
sh "$phanes_installer" --non-interactive --native-only --no-updates --disable-telemetry --reinstall --install-version 1.44.3
)