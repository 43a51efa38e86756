set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
systemctl stop github-runner.service
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
phanes_download=$(mktemp -d)
trap 'rm -rf "$phanes_download"' EXIT
curl -fsSL --proto '=https' --max-time 600 -o "$phanes_download/runner.tar.gz" https://github.com/actions/runner/releases/download/v2.322.0/actions-runner-linux-x64-2.322.0.tar.gz
phanes_sum=$(sha256sum "$phanes_download/runner.tar.gz" | cut -d' ' -f1)
if [ "$phanes_sum" != 1f2e3d4c5b6a79880796a5b4c3d2e1f00112233445566778899aabbccddeeff0 ]; then
  echo the download from https://github.com/actions/runner/releases/download/v2.322.0/actions-runner-linux-x64-2.322.0.tar.gz has SHA-256 "$phanes_sum", not the pinned 1f2e3d4c5b6a79880796a5b4c3d2e1f00112233445566778899aabbccddeeff0: not installed >&2
  exit 1
fi
install -d -o github-runner -g github-runner -m 0755 /opt/actions-runner
runuser -u github-runner -- tar -xzf "$phanes_download/runner.tar.gz" -C /opt/actions-runner < /dev/null
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
cd /opt/actions-runner && ./bin/installdependencies.sh < /dev/null
)
printf '\n%s\n' '__PHANES_golden_STEP 3' >&2
(
rm -f /opt/actions-runner/.phanes-*-79570e2a
phanes_tmp=/opt/actions-runner/.phanes-$$-79570e2a
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' 'ewogICJ2ZXJzaW9uIjogIjIuMzIyLjAiLAogICJzaGEyNTYiOiAiMWYyZTNkNGM1YjZhNzk4ODA3OTZhNWI0YzNkMmUxZjAwMTEyMjMzNDQ1NTY2Nzc4ODk5YWFiYmNjZGRlZWZmMCIsCiAgInVybCI6ICJodHRwczovL2dpdGh1Yi5jb20vYWNtZS9kZXBsb3kiLAogICJuYW1lIjogImdvbGRlbiIsCiAgImxhYmVscyI6IFsKICAgICJkZXBsb3kiLAogICAgInByb2R1Y3Rpb24iCiAgXSwKICAidXNlciI6ICJnaXRodWItcnVubmVyIgp9Cg==' | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /opt/actions-runner/.phanes-runner.json
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 4' >&2
(
systemctl restart github-runner.service
)