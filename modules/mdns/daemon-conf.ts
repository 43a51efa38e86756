import { sh, type ShellText } from '../../src/shell/command.js';

/** avahi-daemon's configuration file: Phanes sets single keys of its [server] section, nothing else. */
export const DAEMON_CONF = '/etc/avahi/avahi-daemon.conf';

/** The [server] keys of avahi-daemon.conf, as the last assignment of each (comments skipped). */
export function serverKeys(content: string): Map<string, string> {
  const keys = new Map<string, string>();
  let section = '';
  for (const raw of content.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]*)\]$/.exec(line);
    if (header) section = header[1]!.trim();
    else if (section === 'server') {
      const at = line.indexOf('=');
      if (at > 0) keys.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
    }
  }
  return keys;
}

/**
 * Sets KEY=VALUE in the [server] section in place: each key is written right after the section's header
 * and its other assignments there are dropped (a missing section is appended). Everything
 * else in the file stays as it is. `mv` keeps the write atomic; awk reads the values from its environment
 * block, which holds only these plain settings (no secret).
 */
export function setServerKeys(keys: ReadonlyMap<string, string>): ShellText {
  const assignments = [...keys].map(([key, value]) => `${key}=${value}`);
  const program = `
function flush(   i) { for (i = 1; i <= n; i++) if (!(want[i] in done)) { print want[i] "=" value[want[i]]; done[want[i]] = 1 } }
BEGIN { n = split(ENVIRON["PHANES_KEYS"], pairs, "\\n"); for (i = 1; i <= n; i++) { eq = index(pairs[i], "="); want[i] = substr(pairs[i], 1, eq - 1); value[want[i]] = substr(pairs[i], eq + 1) } }
/^[ \\t]*\\[/ { section = $0; gsub(/^[ \\t]*\\[|\\][ \\t]*$/, "", section); print; if (section == "server") { flush(); seen = 1 }; next }
section == "server" && /^[ \\t]*[^#;][^=]*=/ { key = $0; sub(/[ \\t]*=.*/, "", key); sub(/^[ \\t]*/, "", key); for (i = 1; i <= n; i++) if (want[i] == key) next }
{ print }
END { if (!seen) { print "[server]"; flush() } }`;
  return sh`PHANES_KEYS=${assignments.join('\n')} awk ${program} ${DAEMON_CONF} > ${DAEMON_CONF}.phanes-new && chmod 0644 ${DAEMON_CONF}.phanes-new && mv -f ${DAEMON_CONF}.phanes-new ${DAEMON_CONF}`;
}
