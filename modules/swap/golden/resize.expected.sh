set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
swapoff /swapfile
rm -f /swapfile
if ! { fallocate -l 2147483648 /swapfile && chmod 600 /swapfile && mkswap /swapfile >/dev/null && swapon /swapfile; }; then
  rm -f /swapfile
  dd if=/dev/zero of=/swapfile bs=1M count=2048 status=none
  chmod 600 /swapfile
  mkswap /swapfile >/dev/null
  swapon /swapfile
fi
)