set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
rm -f /etc/apt/sources.list.d/.phanes-*-2c6bf8fd
phanes_tmp=/etc/apt/sources.list.d/.phanes-$$-2c6bf8fd
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' 'IyBXcml0dGVuIGJ5IFBoYW5lcyAodGFpbHNjYWxlIG1vZHVsZSkuCmRlYiBbYXJjaD1hbWQ2NCBzaWduZWQtYnk9L3Vzci9zaGFyZS9rZXlyaW5ncy90YWlsc2NhbGUtYXJjaGl2ZS1rZXlyaW5nLmdwZ10gaHR0cHM6Ly9wa2dzLnRhaWxzY2FsZS5jb20vc3RhYmxlL2RlYmlhbiBib29rd29ybSBtYWluCg==' | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/apt/sources.list.d/tailscale.list
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
apt-get -q -o 'DPkg::Lock::Timeout=300' update
)