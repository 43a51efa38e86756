set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
cd /opt/apps/old
if docker compose version >/dev/null 2>&1; then docker compose -p old -f docker-compose.yml down --remove-orphans
else docker-compose -p old -f docker-compose.yml down --remove-orphans; fi
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
cd /opt/apps/old && rm -f -- conf/app.conf docker-compose.yml .env .phanes-manifest && { rmdir -- /opt/apps/old/conf /opt/apps/old 2>/dev/null || :; }
)