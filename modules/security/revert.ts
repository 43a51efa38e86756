import { join, sh, type ShellText } from '../../src/shell/command.js';
import { SSHD_DROP_IN } from './config-files.js';

/**
 * Commit-confirmed for sshd and ufw: before the first change, the host keeps what it has now and sets a
 * systemd timer that puts it back. Only a NEW login (the proof Phanes makes after the change) cancels the
 * timer, so a controller that dies mid-change (laptop closed, CI job killed) still leaves a reachable host.
 */

/** What was in place before the change, and the script that restores it. */
export const REVERT_DIR = '/var/lib/phanes/revert/security';
/** Left by a revert, so the run that waited for its proof (or the next plan) can say it happened. */
export const REVERTED_MARKER = '/var/lib/phanes/revert/security.reverted';
const REVERT_SCRIPT = `${REVERT_DIR}/revert.sh`;
const REVERT_UNIT = 'phanes-revert-security';
const UFW_FILES = ['/etc/ufw/user.rules', '/etc/ufw/user6.rules', '/etc/ufw/ufw.conf', '/etc/default/ufw'];

/** Restores what the directory holds (only that), reloads sshd and ufw, lifts a ban of Phanes' address. */
const RESTORE = join(
  [
    sh`dir=${REVERT_DIR}`,
    sh`[ -d "$dir" ] || exit 0`,
    // Run by hand (over the old connection), the timer must not run it a second time.
    sh`systemctl stop ${REVERT_UNIT}.timer 2>/dev/null || true`,
    sh`if [ -f "$dir/sshd.conf" ] || [ -f "$dir/sshd.absent" ]; then
  if [ -f "$dir/sshd.conf" ]; then cp -p "$dir/sshd.conf" ${SSHD_DROP_IN}; else rm -f ${SSHD_DROP_IN}; fi
  if [ "$(systemctl is-active ssh.socket)" = active ]; then systemctl daemon-reload; systemctl restart ssh.socket; fi
  systemctl reload-or-restart ssh
fi`,
    sh`if [ -d "$dir/ufw" ]; then
  for f in ${UFW_FILES}; do cp -p "$dir/ufw/$(echo "$f" | tr / _)" "$f"; done
  if grep -qx 'ENABLED=yes' /etc/ufw/ufw.conf; then
    if ufw status | grep -qx 'Status: active'; then ufw reload; else ufw --force enable; fi
  else
    ufw --force disable
  fi
fi`,
    // The refused check login may have got Phanes' own address banned by fail2ban.
    sh`if [ -s "$dir/own-address" ] && command -v fail2ban-client >/dev/null; then fail2ban-client set sshd unbanip "$(cat "$dir/own-address")" >/dev/null 2>&1 || true; fi`,
    sh`date -u +%Y-%m-%dT%H:%M:%SZ > ${REVERTED_MARKER}`,
    sh`rm -rf "$dir"`,
  ],
  '\n',
);

/** The step before the first change: keep the drop-in and ufw's files, write the restore script, set the timer. */
export function scheduleRevert(seconds: number): ShellText {
  return join(
    [
      sh`dir=${REVERT_DIR}`,
      // A timer still pending from a run that died is replaced: what is in place now is what Phanes just logged in with.
      sh`systemctl stop ${REVERT_UNIT}.timer 2>/dev/null || true`,
      sh`rm -rf "$dir" ${REVERTED_MARKER}`,
      sh`mkdir -p "$dir/ufw"`,
      sh`chmod 0700 "$dir"`,
      sh`if [ -f ${SSHD_DROP_IN} ]; then cp -p ${SSHD_DROP_IN} "$dir/sshd.conf"; else : > "$dir/sshd.absent"; fi`,
      sh`if [ -f /etc/ufw/user.rules ]; then for f in ${UFW_FILES}; do cp -p "$f" "$dir/ufw/$(echo "$f" | tr / _)"; done; else rmdir "$dir/ufw"; fi`,
      sh`own=\${SSH_CONNECTION:-}; printf '%s\\n' "\${own%% *}" > "$dir/own-address"`,
      sh`cat > "$dir/revert.sh" <<'PHANES_REVERT'
${RESTORE}
PHANES_REVERT`,
      sh`if command -v systemd-run >/dev/null; then
  systemd-run --quiet --unit=${REVERT_UNIT} --description='Phanes: revert an sshd/ufw change no new login confirmed' --on-active=${String(seconds)} /bin/sh "$dir/revert.sh"
else
  echo "warning: no systemd-run: if Phanes dies before it proves a new login, this change is not reverted by the host" >&2
fi`,
    ],
    '\n',
  );
}

/** Restores now, over the old connection (the new login failed, or the module's own steps did). */
export const REVERT_NOW = sh`[ ! -f ${REVERT_SCRIPT} ] || /bin/sh ${REVERT_SCRIPT}`;

/**
 * Run over the NEW login: it proves the change, so the timer is cancelled and the old state forgotten.
 * Fails when the timer was quicker (the steps took longer than revert_after): the change is gone.
 */
export const CONFIRM_CHANGE = join(
  [
    sh`systemctl stop ${REVERT_UNIT}.timer 2>/dev/null || true`,
    sh`if [ -d ${REVERT_DIR} ]; then rm -rf ${REVERT_DIR}; exit 0; fi`,
    sh`if [ -f ${REVERTED_MARKER} ]; then
  echo "the host had already reverted the sshd/ufw change by itself at $(cat ${REVERTED_MARKER}), before a new login confirmed it; raise security.revert_after if the steps take longer" >&2
  rm -f ${REVERTED_MARKER}
  exit 1
fi`,
  ],
  '\n',
);
