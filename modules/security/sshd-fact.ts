import { sh } from '../../src/shell/command.js';
import type { Fact } from '../../src/facts/fact.js';
import type { SshdVersion } from './config-files.js';

/** What sshd runs with now (`sshd -T`), as far as the security module needs it. */
export interface SshdState {
  /** Ports sshd listens on now. */
  readonly ports: readonly number[];
  /** Whether ssh.socket (socket activation, Ubuntu 22.10+) starts sshd: its port then comes from the socket. */
  readonly socketActivated: boolean;
  /** `OpenSSH_9.2` as sshd prints it; undefined when it could not be read. */
  readonly version?: SshdVersion;
  /** The host's key pairs by type (`ed25519`, `rsa`, ...), with their size in bits. */
  readonly hostKeys: ReadonlyMap<string, number>;
}

/**
 * Parses `sshd -T`'s port lines, `version:` (sshd's first line naming OpenSSH_X.Y), `hostkey:` lines
 * (`ssh-keygen -lf`: `3072 SHA256:... comment (RSA)`), then the state of ssh.socket on the last line.
 */
export function parseSshd(output: string): SshdState {
  const lines = output.trim().split('\n');
  const ports = lines.filter((l) => l.startsWith('port ')).map((l) => Number(l.slice(5)));
  const version = /^version:.*?OpenSSH_(\d+)\.(\d+)/.exec(lines.find((l) => l.startsWith('version:')) ?? '');
  const hostKeys = new Map<string, number>();
  for (const line of lines) {
    const key = /^hostkey:(\d+) \S+ .*\((\w+)\)$/.exec(line);
    if (key) hostKeys.set(key[2]!.toLowerCase(), Number(key[1]));
  }
  return {
    ports,
    socketActivated: lines.at(-1)?.trim() === 'socket:active',
    ...(version && { version: { major: Number(version[1]), minor: Number(version[2]) } }),
    hostKeys,
  };
}

export const sshdFact: Fact<SshdState> = {
  description: 'sshd settings in effect (sshd -T), its version and host keys',
  // `sshd -V` answers with the version; an sshd without -V prints it atop its usage text (sshd.c usage()).
  command: sh`sshd -T 2>/dev/null | grep '^port '
printf 'version:%s\n' "$(sshd -V 2>&1 | grep -m 1 -o 'OpenSSH_[0-9.]*')"
for key in /etc/ssh/ssh_host_*_key.pub; do [ -f "$key" ] && printf 'hostkey:%s\n' "$(ssh-keygen -l -f "$key")"; done
printf 'socket:%s\n' "$(systemctl is-active ssh.socket)"`,
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
