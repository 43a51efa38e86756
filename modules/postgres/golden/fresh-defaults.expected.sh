set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
LC_ALL=C.UTF-8 apt-get -q -y -o 'DPkg::Lock::Timeout=300' install --no-install-recommends postgresql-15
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
rm -f /etc/postgresql/15/main/conf.d/.phanes-*-b6cab4e4
phanes_tmp=/etc/postgresql/15/main/conf.d/.phanes-$$-b6cab4e4
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown postgres:postgres "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' 'IyBXcml0dGVuIGJ5IFBoYW5lcyAocG9zdGdyZXMgbW9kdWxlKTogY2hhbmdlcyBoZXJlIGFyZSBvdmVyd3JpdHRlbi4KbGlzdGVuX2FkZHJlc3NlcyA9ICdsb2NhbGhvc3QnCnBvcnQgPSA1NDMyCg==' | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/postgresql/15/main/conf.d/phanes.conf
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
rm -f /etc/postgresql/15/main/.phanes-*-47cc2b89
phanes_tmp=/etc/postgresql/15/main/.phanes-$$-47cc2b89
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown postgres:postgres "$phanes_tmp"
chmod 0640 "$phanes_tmp"
printf '%s' IyBXcml0dGVuIGJ5IFBoYW5lcyAocG9zdGdyZXMgbW9kdWxlKTogY2hhbmdlcyBoZXJlIGFyZSBvdmVyd3JpdHRlbi4KIyBUaGUgZmlyc3QgZW50cnkgdGhhdCBtYXRjaGVzIGEgY29ubmVjdGlvbiBkZWNpZGVzIGhvdyBpdCBpcyBhdXRoZW50aWNhdGVkLgojIFRZUEUgICBEQVRBQkFTRSAgICAgICAgIFVTRVIgICAgICAgICAgICAgQUREUkVTUyAgICAgICAgICAgICAgICAgIE1FVEhPRAoKIyBQaGFuZXMgbWFuYWdlcyB0aGUgc2VydmVyIGFzIHRoZSBwb3N0Z3JlcyBzdXBlcnVzZXIgdGhyb3VnaCB0aGlzIGVudHJ5Lgpsb2NhbCAgICBhbGwgICAgICAgICAgICAgIHBvc3RncmVzICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIHBlZXIKCiMgRnJvbSB0aGUgaW52ZW50b3J5IChwb3N0Z3Jlcy5oYmEpLgoKIyBEZWJpYW4ncyBkZWZhdWx0cy4KbG9jYWwgICAgYWxsICAgICAgICAgICAgICBhbGwgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICBwZWVyCmhvc3QgICAgIGFsbCAgICAgICAgICAgICAgYWxsICAgICAgICAgICAgICAxMjcuMC4wLjEvMzIgICAgICAgICAgICAgc2NyYW0tc2hhLTI1Ngpob3N0ICAgICBhbGwgICAgICAgICAgICAgIGFsbCAgICAgICAgICAgICAgOjoxLzEyOCAgICAgICAgICAgICAgICAgIHNjcmFtLXNoYS0yNTYKbG9jYWwgICAgcmVwbGljYXRpb24gICAgICBhbGwgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICBwZWVyCmhvc3QgICAgIHJlcGxpY2F0aW9uICAgICAgYWxsICAgICAgICAgICAgICAxMjcuMC4wLjEvMzIgICAgICAgICAgICAgc2NyYW0tc2hhLTI1Ngpob3N0ICAgICByZXBsaWNhdGlvbiAgICAgIGFsbCAgICAgICAgICAgICAgOjoxLzEyOCAgICAgICAgICAgICAgICAgIHNjcmFtLXNoYS0yNTYK | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/postgresql/15/main/pg_hba.conf
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 3' >&2
(
systemctl try-restart postgresql@15-main
)
printf '\n%s\n' '__PHANES_golden_STEP 4' >&2
(
printf '%s\n' 'CREATE ROLE "app" LOGIN PASSWORD' *** ';' | runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p 5432 -d postgres
)
printf '\n%s\n' '__PHANES_golden_STEP 5' >&2
(
printf '%s\n' 'CREATE DATABASE "app" OWNER "app";' | runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p 5432 -d postgres
)