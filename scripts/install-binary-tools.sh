#!/usr/bin/env bash
# What `npm run build:binary` needs besides Node and npm, from Debian's packages (run as root):
# strip for both architectures, and qemu-user with the arm64 runtime libraries, to make the arm64 executable's
# code cache with the arm64 Node and to run that executable in tests.
set -euo pipefail
packages=(binutils binutils-aarch64-linux-gnu qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross)
missing=()
for p in "${packages[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "binary tools: installing ${missing[*]} from Debian's packages"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
