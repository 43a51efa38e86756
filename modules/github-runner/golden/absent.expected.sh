set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
systemctl stop github-runner.service
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
cd /opt/actions-runner
phanes_answer=$(printf 'Authorization: Bearer %s\n' *** | curl -fsS --proto '=https' --max-time 60 -X POST -H @- -H 'Accept: application/vnd.github+json' -H 'X-GitHub-Api-Version: 2022-11-28' https://api.github.com/repos/acme/deploy/actions/runners/remove-token) || {
  echo GitHub refused to create a removal token at https://api.github.com/repos/acme/deploy/actions/runners/remove-token: check that github-runner.token is valid and may administer the runners there >&2
  exit 1
}
ACTIONS_RUNNER_INPUT_TOKEN=$(printf '%s\n' "$phanes_answer" | sed -n 's/.*"token"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' | head -n 1)
if [ -z "$ACTIONS_RUNNER_INPUT_TOKEN" ]; then
  echo the answer of https://api.github.com/repos/acme/deploy/actions/runners/remove-token holds no token >&2
  exit 1
fi
export ACTIONS_RUNNER_INPUT_TOKEN
runuser -u github-runner -- ./config.sh remove < /dev/null
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
systemctl disable github-runner.service || true
rm -f /etc/systemd/system/github-runner.service
systemctl daemon-reload
)
printf '\n%s\n' '__PHANES_golden_STEP 3' >&2
(
rm -rf /opt/actions-runner
)