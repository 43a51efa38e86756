set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
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