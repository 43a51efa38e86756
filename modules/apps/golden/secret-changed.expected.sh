set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
rm -f /opt/apps/api/.phanes-*-07cc1351
phanes_tmp=/opt/apps/api/.phanes-$$-07cc1351
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0600 "$phanes_tmp"
printf '%s' *** | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /opt/apps/api/.env
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
rm -f /opt/apps/api/.phanes-*-ac37bf26
phanes_tmp=/opt/apps/api/.phanes-$$-ac37bf26
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0600 "$phanes_tmp"
printf '%s' *** | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /opt/apps/api/.phanes-manifest
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
cd /opt/apps/api
if docker compose version >/dev/null 2>&1; then docker compose -p api -f compose.yaml up -d --remove-orphans --pull always
else docker-compose -p api -f compose.yaml pull && docker-compose -p api -f compose.yaml up -d --remove-orphans; fi
i=0
while [ $i -lt 60 ] && docker ps -a --filter label=com.docker.compose.project=api --format '{{.Label "com.docker.compose.service"}}: {{.Status}}' | grep -q -E ': (Created|Restarting)|health: starting'; do sleep 2; i=$((i + 2)); done
)