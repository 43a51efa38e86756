set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
docker compose version >/dev/null 2>&1 || { echo 'coolify: Coolify needs the compose v2 plugin (docker compose); set docker.source: official' >&2; exit 1; }
engine=$(docker version --format '{{.Server.Version}}' 2>/dev/null || true)
major=$(printf '%s' "$engine" | cut -d. -f1)
[ "$major" -ge 24 ] 2>/dev/null || { echo "coolify: Coolify needs Docker 24 or newer; the engine reports: $engine (empty: not running)" >&2; exit 1; }
grep -q '"default-address-pools"' /etc/docker/daemon.json 2>/dev/null || { echo 'coolify: set docker.address_pools (Coolify wants [{base: 10.0.0.0/8, size: 24}]): without them its installer rewrites /etc/docker/daemon.json, which the docker module owns' >&2; exit 1; }
installer=$(mktemp)
trap 'rm -f "$installer"' EXIT
curl -fsSL --retry 3 -o "$installer" https://cdn.coollabs.io/coolify/install.sh
AUTOUPDATE=false bash "$installer" 4.0.0
)