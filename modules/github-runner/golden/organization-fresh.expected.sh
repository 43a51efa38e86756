set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
apt-get -q -o 'DPkg::Lock::Timeout=300' update
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
apt-get -q -y -o 'DPkg::Lock::Timeout=300' install --no-install-recommends curl ca-certificates
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
useradd --system --create-home --shell /bin/bash runner
)
printf '\n%s\n' '__PHANES_golden_STEP 3' >&2
(
phanes_download=$(mktemp -d)
trap 'rm -rf "$phanes_download"' EXIT
curl -fsSL --proto '=https' --max-time 600 -o "$phanes_download/runner.tar.gz" https://mirror.example.com/actions-runner/v2.321.0/actions-runner-linux-x64-2.321.0.tar.gz
phanes_sum=$(sha256sum "$phanes_download/runner.tar.gz" | cut -d' ' -f1)
if [ "$phanes_sum" != 9c4f1bd7e0a8e2f3b6f5c8d7a9e1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3 ]; then
  echo the download from https://mirror.example.com/actions-runner/v2.321.0/actions-runner-linux-x64-2.321.0.tar.gz has SHA-256 "$phanes_sum", not the pinned 9c4f1bd7e0a8e2f3b6f5c8d7a9e1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3: not installed >&2
  exit 1
fi
install -d -o runner -g runner -m 0755 /srv/runner
runuser -u runner -- tar -xzf "$phanes_download/runner.tar.gz" -C /srv/runner < /dev/null
)
printf '\n%s\n' '__PHANES_golden_STEP 4' >&2
(
cd /srv/runner && ./bin/installdependencies.sh < /dev/null
)
printf '\n%s\n' '__PHANES_golden_STEP 5' >&2
(
cd /srv/runner
phanes_answer=$(printf 'Authorization: Bearer %s\n' *** | curl -fsS --proto '=https' --max-time 60 -X POST -H @- -H 'Accept: application/vnd.github+json' -H 'X-GitHub-Api-Version: 2022-11-28' https://ghe.example.com/api/v3/orgs/acme/actions/runners/registration-token) || {
  echo GitHub refused to create a registration token at https://ghe.example.com/api/v3/orgs/acme/actions/runners/registration-token: check that github-runner.token is valid and may administer the runners there >&2
  exit 1
}
ACTIONS_RUNNER_INPUT_TOKEN=$(printf '%s\n' "$phanes_answer" | sed -n 's/.*"token"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' | head -n 1)
if [ -z "$ACTIONS_RUNNER_INPUT_TOKEN" ]; then
  echo the answer of https://ghe.example.com/api/v3/orgs/acme/actions/runners/registration-token holds no token >&2
  exit 1
fi
export ACTIONS_RUNNER_INPUT_TOKEN
runuser -u runner -- ./config.sh --unattended --url https://ghe.example.com/acme --name build-01 --work _work --replace --disableupdate < /dev/null
)
printf '\n%s\n' '__PHANES_golden_STEP 6' >&2
(
rm -f /etc/systemd/system/.phanes-*-c07e1c6a
phanes_tmp=/etc/systemd/system/.phanes-$$-c07e1c6a
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' 'IyBXcml0dGVuIGJ5IFBoYW5lcyAoZ2l0aHViLXJ1bm5lciBtb2R1bGUpLgpbVW5pdF0KRGVzY3JpcHRpb249R2l0SHViIEFjdGlvbnMgcnVubmVyIChQaGFuZXMpCkFmdGVyPW5ldHdvcmstb25saW5lLnRhcmdldApXYW50cz1uZXR3b3JrLW9ubGluZS50YXJnZXQKCltTZXJ2aWNlXQpFeGVjU3RhcnQ9L3Nydi9ydW5uZXIvcnVuLnNoClVzZXI9cnVubmVyCldvcmtpbmdEaXJlY3Rvcnk9L3Nydi9ydW5uZXIKS2lsbE1vZGU9cHJvY2VzcwpLaWxsU2lnbmFsPVNJR1RFUk0KVGltZW91dFN0b3BTZWM9NW1pbgpSZXN0YXJ0PW9uLWZhaWx1cmUKUmVzdGFydFNlYz0xMAoKW0luc3RhbGxdCldhbnRlZEJ5PW11bHRpLXVzZXIudGFyZ2V0Cg==' | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/systemd/system/github-runner.service
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 7' >&2
(
systemctl daemon-reload
)
printf '\n%s\n' '__PHANES_golden_STEP 8' >&2
(
rm -f /srv/runner/.phanes-*-56316a0c
phanes_tmp=/srv/runner/.phanes-$$-56316a0c
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' 'ewogICJ2ZXJzaW9uIjogIjIuMzIxLjAiLAogICJzaGEyNTYiOiAiOWM0ZjFiZDdlMGE4ZTJmM2I2ZjVjOGQ3YTllMWIyYzNkNGU1ZjYwNzE4MjkzYTRiNWM2ZDdlOGY5MGExYjJjMyIsCiAgInVybCI6ICJodHRwczovL2doZS5leGFtcGxlLmNvbS9hY21lIiwKICAibmFtZSI6ICJidWlsZC0wMSIsCiAgImxhYmVscyI6IFtdLAogICJ1c2VyIjogInJ1bm5lciIKfQo=' | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /srv/runner/.phanes-runner.json
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 9' >&2
(
systemctl enable github-runner.service
)
printf '\n%s\n' '__PHANES_golden_STEP 10' >&2
(
systemctl restart github-runner.service
)