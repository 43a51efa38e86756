set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
apt-get -q -y -o 'DPkg::Lock::Timeout=300' install --no-install-recommends caddy
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
rm -f /etc/caddy/.phanes-*-98336a15
phanes_tmp=/etc/caddy/.phanes-$$-98336a15
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' 'IyBXcml0dGVuIGJ5IFBoYW5lcyAoY2FkZHkgbW9kdWxlKS4gQ2hhbmdlcyBtYWRlIGhlcmUgYXJlIG92ZXJ3cml0dGVuLgoKOjgwIHsKCXJvb3QgKiAvdmFyL3d3dy9zaXRlCglmaWxlX3NlcnZlcgp9Cgo6ODA4MCB7CglyZXZlcnNlX3Byb3h5IDEyNy4wLjAuMTo4MAp9Cg==' | base64 -d > "$phanes_tmp"
caddy validate --config "$phanes_tmp" --adapter caddyfile
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/caddy/Caddyfile
trap - EXIT TERM
systemctl try-reload-or-restart caddy
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
systemctl enable --now caddy.service
)