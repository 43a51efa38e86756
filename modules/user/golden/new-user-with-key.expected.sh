set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
for group in docker; do groupadd "$group"; done
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
useradd --create-home --user-group --shell /bin/bash --groups adm,docker alice
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
install -d -m 0700 -o alice -g alice /home/alice/.ssh
)
printf '\n%s\n' '__PHANES_golden_STEP 3' >&2
(
rm -f /home/alice/.ssh/.phanes-*-82d06e33
phanes_tmp=/home/alice/.ssh/.phanes-$$-82d06e33
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown alice:alice "$phanes_tmp"
chmod 0600 "$phanes_tmp"
printf '%s' 'c3NoLWVkMjU1MTkgQUFBQUMzTnphQzFsWkRJMU5URTVBQUFBSUdkTGRTZ09YYzN5dVh5YmFHQmo2N2Q2Q3p6TStpMlltbXgyNTFmcTVCZXcgYWxpY2VAbGFwdG9wCg==' | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /home/alice/.ssh/authorized_keys
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 4' >&2
(
rm -f /etc/sudoers.d/.phanes-*-0bc3a64a
phanes_tmp=/etc/sudoers.d/.phanes-$$-0bc3a64a
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0440 "$phanes_tmp"
printf '%s' 'IyBXcml0dGVuIGJ5IFBoYW5lcyAodXNlciBtb2R1bGUpLgphbGljZSBBTEw9KEFMTDpBTEwpIE5PUEFTU1dEOkFMTAo=' | base64 -d > "$phanes_tmp"
visudo -cqf "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/sudoers.d/90-phanes-alice
trap - EXIT TERM
)