set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
PHANES_KEYS='host-name=nas2
allow-interfaces=eth0' awk '
function flush(   i) { for (i = 1; i <= n; i++) if (!(want[i] in done)) { print want[i] "=" value[want[i]]; done[want[i]] = 1 } }
BEGIN { n = split(ENVIRON["PHANES_KEYS"], pairs, "\n"); for (i = 1; i <= n; i++) { eq = index(pairs[i], "="); want[i] = substr(pairs[i], 1, eq - 1); value[want[i]] = substr(pairs[i], eq + 1) } }
/^[ \t]*\[/ { section = $0; gsub(/^[ \t]*\[|\][ \t]*$/, "", section); print; if (section == "server") { flush(); seen = 1 }; next }
section == "server" && /^[ \t]*[^#;][^=]*=/ { key = $0; sub(/[ \t]*=.*/, "", key); sub(/^[ \t]*/, "", key); for (i = 1; i <= n; i++) if (want[i] == key) next }
{ print }
END { if (!seen) { print "[server]"; flush() } }' /etc/avahi/avahi-daemon.conf > /etc/avahi/avahi-daemon.conf.phanes-new && chmod 0644 /etc/avahi/avahi-daemon.conf.phanes-new && mv -f /etc/avahi/avahi-daemon.conf.phanes-new /etc/avahi/avahi-daemon.conf
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
rm -f /etc/avahi/services/.phanes-*-d49ae182
phanes_tmp=/etc/avahi/services/.phanes-$$-d49ae182
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' PD94bWwgdmVyc2lvbj0iMS4wIiBzdGFuZGFsb25lPSJubyI/Pgo8IURPQ1RZUEUgc2VydmljZS1ncm91cCBTWVNURU0gImF2YWhpLXNlcnZpY2UuZHRkIj4KPCEtLSBXcml0dGVuIGJ5IFBoYW5lcyAobWRucyBtb2R1bGUpOyBlZGl0cyBhcmUgcmVwbGFjZWQgb24gdGhlIG5leHQgYXBwbHkuIC0tPgo8c2VydmljZS1ncm91cD4KICA8bmFtZSByZXBsYWNlLXdpbGRjYXJkcz0ieWVzIj5HcmFmYW5hICZsdDtkYXNoJmd0OyAmYW1wOyBtb3JlPC9uYW1lPgogIDxzZXJ2aWNlPgogICAgPHR5cGU+X2h0dHAuX3RjcDwvdHlwZT4KICAgIDxwb3J0PjMwMDA8L3BvcnQ+CiAgICA8dHh0LXJlY29yZD5wYXRoPS9ncmFmYW5hLzwvdHh0LXJlY29yZD4KICA8L3NlcnZpY2U+Cjwvc2VydmljZS1ncm91cD4K | base64 -d > "$phanes_tmp"
xmllint --noout --nonet --path /usr/share/avahi --dtdvalid /usr/share/avahi/avahi-service.dtd "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/avahi/services/phanes-http-tcp-3000.service
trap - EXIT TERM
systemctl try-reload-or-restart avahi-daemon
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
rm -f /etc/avahi/services/.phanes-*-a678046d
phanes_tmp=/etc/avahi/services/.phanes-$$-a678046d
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' PD94bWwgdmVyc2lvbj0iMS4wIiBzdGFuZGFsb25lPSJubyI/Pgo8IURPQ1RZUEUgc2VydmljZS1ncm91cCBTWVNURU0gImF2YWhpLXNlcnZpY2UuZHRkIj4KPCEtLSBXcml0dGVuIGJ5IFBoYW5lcyAobWRucyBtb2R1bGUpOyBlZGl0cyBhcmUgcmVwbGFjZWQgb24gdGhlIG5leHQgYXBwbHkuIC0tPgo8c2VydmljZS1ncm91cD4KICA8bmFtZSByZXBsYWNlLXdpbGRjYXJkcz0ieWVzIj5TU0ggb24gJWg8L25hbWU+CiAgPHNlcnZpY2U+CiAgICA8dHlwZT5fc3NoLl90Y3A8L3R5cGU+CiAgICA8cG9ydD4yMjwvcG9ydD4KICA8L3NlcnZpY2U+Cjwvc2VydmljZS1ncm91cD4K | base64 -d > "$phanes_tmp"
xmllint --noout --nonet --path /usr/share/avahi --dtdvalid /usr/share/avahi/avahi-service.dtd "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/avahi/services/phanes-ssh-tcp-22.service
trap - EXIT TERM
systemctl try-reload-or-restart avahi-daemon
)
printf '\n%s\n' '__PHANES_golden_STEP 3' >&2
(
rm -f /etc/avahi/services/phanes-smb-tcp-445.service && { ! systemctl is-active --quiet avahi-daemon || systemctl reload avahi-daemon; }
)
printf '\n%s\n' '__PHANES_golden_STEP 4' >&2
(
systemctl restart avahi-daemon
)