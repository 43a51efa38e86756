set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
rm -f /etc/sysctl.d/60-phanes-tailscale.conf
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
tailscale set '--advertise-routes=' '--advertise-exit-node=false'
)