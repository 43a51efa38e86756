/**
 * The remote side of a command Phanes can stop. The script arrives on stdin, its length in bytes and its
 * last line given as arguments; it runs in a process group of its own (setsid) while a watchdog in the same
 * group keeps reading stdin. End of stdin before the script finished means Phanes wants it stopped (a second
 * Ctrl-C, command_timeout) or Phanes is gone (controller killed, connection lost): the watchdog sends TERM to
 * the whole group, then KILL after STOP_GRACE_SECONDS. Closing an SSH channel alone signals nothing to a
 * process without a terminal, so without this an apt-get would run on to its end.
 *
 * A script that arrives cut short is not run at all: `sh -s` would run the commands it had read so far, the
 * last one possibly cut in the middle.
 *
 * When the script ends, whatever it left running in its group is stopped too: a step's own background
 * process must detach (its own session, or systemd) to outlive the step.
 */

/** Seconds between TERM and KILL when a command is stopped. */
export const STOP_GRACE_SECONDS = 5;

/** The line every stoppable script ends with, so a cut one can be told from a whole one. */
export const SCRIPT_END = '# phanes: end of script';

// $1: the script's length in bytes; $2: its last line. The script is read before the watchdog starts, so
// the two never read stdin at once. `printf` is a builtin: the script never shows in argv. Background jobs
// get /dev/null as stdin, hence fd 3.
const WRAPPER = `exec 3<&0
s=$(head -c "$1") || exit 125
case $s in *"$2") ;; *) exit 125 ;; esac
printf '%s\\n' "$s" | /bin/sh -s 3<&- &
w=$!
s=
{ cat <&3; trap '' TERM; kill -TERM 0; sleep ${STOP_GRACE_SECONDS}; kill -KILL 0; } >/dev/null 2>&1 &
exec 3<&-
wait $w
r=$?
trap '' TERM
kill -TERM 0
exit $r`;

/** The words that start a stoppable shell for a script of `bytes` bytes (quoted by the caller's quote). */
export function stoppableShellWords(bytes: number): string[] {
  return ['setsid', '-w', '/bin/sh', '-c', WRAPPER, 'phanes', String(bytes), SCRIPT_END];
}
