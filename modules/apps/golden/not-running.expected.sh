set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
cd /opt/apps/api
if docker compose version >/dev/null 2>&1; then docker compose -p api -f compose.yaml up -d --remove-orphans --pull always
else docker-compose -p api -f compose.yaml pull && docker-compose -p api -f compose.yaml up -d --remove-orphans; fi
i=0
while [ $i -lt 60 ] && docker ps -a --filter label=com.docker.compose.project=api --format '{{.Label "com.docker.compose.service"}}: {{.Status}}' | grep -q -E ': (Created|Restarting)|health: starting'; do sleep 2; i=$((i + 2)); done
)