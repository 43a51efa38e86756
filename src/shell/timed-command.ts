import { raw, sh, type ShellText } from './command.js';

/**
 * The command with its stdout dropped and, as its only output line, the host's uptime (seconds, to the
 * hundredth) before and after it ran; it exits with the command's own code. Read by the shell's `read`
 * builtin from /proc/uptime: no extra process, so a check inside the one-command probe can be timed for
 * free. Where /proc/uptime cannot be read, the times are empty.
 */
export function timedCommand(command: ShellText): ShellText {
  return sh`${raw('read phanes_t0 phanes_rest </proc/uptime 2>/dev/null || phanes_t0=')}
( ${command}
) >/dev/null && phanes_rc=0 || phanes_rc=$?
${raw(`read phanes_t1 phanes_rest </proc/uptime 2>/dev/null || phanes_t1=
printf '%s %s\\n' "$phanes_t0" "$phanes_t1"
exit "$phanes_rc"`)}`;
}

/** Milliseconds between the two uptimes `timedCommand` printed last, or 0 when they are missing. */
export function timedCommandMs(output: string): number {
  const last = output.trimEnd().split('\n').pop() ?? '';
  const match = /^(\d+(?:\.\d+)?) (\d+(?:\.\d+)?)$/.exec(last);
  if (!match) return 0;
  return Math.max(0, Math.round((Number(match[2]) - Number(match[1])) * 1000));
}
