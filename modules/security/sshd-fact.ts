import { sh } from '../../src/shell/command.js';
import type { Fact } from '../../src/facts/fact.js';

/** What sshd runs with now (`sshd -T`), as far as the security module needs it. */
export interface SshdState {
  /** Ports sshd listens on now. */
  readonly ports: readonly number[];
  /** Whether ssh.socket (socket activation, Ubuntu 22.10+) starts sshd: its port then comes from the socket. */
  readonly socketActivated: boolean;
}

/** Parses `sshd -T` lines (`port 22`), then the state of ssh.socket on the last line. */
export function parseSshd(output: string): SshdState {
  const lines = output.trim().split('\n');
  const ports = lines.filter((l) => l.startsWith('port ')).map((l) => Number(l.slice(5)));
  return { ports, socketActivated: lines.at(-1)?.trim() === 'socket:active' };
}

export const sshdFact: Fact<SshdState> = {
  description: 'sshd settings in effect (sshd -T)',
  command: sh`sshd -T 2>/dev/null | grep '^port '; printf 'socket:%s\n' "$(systemctl is-active ssh.socket)"`,
  parse: (output) => parseSshd(output),
};

/** Authorized keys of the user Phanes logs in as: without one, it could not log in once passwords are off. */
export function loginKeysFact(user: string): Fact<number> {
  return {
    description: `authorized keys of ${user}`,
    command: sh`home=$(getent passwd ${user} | cut -d: -f6) && grep -c '^[^#[:space:]]' "$home/.ssh/authorized_keys" || true`,
    parse: (output) => Number(output.trim().split('\n').at(-1)) || 0,
  };
}
