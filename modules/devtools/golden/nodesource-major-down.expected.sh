set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
rm -f /etc/apt/sources.list.d/.phanes-*-b5a69917
phanes_tmp=/etc/apt/sources.list.d/.phanes-$$-b5a69917
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' IyBXcml0dGVuIGJ5IFBoYW5lcyAoZGV2dG9vbHMgbW9kdWxlKS4KVHlwZXM6IGRlYgpVUklzOiBodHRwczovL2RlYi5ub2Rlc291cmNlLmNvbS9ub2RlXzIwLngKU3VpdGVzOiBub2Rpc3RybwpDb21wb25lbnRzOiBtYWluCkFyY2hpdGVjdHVyZXM6IGFtZDY0ClNpZ25lZC1CeTogL2V0Yy9hcHQva2V5cmluZ3Mvbm9kZXNvdXJjZS5hc2MK | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/apt/sources.list.d/nodesource.sources
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
apt-get -q -o 'DPkg::Lock::Timeout=300' update
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
apt-get -q -y -o 'DPkg::Lock::Timeout=300' install --no-install-recommends --allow-downgrades nodejs
)