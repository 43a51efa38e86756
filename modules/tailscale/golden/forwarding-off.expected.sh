set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
sysctl -q -w 'net.ipv4.ip_forward=1' 'net.ipv6.conf.all.forwarding=1'
)