set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
apt-get -q -y -o 'DPkg::Lock::Timeout=300' install --no-install-recommends avahi-daemon avahi-utils libxml2-utils
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
PHANES_KEYS='host-name=nas' awk '
function flush(   i) { for (i = 1; i <= n; i++) if (!(want[i] in done)) { print want[i] "=" value[want[i]]; done[want[i]] = 1 } }
BEGIN { n = split(ENVIRON["PHANES_KEYS"], pairs, "\n"); for (i = 1; i <= n; i++) { eq = index(pairs[i], "="); want[i] = substr(pairs[i], 1, eq - 1); value[want[i]] = substr(pairs[i], eq + 1) } }
/^[ \t]*\[/ { section = $0; gsub(/^[ \t]*\[|\][ \t]*$/, "", section); print; if (section == "server") { flush(); seen = 1 }; next }
section == "server" && /^[ \t]*[^#;][^=]*=/ { key = $0; sub(/[ \t]*=.*/, "", key); sub(/^[ \t]*/, "", key); for (i = 1; i <= n; i++) if (want[i] == key) next }
{ print }
END { if (!seen) { print "[server]"; flush() } }' /etc/avahi/avahi-daemon.conf > /etc/avahi/avahi-daemon.conf.phanes-new && chmod 0644 /etc/avahi/avahi-daemon.conf.phanes-new && mv -f /etc/avahi/avahi-daemon.conf.phanes-new /etc/avahi/avahi-daemon.conf
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
rm -f /etc/avahi/services/.phanes-*-929b227a
phanes_tmp=/etc/avahi/services/.phanes-$$-929b227a
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' PD94bWwgdmVyc2lvbj0iMS4wIiBzdGFuZGFsb25lPSJubyI/Pgo8IURPQ1RZUEUgc2VydmljZS1ncm91cCBTWVNURU0gImF2YWhpLXNlcnZpY2UuZHRkIj4KPCEtLSBXcml0dGVuIGJ5IFBoYW5lcyAobWRucyBtb2R1bGUpOyBlZGl0cyBhcmUgcmVwbGFjZWQgb24gdGhlIG5leHQgYXBwbHkuIC0tPgo8c2VydmljZS1ncm91cD4KICA8bmFtZSByZXBsYWNlLXdpbGRjYXJkcz0ieWVzIj5GaWxlcyBvbiAlaDwvbmFtZT4KICA8c2VydmljZT4KICAgIDx0eXBlPl9zbWIuX3RjcDwvdHlwZT4KICAgIDxwb3J0PjQ0NTwvcG9ydD4KICA8L3NlcnZpY2U+Cjwvc2VydmljZS1ncm91cD4K | base64 -d > "$phanes_tmp"
xmllint --noout --nonet --path /usr/share/avahi --dtdvalid /usr/share/avahi/avahi-service.dtd "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/avahi/services/phanes-smb-tcp-445.service
trap - EXIT TERM
systemctl try-reload-or-restart avahi-daemon
)
printf '\n%s\n' '__PHANES_golden_STEP 3' >&2
(
rm -f /etc/avahi/services/.phanes-*-d49ae182
phanes_tmp=/etc/avahi/services/.phanes-$$-d49ae182
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' 'PD94bWwgdmVyc2lvbj0iMS4wIiBzdGFuZGFsb25lPSJubyI/Pgo8IURPQ1RZUEUgc2VydmljZS1ncm91cCBTWVNURU0gImF2YWhpLXNlcnZpY2UuZHRkIj4KPCEtLSBXcml0dGVuIGJ5IFBoYW5lcyAobWRucyBtb2R1bGUpOyBlZGl0cyBhcmUgcmVwbGFjZWQgb24gdGhlIG5leHQgYXBwbHkuIC0tPgo8c2VydmljZS1ncm91cD4KICA8bmFtZSByZXBsYWNlLXdpbGRjYXJkcz0ieWVzIj5HcmFmYW5hICZsdDtkYXNoJmd0OyAmYW1wOyBtb3JlPC9uYW1lPgogIDxzZXJ2aWNlPgogICAgPHR5cGU+X2h0dHAuX3RjcDwvdHlwZT4KICAgIDxwb3J0PjMwMDA8L3BvcnQ+CiAgICA8dHh0LXJlY29yZD5wYXRoPS9ncmFmYW5hPC90eHQtcmVjb3JkPgogICAgPHR4dC1yZWNvcmQ+bm90ZT1hJmFtcDtiJmx0O2MmZ3Q7PC90eHQtcmVjb3JkPgogIDwvc2VydmljZT4KPC9zZXJ2aWNlLWdyb3VwPgo=' | base64 -d > "$phanes_tmp"
xmllint --noout --nonet --path /usr/share/avahi --dtdvalid /usr/share/avahi/avahi-service.dtd "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/avahi/services/phanes-http-tcp-3000.service
trap - EXIT TERM
systemctl try-reload-or-restart avahi-daemon
)
printf '\n%s\n' '__PHANES_golden_STEP 4' >&2
(
systemctl enable avahi-daemon && systemctl restart avahi-daemon
)