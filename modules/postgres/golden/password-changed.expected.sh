set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
printf '%s\n' 'ALTER ROLE "app" WITH LOGIN PASSWORD' *** ';' | runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p 5432 -d postgres
)