set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
tailscale set '--hostname=web-2' '--advertise-routes=10.0.0.0/24' '--advertise-exit-node=true' '--ssh=false'
)