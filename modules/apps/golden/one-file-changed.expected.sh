set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
rm -f /opt/apps/web/html/.phanes-*-85bf046d
phanes_tmp=/opt/apps/web/html/.phanes-$$-85bf046d
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' PGgxPkhlbGxvIGZyb20gd2ViPC9oMT4K | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /opt/apps/web/html/index.html
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
cd /opt/apps/web
if docker compose version >/dev/null 2>&1; then docker compose -p web -f compose.yaml up -d --remove-orphans --pull never
else docker-compose -p web -f compose.yaml up -d --remove-orphans; fi
i=0
while [ $i -lt 60 ] && docker ps -a --filter label=com.docker.compose.project=web --format '{{.Label "com.docker.compose.service"}}: {{.Status}}' | grep -q -E ': (Created|Restarting)|health: starting'; do sleep 2; i=$((i + 2)); done
)