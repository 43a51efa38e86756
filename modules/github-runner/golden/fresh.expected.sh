set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
useradd --system --create-home --shell /bin/bash github-runner
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
phanes_download=$(mktemp -d)
trap 'rm -rf "$phanes_download"' EXIT
curl -fsSL --proto '=https' --max-time 600 -o "$phanes_download/runner.tar.gz" https://github.com/actions/runner/releases/download/v2.321.0/actions-runner-linux-x64-2.321.0.tar.gz
phanes_sum=$(sha256sum "$phanes_download/runner.tar.gz" | cut -d' ' -f1)
if [ "$phanes_sum" != 9c4f1bd7e0a8e2f3b6f5c8d7a9e1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3 ]; then
  echo the download from https://github.com/actions/runner/releases/download/v2.321.0/actions-runner-linux-x64-2.321.0.tar.gz has SHA-256 "$phanes_sum", not the pinned 9c4f1bd7e0a8e2f3b6f5c8d7a9e1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3: not installed >&2
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
cd /opt/actions-runner
phanes_answer=$(printf 'Authorization: Bearer %s\n' *** | curl -fsS --proto '=https' --max-time 60 -X POST -H @- -H 'Accept: application/vnd.github+json' -H 'X-GitHub-Api-Version: 2022-11-28' https://api.github.com/repos/acme/deploy/actions/runners/registration-token) || {
  echo GitHub refused to create a registration token at https://api.github.com/repos/acme/deploy/actions/runners/registration-token: check that github-runner.token is valid and may administer the runners there >&2
  exit 1
}
ACTIONS_RUNNER_INPUT_TOKEN=$(printf '%s\n' "$phanes_answer" | sed -n 's/.*"token"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' | head -n 1)
if [ -z "$ACTIONS_RUNNER_INPUT_TOKEN" ]; then
  echo the answer of https://api.github.com/repos/acme/deploy/actions/runners/registration-token holds no token >&2
  exit 1
fi
export ACTIONS_RUNNER_INPUT_TOKEN
runuser -u github-runner -- ./config.sh --unattended --url https://github.com/acme/deploy --name golden --labels deploy,production --work _work --replace --disableupdate < /dev/null
)
printf '\n%s\n' '__PHANES_golden_STEP 4' >&2
(
rm -f /etc/systemd/system/.phanes-*-c07e1c6a
phanes_tmp=/etc/systemd/system/.phanes-$$-c07e1c6a
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' IyBXcml0dGVuIGJ5IFBoYW5lcyAoZ2l0aHViLXJ1bm5lciBtb2R1bGUpLgpbVW5pdF0KRGVzY3JpcHRpb249R2l0SHViIEFjdGlvbnMgcnVubmVyIChQaGFuZXMpCkFmdGVyPW5ldHdvcmstb25saW5lLnRhcmdldApXYW50cz1uZXR3b3JrLW9ubGluZS50YXJnZXQKCltTZXJ2aWNlXQpFeGVjU3RhcnQ9L29wdC9hY3Rpb25zLXJ1bm5lci9ydW4uc2gKVXNlcj1naXRodWItcnVubmVyCldvcmtpbmdEaXJlY3Rvcnk9L29wdC9hY3Rpb25zLXJ1bm5lcgpLaWxsTW9kZT1wcm9jZXNzCktpbGxTaWduYWw9U0lHVEVSTQpUaW1lb3V0U3RvcFNlYz01bWluClJlc3RhcnQ9b24tZmFpbHVyZQpSZXN0YXJ0U2VjPTEwCgpbSW5zdGFsbF0KV2FudGVkQnk9bXVsdGktdXNlci50YXJnZXQK | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/systemd/system/github-runner.service
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 5' >&2
(
systemctl daemon-reload
)
printf '\n%s\n' '__PHANES_golden_STEP 6' >&2
(
rm -f /opt/actions-runner/.phanes-*-79570e2a
phanes_tmp=/opt/actions-runner/.phanes-$$-79570e2a
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' 'ewogICJ2ZXJzaW9uIjogIjIuMzIxLjAiLAogICJzaGEyNTYiOiAiOWM0ZjFiZDdlMGE4ZTJmM2I2ZjVjOGQ3YTllMWIyYzNkNGU1ZjYwNzE4MjkzYTRiNWM2ZDdlOGY5MGExYjJjMyIsCiAgInVybCI6ICJodHRwczovL2dpdGh1Yi5jb20vYWNtZS9kZXBsb3kiLAogICJuYW1lIjogImdvbGRlbiIsCiAgImxhYmVscyI6IFsKICAgICJkZXBsb3kiLAogICAgInByb2R1Y3Rpb24iCiAgXSwKICAidXNlciI6ICJnaXRodWItcnVubmVyIgp9Cg==' | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /opt/actions-runner/.phanes-runner.json
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 7' >&2
(
systemctl enable github-runner.service
)
printf '\n%s\n' '__PHANES_golden_STEP 8' >&2
(
systemctl restart github-runner.service
)