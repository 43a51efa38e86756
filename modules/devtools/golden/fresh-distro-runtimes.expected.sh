set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
apt-get -q -y -o 'DPkg::Lock::Timeout=300' install --no-install-recommends git build-essential python3 python3-venv python3-pip nodejs npm golang-go
)