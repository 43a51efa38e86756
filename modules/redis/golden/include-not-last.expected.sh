set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
sed -i '\#^include /etc/redis/phanes\.conf$#d' /etc/redis/redis.conf && printf '%s\n' 'include /etc/redis/phanes.conf' >> /etc/redis/redis.conf
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
systemctl restart redis-server
)