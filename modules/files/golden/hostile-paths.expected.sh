set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
mkdir -p '/srv/golden/it'\''s a "dir" $(id) `x` ; rm -rf ~ *' && chown root:root '/srv/golden/it'\''s a "dir" $(id) `x` ; rm -rf ~ *' && chmod 00755 '/srv/golden/it'\''s a "dir" $(id) `x` ; rm -rf ~ *'
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
rm -f '/srv/golden/it'\''s a "dir" $(id) `x` ; rm -rf ~ */'.phanes-*-5966afe0
phanes_tmp='/srv/golden/it'\''s a "dir" $(id) `x` ; rm -rf ~ */.phanes-'$$-5966afe0
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' 'ZWNobyAnJEhPTUUnICIkKGlkKSIgYHhgCg==' | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" '/srv/golden/it'\''s a "dir" $(id) `x` ; rm -rf ~ */a file'\''s name'
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
rm -f '/srv/golden/it'\''s a "dir" $(id) `x` ; rm -rf ~ */'.phanes-*-33cd7a7a
phanes_tmp='/srv/golden/it'\''s a "dir" $(id) `x` ; rm -rf ~ */.phanes-'$$-33cd7a7a
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' 'a2V5ID0gJ3YgYSBsJyAkKHgpCg==' | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" '/srv/golden/it'\''s a "dir" $(id) `x` ; rm -rf ~ */lines & more.conf'
trap - EXIT TERM
)