set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
apt-get -q -y -o 'DPkg::Lock::Timeout=300' install --no-install-recommends nginx
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
rm -f /etc/nginx/sites-enabled/default && nginx -t -q && systemctl reload-or-restart nginx
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
rm -f /etc/nginx/sites-enabled/.phanes-*-8f693b04
phanes_tmp=/etc/nginx/sites-enabled/.phanes-$$-8f693b04
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' 'IyBXcml0dGVuIGJ5IFBoYW5lcyAobmdpbnggbW9kdWxlKTogc2VydmVyIGJsb2NrICJzdGF0aWMiLiBDaGFuZ2VzIG1hZGUgaGVyZSBhcmUgb3ZlcndyaXR0ZW4uCnNlcnZlciB7CglsaXN0ZW4gODA7CglsaXN0ZW4gWzo6XTo4MDsKCXNlcnZlcl9uYW1lIHN0YXRpYy50ZXN0OwoJcm9vdCAvdmFyL3d3dy9zdGF0aWM7CglpbmRleCBpbmRleC5odG1sIGluZGV4Lmh0bTsKCglsb2NhdGlvbiAvIHsKCQl0cnlfZmlsZXMgJHVyaSAkdXJpLyA9NDA0OwoJfQp9Cg==' | base64 -d > "$phanes_tmp"
phanes_stage=$(mktemp -d -t phanes-nginx-check.XXXXXX)
phanes_live=/etc/nginx/sites-enabled/
for phanes_entry in /etc/nginx/*; do
  case "$(basename "$phanes_entry")" in nginx.conf|sites-enabled) ;; *) ln -s "$phanes_entry" "$phanes_stage/" ;; esac
done
mkdir "$phanes_stage/sites-enabled"
for phanes_entry in "$phanes_live"*; do
  if [ -e "$phanes_entry" ] || [ -L "$phanes_entry" ]; then cp -P "$phanes_entry" "$phanes_stage/sites-enabled/"; fi
done
cp "$phanes_tmp" "$phanes_stage/sites-enabled/"phanes-static.conf
sed "s#$phanes_live#$phanes_stage/sites-enabled/#g" /etc/nginx/nginx.conf > "$phanes_stage/nginx.conf"
phanes_status=0
phanes_output=$(nginx -t -q -c "$phanes_stage/nginx.conf" 2>&1) || phanes_status=$?
rm -rf "$phanes_stage"
if [ "$phanes_status" -ne 0 ]; then
  printf '%s' "$phanes_output" | sed "s#$phanes_stage/#/etc/nginx/#g" >&2
  echo >&2
  echo nginx -t refused the new phanes-static.conf: the file in place was left as it was >&2
  exit 1
fi
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/nginx/sites-enabled/phanes-static.conf
trap - EXIT TERM
systemctl try-reload-or-restart nginx
)
printf '\n%s\n' '__PHANES_golden_STEP 3' >&2
(
systemctl enable --now nginx.service
)