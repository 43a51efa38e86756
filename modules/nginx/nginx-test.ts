import { sh, type ShellText } from '../../src/shell/command.js';
import { NGINX_CONF, SITES_ENABLED } from './nginx-facts.js';

/**
 * The validate command of a server block's file step: `nginx -t` on the whole configuration as it would
 * be with the candidate (the step's temp file) at `fileName` in sites-enabled.
 *
 * Why this way: `nginx -t` only checks a whole configuration, so the candidate must be tested together
 * with nginx.conf and every other site (a duplicate default_server, a clash with another block, an
 * upstream that does not resolve are only found so). Moving the candidate into place, testing, and moving
 * the old file back on failure would let a reload that happens meanwhile (a certbot hook, another admin,
 * a crash restart) load the broken file, and a cut connection would leave it there. Instead the test runs
 * on a throw-away copy: a temp directory holding nginx.conf (its sites-enabled include pointed at the
 * copy), a copy of sites-enabled (links kept as links) with the candidate at its final name, and a link
 * to every other entry of /etc/nginx so relative includes (snippets/...) resolve as in the real tree. The
 * live tree is never touched: when the test fails, the step stops before the rename and the old file
 * stays as it was. nginx -t reads but does not bind ports or write a pid. nginx's own `include *` globs
 * skip dot files, so the step's temp file (.phanes-XXXXXX beside the target) is never loaded by the live
 * nginx either.
 */
export function nginxTestWith(fileName: string, candidate: ShellText): ShellText {
  // No backslashes below: the text reads the same to the shell whether sh takes literal parts raw or cooked.
  return sh`phanes_stage=$(mktemp -d -t phanes-nginx-check.XXXXXX)
phanes_live=${`${SITES_ENABLED}/`}
for phanes_entry in /etc/nginx/*; do
  case "$(basename "$phanes_entry")" in nginx.conf|sites-enabled) ;; *) ln -s "$phanes_entry" "$phanes_stage/" ;; esac
done
mkdir "$phanes_stage/sites-enabled"
for phanes_entry in "$phanes_live"*; do
  if [ -e "$phanes_entry" ] || [ -L "$phanes_entry" ]; then cp -P "$phanes_entry" "$phanes_stage/sites-enabled/"; fi
done
cp ${candidate} "$phanes_stage/sites-enabled/"${fileName}
sed "s#$phanes_live#$phanes_stage/sites-enabled/#g" ${NGINX_CONF} > "$phanes_stage/nginx.conf"
phanes_status=0
phanes_output=$(nginx -t -q -c "$phanes_stage/nginx.conf" 2>&1) || phanes_status=$?
rm -rf "$phanes_stage"
if [ "$phanes_status" -ne 0 ]; then
  printf '%s' "$phanes_output" | sed "s#$phanes_stage/#/etc/nginx/#g" >&2
  echo >&2
  echo nginx -t refused the new ${fileName}: the file in place was left as it was >&2
  exit 1
fi`;
}
