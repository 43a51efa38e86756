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
INSTALL_K3S_VERSION=v1.30.4+k3s1 INSTALL_K3S_EXEC=server INSTALL_K3S_SKIP_START=true sh "$installer"
)
printf '\n%s\n' '__PHANES_golden_STEP 3' >&2
(
timeout 300 systemctl restart k3s || { echo 'k3s: k3s did not start within 300 s, or failed: see systemctl status k3s and journalctl -u k3s -n 50' >&2; exit 1; }
)
printf '\n%s\n' '__PHANES_golden_STEP 4' >&2
(
home=$(getent passwd ops | cut -d: -f6)
if [ -z "$home" ]; then echo 'k3s: there is no user ops on this host: create it (the user module) or change k3s.kubeconfig_user' >&2; exit 1; fi
waited=0
until [ -f /etc/rancher/k3s/k3s.yaml ]; do
  if [ "$waited" -ge 60 ]; then echo 'k3s: /etc/rancher/k3s/k3s.yaml did not appear within 60 s: see journalctl -u k3s -n 50' >&2; exit 1; fi
  sleep 1
  waited=$((waited + 1))
done
wanted=$(mktemp)
trap 'rm -f "$wanted"' EXIT
sed -e 's#^\([[:space:]]*server:\).*#\1 https://k3s.example.net:6443#' /etc/rancher/k3s/k3s.yaml > "$wanted"
runuser -u ops -- sh -eu -c 'umask 077
mkdir -p "$1/.kube"
tmp=$(mktemp "$1/.kube/.config.XXXXXX")
trap '\''rm -f "$tmp"'\'' EXIT
cat > "$tmp"
mv -fT "$tmp" "$1/.kube/config"
trap - EXIT' sh "$home" < "$wanted"
)