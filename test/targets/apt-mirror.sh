#!/usr/bin/env bash
# Prints the first Debian mirror URI of this machine's apt sources (deb822 or one-line), so images are built
# from the mirror this machine already uses and no mirror host is ever written into the repository.
set -euo pipefail
uri="$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | awk '{print $2}' | head -n 1 || true)"
if [ -z "$uri" ]; then
  uri="$(grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | grep -v security \
    | sed -E 's/^deb (\[[^]]*\] )?//' | awk '{print $1}' | head -n 1 || true)"
fi
[ -n "$uri" ] || { echo "no Debian mirror found in /etc/apt/sources.list or /etc/apt/sources.list.d/" >&2; exit 1; }
printf '%s\n' "$uri"
