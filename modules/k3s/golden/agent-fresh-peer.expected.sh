set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
mkdir -p /etc/rancher/k3s
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
rm -f /etc/rancher/k3s/.phanes-*-a23d8727
phanes_tmp=/etc/rancher/k3s/.phanes-$$-a23d8727
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0600 "$phanes_tmp"
printf '%s' *** | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/rancher/k3s/config.yaml
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
installer=$(mktemp)
trap 'rm -f "$installer"' EXIT
curl -fsSL --retry 3 -o "$installer" https://get.k3s.io
INSTALL_K3S_VERSION=v1.30.4+k3s1 INSTALL_K3S_EXEC=agent INSTALL_K3S_SKIP_START=true sh "$installer"
)
printf '\n%s\n' '__PHANES_golden_STEP 3' >&2
(
timeout 300 systemctl restart k3s-agent || { echo 'k3s: k3s-agent did not start within 300 s, or failed: see systemctl status k3s-agent and journalctl -u k3s-agent -n 50 (does https://10.0.0.11:6443 answer from this host, and is the token the server'\''s?)' >&2; exit 1; }
)