set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
tailscale up '--hostname=web-1' '--advertise-tags=tag:server,tag:prod' '--advertise-routes=10.0.0.0/24,fd00:1::/64' '--advertise-exit-node=false' '--accept-routes=true' '--ssh=true' '--timeout=60s'
)