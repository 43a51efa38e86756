set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
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
cat /etc/rancher/k3s/k3s.yaml > "$wanted"
runuser -u ops -- sh -eu -c 'umask 077
mkdir -p "$1/.kube"
tmp=$(mktemp "$1/.kube/.config.XXXXXX")
trap '\''rm -f "$tmp"'\'' EXIT
cat > "$tmp"
mv -fT "$tmp" "$1/.kube/config"
trap - EXIT' sh "$home" < "$wanted"
)