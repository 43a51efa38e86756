set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
rm -f /etc/nginx/sites-enabled/default && nginx -t -q && systemctl reload-or-restart nginx
)