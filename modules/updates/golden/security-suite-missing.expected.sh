set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
rm -f /etc/apt/sources.list.d/.phanes-*-fe8f6251
phanes_tmp=/etc/apt/sources.list.d/.phanes-$$-fe8f6251
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' 'IyBXcml0dGVuIGJ5IFBoYW5lcyAodXBkYXRlcyBtb2R1bGUpOiB0aGUgc2VjdXJpdHkgc3VpdGUsIHRoZSBvcmlnaW4gdW5hdHRlbmRlZC11cGdyYWRlcyBpbnN0YWxscyBmcm9tLgpUeXBlczogZGViClVSSXM6IGh0dHA6Ly9kZWJpYW4uZXhhbXBsZS5vcmcvZGViaWFuLXNlY3VyaXR5LwpTdWl0ZXM6IGJvb2t3b3JtLXNlY3VyaXR5CkNvbXBvbmVudHM6IG1haW4gbm9uLWZyZWUtZmlybXdhcmUKU2lnbmVkLUJ5OiAvdXNyL3NoYXJlL2tleXJpbmdzL2RlYmlhbi1hcmNoaXZlLWtleXJpbmcuZ3BnCg==' | base64 -d > "$phanes_tmp"
check=$(mktemp -d)
cp "$phanes_tmp" "$check/security.sources"
if ! apt-get update -qq --error-on=any -o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$check" -o APT::Get::List-Cleanup=false; then
  rm -rf "$check"
  echo 'apt could not fetch bookworm-security from http://debian.example.org/debian-security/: set updates.security_source to a server that carries it, or security_suite: false' >&2
  exit 1
fi
rm -rf "$check"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/apt/sources.list.d/phanes-security.sources
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
apt-get -q -o 'DPkg::Lock::Timeout=300' update
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
apt-get -q -y -o 'DPkg::Lock::Timeout=300' install --no-install-recommends unattended-upgrades
)
printf '\n%s\n' '__PHANES_golden_STEP 3' >&2
(
rm -f /etc/apt/apt.conf.d/.phanes-*-f89cc5ad
phanes_tmp=/etc/apt/apt.conf.d/.phanes-$$-f89cc5ad
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' 'Ly8gV3JpdHRlbiBieSBQaGFuZXMgKHVwZGF0ZXMgbW9kdWxlKS4KQVBUOjpQZXJpb2RpYzo6VXBkYXRlLVBhY2thZ2UtTGlzdHMgIjEiOwpBUFQ6OlBlcmlvZGljOjpVbmF0dGVuZGVkLVVwZ3JhZGUgIjEiOwpBUFQ6OlBlcmlvZGljOjpBdXRvY2xlYW5JbnRlcnZhbCAiNyI7Cg==' | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/apt/apt.conf.d/20auto-upgrades
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 4' >&2
(
rm -f /etc/apt/apt.conf.d/.phanes-*-6c54fdb7
phanes_tmp=/etc/apt/apt.conf.d/.phanes-$$-6c54fdb7
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' 'Ly8gV3JpdHRlbiBieSBQaGFuZXMgKHVwZGF0ZXMgbW9kdWxlKS4KI2NsZWFyIFVuYXR0ZW5kZWQtVXBncmFkZTo6T3JpZ2lucy1QYXR0ZXJuOwojY2xlYXIgVW5hdHRlbmRlZC1VcGdyYWRlOjpBbGxvd2VkLU9yaWdpbnM7ClVuYXR0ZW5kZWQtVXBncmFkZTo6T3JpZ2lucy1QYXR0ZXJuIHsKICAgICAgICAib3JpZ2luPURlYmlhbixjb2RlbmFtZT0ke2Rpc3Ryb19jb2RlbmFtZX0sbGFiZWw9RGViaWFuLVNlY3VyaXR5IjsKICAgICAgICAib3JpZ2luPURlYmlhbixjb2RlbmFtZT0ke2Rpc3Ryb19jb2RlbmFtZX0tc2VjdXJpdHksbGFiZWw9RGViaWFuLVNlY3VyaXR5IjsKfTsKVW5hdHRlbmRlZC1VcGdyYWRlOjpSZW1vdmUtVW51c2VkLURlcGVuZGVuY2llcyAidHJ1ZSI7ClVuYXR0ZW5kZWQtVXBncmFkZTo6QXV0b21hdGljLVJlYm9vdCAiZmFsc2UiOwpVbmF0dGVuZGVkLVVwZ3JhZGU6OkF1dG9tYXRpYy1SZWJvb3QtVGltZSAiMDM6MDAiOwo=' | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/apt/apt.conf.d/52phanes-unattended-upgrades
trap - EXIT TERM
)