set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
rm -f /etc/postgresql/15/main/.phanes-*-47cc2b89
phanes_tmp=/etc/postgresql/15/main/.phanes-$$-47cc2b89
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown postgres:postgres "$phanes_tmp"
chmod 0640 "$phanes_tmp"
printf '%s' 'IyBXcml0dGVuIGJ5IFBoYW5lcyAocG9zdGdyZXMgbW9kdWxlKTogY2hhbmdlcyBoZXJlIGFyZSBvdmVyd3JpdHRlbi4KIyBUaGUgZmlyc3QgZW50cnkgdGhhdCBtYXRjaGVzIGEgY29ubmVjdGlvbiBkZWNpZGVzIGhvdyBpdCBpcyBhdXRoZW50aWNhdGVkLgojIFRZUEUgICBEQVRBQkFTRSAgICAgICAgIFVTRVIgICAgICAgICAgICAgQUREUkVTUyAgICAgICAgICAgICAgICAgIE1FVEhPRAoKIyBQaGFuZXMgbWFuYWdlcyB0aGUgc2VydmVyIGFzIHRoZSBwb3N0Z3JlcyBzdXBlcnVzZXIgdGhyb3VnaCB0aGlzIGVudHJ5Lgpsb2NhbCAgICBhbGwgICAgICAgICAgICAgIHBvc3RncmVzICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIHBlZXIKCiMgRnJvbSB0aGUgaW52ZW50b3J5IChwb3N0Z3Jlcy5oYmEpLgpob3N0ICAgICBhcHAgICAgICAgICAgICAgIGFwcCAgICAgICAgICAgICAgMTAuMC4wLjAvOCAgICAgICAgICAgICAgIHNjcmFtLXNoYS0yNTYKaG9zdHNzbCAgYWxsICAgICAgICAgICAgICArYWRtaW5zICAgICAgICAgIHNhbWVuZXQgICAgICAgICAgICAgICAgICBzY3JhbS1zaGEtMjU2CgojIERlYmlhbidzIGRlZmF1bHRzLgpsb2NhbCAgICBhbGwgICAgICAgICAgICAgIGFsbCAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIHBlZXIKaG9zdCAgICAgYWxsICAgICAgICAgICAgICBhbGwgICAgICAgICAgICAgIDEyNy4wLjAuMS8zMiAgICAgICAgICAgICBzY3JhbS1zaGEtMjU2Cmhvc3QgICAgIGFsbCAgICAgICAgICAgICAgYWxsICAgICAgICAgICAgICA6OjEvMTI4ICAgICAgICAgICAgICAgICAgc2NyYW0tc2hhLTI1Ngpsb2NhbCAgICByZXBsaWNhdGlvbiAgICAgIGFsbCAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIHBlZXIKaG9zdCAgICAgcmVwbGljYXRpb24gICAgICBhbGwgICAgICAgICAgICAgIDEyNy4wLjAuMS8zMiAgICAgICAgICAgICBzY3JhbS1zaGEtMjU2Cmhvc3QgICAgIHJlcGxpY2F0aW9uICAgICAgYWxsICAgICAgICAgICAgICA6OjEvMTI4ICAgICAgICAgICAgICAgICAgc2NyYW0tc2hhLTI1Ngo=' | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/postgresql/15/main/pg_hba.conf
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
before=$(runuser -u postgres -- psql -X -q -A -t -p 5432 -d postgres -c 'SELECT pg_conf_load_time()')
systemctl reload postgresql@15-main
i=0; while [ "$(runuser -u postgres -- psql -X -q -A -t -p 5432 -d postgres -c 'SELECT pg_conf_load_time()')" = "$before" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
errors=$(runuser -u postgres -- psql -X -q -A -t -p 5432 -d postgres -c 'SELECT string_agg(line_number || '\'': '\'' || error, '\''; '\'') FROM pg_hba_file_rules WHERE error IS NOT NULL')
if [ -n "$errors" ]; then printf 'pg_hba.conf has errors (the server keeps its previous rules): %s\n' "$errors" >&2; exit 1; fi
)