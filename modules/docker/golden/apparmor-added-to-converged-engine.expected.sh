set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
apt-get -q -o 'DPkg::Lock::Timeout=300' update
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
apt-get -q -y -o 'DPkg::Lock::Timeout=300' install --no-install-recommends apparmor
)