set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
apt-get -q -y -o 'DPkg::Lock::Timeout=300' install --no-install-recommends ufw
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
ufw default deny incoming
ufw default allow outgoing
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
ufw allow 22/tcp comment phanes
)
printf '\n%s\n' '__PHANES_golden_STEP 3' >&2
(
ufw --force enable
)
printf '\n%s\n' '__PHANES_golden_STEP 4' >&2
(
if [ -f /etc/ssh/sshd_config.d/00-phanes.conf ]; then cp -p /etc/ssh/sshd_config.d/00-phanes.conf /etc/ssh/sshd_config.d/00-phanes.conf.phanes-previous; else rm -f /etc/ssh/sshd_config.d/00-phanes.conf.phanes-previous; fi
)
printf '\n%s\n' '__PHANES_golden_STEP 5' >&2
(
rm -f /etc/ssh/sshd_config.d/.phanes-*-637856d7
phanes_tmp=/etc/ssh/sshd_config.d/.phanes-$$-637856d7
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' 'IyBXcml0dGVuIGJ5IFBoYW5lcyAoc2VjdXJpdHkgbW9kdWxlKTsgY2hhbmdlcyBoZXJlIGFyZSBvdmVyd3JpdHRlbi4KUG9ydCAyMgpQZXJtaXRSb290TG9naW4gcHJvaGliaXQtcGFzc3dvcmQKUGFzc3dvcmRBdXRoZW50aWNhdGlvbiBubwpLYmRJbnRlcmFjdGl2ZUF1dGhlbnRpY2F0aW9uIG5vClB1YmtleUF1dGhlbnRpY2F0aW9uIHllcwpQZXJtaXRFbXB0eVBhc3N3b3JkcyBubwpYMTFGb3J3YXJkaW5nIG5vCk1heEF1dGhUcmllcyA0CktleEFsZ29yaXRobXMgc250cnVwNzYxeDI1NTE5LXNoYTUxMkBvcGVuc3NoLmNvbSxjdXJ2ZTI1NTE5LXNoYTI1NixjdXJ2ZTI1NTE5LXNoYTI1NkBsaWJzc2gub3JnLGRpZmZpZS1oZWxsbWFuLWdyb3VwMTYtc2hhNTEyLGRpZmZpZS1oZWxsbWFuLWdyb3VwMTgtc2hhNTEyCkNpcGhlcnMgY2hhY2hhMjAtcG9seTEzMDVAb3BlbnNzaC5jb20sYWVzMjU2LWdjbUBvcGVuc3NoLmNvbSxhZXMxMjgtZ2NtQG9wZW5zc2guY29tLGFlczI1Ni1jdHIsYWVzMTkyLWN0cixhZXMxMjgtY3RyCk1BQ3MgaG1hYy1zaGEyLTUxMi1ldG1Ab3BlbnNzaC5jb20saG1hYy1zaGEyLTI1Ni1ldG1Ab3BlbnNzaC5jb20sdW1hYy0xMjgtZXRtQG9wZW5zc2guY29tCg==' | base64 -d > "$phanes_tmp"
{ printf 'Include %s\n' "$phanes_tmp"; cat /etc/ssh/sshd_config; } > "$phanes_tmp".check
mkdir -p /run/sshd
sshd -t -f "$phanes_tmp".check || { rm -f "$phanes_tmp".check; exit 1; }
rm -f "$phanes_tmp".check
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/ssh/sshd_config.d/00-phanes.conf
trap - EXIT TERM
systemctl try-reload-or-restart ssh
)