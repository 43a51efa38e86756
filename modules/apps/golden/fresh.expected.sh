set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
install -d -m 0755 /opt/apps
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
install -d -m 0755 /opt/apps/api
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
rm -f /opt/apps/api/.phanes-*-5db061ac
phanes_tmp=/opt/apps/api/.phanes-$$-5db061ac
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' 'c2VydmljZXM6CiAgYXBpOgogICAgaW1hZ2U6IGxvY2FsL2FwaToxCiAgICBlbnZpcm9ubWVudDoKICAgICAgVE9LRU46ICR7QVBJX1RPS0VOfQo=' | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /opt/apps/api/compose.yaml
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 3' >&2
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
printf '\n%s\n' '__PHANES_golden_STEP 4' >&2
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
printf '\n%s\n' '__PHANES_golden_STEP 5' >&2
(
cd /opt/apps/api
if docker compose version >/dev/null 2>&1; then docker compose -p api -f compose.yaml up -d --remove-orphans --pull always
else docker-compose -p api -f compose.yaml pull && docker-compose -p api -f compose.yaml up -d --remove-orphans; fi
i=0
while [ $i -lt 60 ] && docker ps -a --filter label=com.docker.compose.project=api --format '{{.Label "com.docker.compose.service"}}: {{.Status}}' | grep -q -E ': (Created|Restarting)|health: starting'; do sleep 2; i=$((i + 2)); done
)
printf '\n%s\n' '__PHANES_golden_STEP 6' >&2
(
install -d -m 0755 /opt/apps/web /opt/apps/web/html
)
printf '\n%s\n' '__PHANES_golden_STEP 7' >&2
(
rm -f /opt/apps/web/.phanes-*-415e48d8
phanes_tmp=/opt/apps/web/.phanes-$$-415e48d8
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' 'c2VydmljZXM6CiAgd2ViOgogICAgaW1hZ2U6IGxvY2FsL2h0dHBkOjEKICAgIHB1bGxfcG9saWN5OiBuZXZlcgogICAgZW52X2ZpbGU6IC5lbnYKICAgIHBvcnRzOgogICAgICAtICIxMjcuMC4wLjE6ODA4MDo4MDgwIgogICAgdm9sdW1lczoKICAgICAgLSAuL2h0bWw6L3d3dzpybwo=' | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /opt/apps/web/compose.yaml
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 8' >&2
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
printf '\n%s\n' '__PHANES_golden_STEP 9' >&2
(
rm -f /opt/apps/web/.phanes-*-206b1a59
phanes_tmp=/opt/apps/web/.phanes-$$-206b1a59
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0600 "$phanes_tmp"
printf '%s' *** | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /opt/apps/web/.env
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 10' >&2
(
rm -f /opt/apps/web/.phanes-*-4e1b0f58
phanes_tmp=/opt/apps/web/.phanes-$$-4e1b0f58
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0600 "$phanes_tmp"
printf '%s' *** | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /opt/apps/web/.phanes-manifest
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 11' >&2
(
cd /opt/apps/web
if docker compose version >/dev/null 2>&1; then docker compose -p web -f compose.yaml up -d --remove-orphans --pull never
else docker-compose -p web -f compose.yaml up -d --remove-orphans; fi
i=0
while [ $i -lt 60 ] && docker ps -a --filter label=com.docker.compose.project=web --format '{{.Label "com.docker.compose.service"}}: {{.Status}}' | grep -q -E ': (Created|Restarting)|health: starting'; do sleep 2; i=$((i + 2)); done
)