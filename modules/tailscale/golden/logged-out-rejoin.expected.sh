set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
rm -f /run/.phanes-*-8631c81f
phanes_tmp=/run/.phanes-$$-8631c81f
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0600 "$phanes_tmp"
printf '%s' *** | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /run/phanes-tailscale-auth-key
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
phanes_key_file=/run/phanes-tailscale-auth-key
trap 'rm -f "$phanes_key_file"' EXIT; trap 'exit 143' TERM
tailscale up '--auth-key=file:/run/phanes-tailscale-auth-key' '--hostname=web-1' '--advertise-tags=tag:server,tag:web' '--advertise-routes=10.0.0.0/24,fd00:1::/64' '--advertise-exit-node=false' '--accept-routes=false' '--ssh=true' '--timeout=60s'
)