set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
install -d -m 0755 /etc/docker
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
rm -f /etc/docker/.phanes-*-5a7b8c1b
phanes_tmp=/etc/docker/.phanes-$$-5a7b8c1b
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' ewogICJsb2ctZHJpdmVyIjogImpzb24tZmlsZSIsCiAgImxvZy1vcHRzIjogewogICAgIm1heC1maWxlIjogIjMiLAogICAgIm1heC1zaXplIjogIjEwbSIKICB9Cn0K | base64 -d > "$phanes_tmp"
if command -v dockerd >/dev/null && dockerd --help 2>/dev/null | grep -q -- --validate; then dockerd --validate --config-file "$phanes_tmp"; fi
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/docker/daemon.json
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
apt-get -q -y -o 'DPkg::Lock::Timeout=300' install --no-install-recommends docker.io docker-compose
)
printf '\n%s\n' '__PHANES_golden_STEP 3' >&2
(
usermod --append --groups docker ops
)