set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
answer=$(printf '%s\n' *** 'CONFIG SET maxmemory 256mb maxmemory-policy allkeys-lru' | redis-cli -h 127.0.0.1 -p 6379 2>&1) || true
if [ "$(printf '%s\n' "$answer" | grep -v '^$' | tail -n 1)" != OK ]; then printf '%s refused the new settings: %s\n' redis-server "$answer" >&2; exit 1; fi
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
rm -f /etc/redis/.phanes-*-e0d99594
phanes_tmp=/etc/redis/.phanes-$$-e0d99594
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown redis:redis "$phanes_tmp"
chmod 0640 "$phanes_tmp"
printf '%s' *** | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/redis/phanes.conf
trap - EXIT TERM
)