set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
rm -f /etc/docker/.phanes-*-5a7b8c1b
phanes_tmp=/etc/docker/.phanes-$$-5a7b8c1b
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' ewogICJkZWZhdWx0LWFkZHJlc3MtcG9vbHMiOiBbCiAgICB7CiAgICAgICJiYXNlIjogIjEwLjAuMC4wLzgiLAogICAgICAic2l6ZSI6IDI0CiAgICB9CiAgXSwKICAibGl2ZS1yZXN0b3JlIjogdHJ1ZSwKICAibG9nLWRyaXZlciI6ICJqc29uLWZpbGUiLAogICJsb2ctb3B0cyI6IHsKICAgICJtYXgtZmlsZSI6ICIzIiwKICAgICJtYXgtc2l6ZSI6ICIxMG0iCiAgfSwKICAicmVnaXN0cnktbWlycm9ycyI6IFsKICAgICJodHRwczovL21pcnJvci5leGFtcGxlLm9yZyIKICBdCn0K | base64 -d > "$phanes_tmp"
if command -v dockerd >/dev/null && dockerd --help 2>/dev/null | grep -q -- --validate; then dockerd --validate --config-file "$phanes_tmp"; fi
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/docker/daemon.json
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
systemctl restart docker.service
)