set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
rm -f /etc/phanes-backup/.phanes-*-8325db37
phanes_tmp=/etc/phanes-backup/.phanes-$$-8325db37
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0600 "$phanes_tmp"
printf '%s' 'IyBXcml0dGVuIGJ5IFBoYW5lcyAoYmFja3VwIG1vZHVsZSk7IGVkaXRzIGFyZSByZXBsYWNlZCBvbiB0aGUgbmV4dCBhcHBseS4KUkVTVElDX1JFUE9TSVRPUlk9L3Nydi9iYWNrdXAvbG9jYWwKUkVTVElDX1BBU1NXT1JEX0ZJTEU9L2V0Yy9waGFuZXMtYmFja3VwL3Bhc3N3b3JkClJFU1RJQ19DQUNIRV9ESVI9L3Zhci9jYWNoZS9waGFuZXMtYmFja3VwCg==' | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/phanes-backup/env
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
rm -f /usr/local/sbin/.phanes-*-800d7c28
phanes_tmp=/usr/local/sbin/.phanes-$$-800d7c28
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0700 "$phanes_tmp"
printf '%s' IyEvYmluL3NoCiMgV3JpdHRlbiBieSBQaGFuZXMgKGJhY2t1cCBtb2R1bGUpOyBlZGl0cyBhcmUgcmVwbGFjZWQgb24gdGhlIG5leHQgYXBwbHkuCiMgcmVzdGljIHdpdGggdGhpcyBob3N0J3MgcmVwb3NpdG9yeSBhbmQgY3JlZGVudGlhbHMsIGUuZy46IHBoYW5lcy1iYWNrdXAgc25hcHNob3RzCnNldCAtYQouIC9ldGMvcGhhbmVzLWJhY2t1cC9lbnYKc2V0ICthCmV4ZWMgcmVzdGljICIkQCIK | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /usr/local/sbin/phanes-backup
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
if out=$(/usr/local/sbin/phanes-backup cat config 2>&1 >/dev/null); then
  echo 'the repository exists: not initialized again'
elif printf '%s\n' "$out" | grep -q 'wrong password'; then
  printf '%s\n' 'a repository exists at /srv/backup/local, but backup.password does not open it (restic: wrong password or no key found): give its password, or point backup.repository at a new location' >&2
  exit 1
elif printf '%s\n' "$out" | grep -q 'Is there a repository at the following location'; then
  /usr/local/sbin/phanes-backup init
else
  printf '%s\n' "$out" >&2
  exit 1
fi
printf '%s\n' /srv/backup/local > /etc/phanes-backup/initialized
)
printf '\n%s\n' '__PHANES_golden_STEP 3' >&2
(
rm -f /etc/systemd/system/.phanes-*-541676aa
phanes_tmp=/etc/systemd/system/.phanes-$$-541676aa
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' 'IyBXcml0dGVuIGJ5IFBoYW5lcyAoYmFja3VwIG1vZHVsZSk7IGVkaXRzIGFyZSByZXBsYWNlZCBvbiB0aGUgbmV4dCBhcHBseS4KW1VuaXRdCkRlc2NyaXB0aW9uPUJhY2t1cCB3aXRoIHJlc3RpYyAoUGhhbmVzIGJhY2t1cCBtb2R1bGUpCldhbnRzPW5ldHdvcmstb25saW5lLnRhcmdldApBZnRlcj1uZXR3b3JrLW9ubGluZS50YXJnZXQKCltTZXJ2aWNlXQpUeXBlPW9uZXNob3QKTmljZT0xMApJT1NjaGVkdWxpbmdDbGFzcz1pZGxlCkV4ZWNTdGFydD0vdXNyL2xvY2FsL3NiaW4vcGhhbmVzLWJhY2t1cCBiYWNrdXAgLS1ob3N0ICVIIC0tdGFnIHBoYW5lcyAtLWZpbGVzLWZyb20tdmVyYmF0aW0gL2V0Yy9waGFuZXMtYmFja3VwL3BhdGhzIC0tZXhjbHVkZS1maWxlIC9ldGMvcGhhbmVzLWJhY2t1cC9leGNsdWRlcwpFeGVjU3RhcnQ9L2Jpbi9zaCAtYyAnZGF0ZSArJSVzID4gL3Zhci9saWIvcGhhbmVzLWJhY2t1cC9sYXN0LXN1Y2Nlc3MnCkV4ZWNTdGFydD0tL3Vzci9sb2NhbC9zYmluL3BoYW5lcy1iYWNrdXAgZm9yZ2V0IC0taG9zdCAlSCAtLXRhZyBwaGFuZXMgLS1wcnVuZSAtLWtlZXAtZGFpbHkgNyAtLWtlZXAtd2Vla2x5IDQgLS1rZWVwLW1vbnRobHkgNgo=' | base64 -d > "$phanes_tmp"
(d=$(mktemp -d) && cp "$phanes_tmp" "$d"/phanes-backup.service && systemd-analyze verify "$d"/phanes-backup.service; s=$?; rm -rf "$d"; exit $s)
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/systemd/system/phanes-backup.service
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 4' >&2
(
rm -f /etc/systemd/system/.phanes-*-ea4c3c3c
phanes_tmp=/etc/systemd/system/.phanes-$$-ea4c3c3c
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' 'IyBXcml0dGVuIGJ5IFBoYW5lcyAoYmFja3VwIG1vZHVsZSk7IGVkaXRzIGFyZSByZXBsYWNlZCBvbiB0aGUgbmV4dCBhcHBseS4KW1VuaXRdCkRlc2NyaXB0aW9uPVNjaGVkdWxlZCBiYWNrdXAgd2l0aCByZXN0aWMgKFBoYW5lcyBiYWNrdXAgbW9kdWxlKQoKW1RpbWVyXQpPbkNhbGVuZGFyPWRhaWx5ClBlcnNpc3RlbnQ9dHJ1ZQpSYW5kb21pemVkRGVsYXlTZWM9MzBtaW4KVW5pdD1waGFuZXMtYmFja3VwLnNlcnZpY2UKCltJbnN0YWxsXQpXYW50ZWRCeT10aW1lcnMudGFyZ2V0Cg==' | base64 -d > "$phanes_tmp"
(d=$(mktemp -d) && cp "$phanes_tmp" "$d"/phanes-backup.timer && systemd-analyze verify "$d"/phanes-backup.timer; s=$?; rm -rf "$d"; exit $s)
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/systemd/system/phanes-backup.timer
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 5' >&2
(
systemctl daemon-reload
)
printf '\n%s\n' '__PHANES_golden_STEP 6' >&2
(
systemctl enable phanes-backup.timer && systemctl restart phanes-backup.timer
)
printf '\n%s\n' '__PHANES_golden_STEP 7' >&2
(
rm -f /etc/phanes-backup/ssh_key
)
printf '\n%s\n' '__PHANES_golden_STEP 8' >&2
(
rm -f /etc/phanes-backup/known_hosts
)