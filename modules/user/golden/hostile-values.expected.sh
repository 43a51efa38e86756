set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
useradd --create-home --user-group --shell '/opt/o'\''brien/$(id)/`sh`;x|y&z' o_brien-2
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
install -d -m 0700 -o o_brien-2 -g o_brien-2 /home/o_brien-2/.ssh
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
rm -f /home/o_brien-2/.ssh/.phanes-*-e48d35da
phanes_tmp=/home/o_brien-2/.ssh/.phanes-$$-e48d35da
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown o_brien-2:o_brien-2 "$phanes_tmp"
chmod 0600 "$phanes_tmp"
printf '%s' 'c3NoLWVkMjU1MTkgQUFBQUMzTnphQzFsWkRJMU5URTVBQUFBSUdkTGRTZ09YYzN5dVh5YmFHQmo2N2Q2Q3p6TStpMlltbXgyNTFmcTVCZXcgSmFuZSAiSkQiIE8nQnJpZW4gJChyZWJvb3QpIGBpZGAgOyBybSAtcmYgfiAqCg==' | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /home/o_brien-2/.ssh/authorized_keys
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 3' >&2
(
rm -f /etc/sudoers.d/.phanes-*-21725ee1
phanes_tmp=/etc/sudoers.d/.phanes-$$-21725ee1
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0440 "$phanes_tmp"
printf '%s' IyBXcml0dGVuIGJ5IFBoYW5lcyAodXNlciBtb2R1bGUpLgpvX2JyaWVuLTIgQUxMPShBTEw6QUxMKSBOT1BBU1NXRDpBTEwK | base64 -d > "$phanes_tmp"
visudo -cqf "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/sudoers.d/90-phanes-o_brien-2
trap - EXIT TERM
)