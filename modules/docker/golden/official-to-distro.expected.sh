set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
apt-get -q -y -o 'DPkg::Lock::Timeout=300' remove docker-ce docker-ce-cli containerd.io docker-buildx-plugin docker-compose-plugin docker-ce-rootless-extras
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
rm -f /etc/apt/sources.list.d/docker.sources /etc/apt/keyrings/docker.asc
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
apt-get -q -y -o 'DPkg::Lock::Timeout=300' install --no-install-recommends docker.io docker-compose
)