import { parseFileFact } from '../../src/facts/file.js';
import type { Fact } from '../../src/facts/fact.js';
import type { RemoteFile } from '../../src/engine/step.js';
import { sh } from '../../src/shell/command.js';

/** An account as the user module needs to see it. */
export interface Account {
  readonly home: string;
  readonly shell: string;
  readonly primaryGroup: string;
  readonly groups: ReadonlySet<string>;
  /** Mode and owner of ~/.ssh, or null when missing: `0700 admin admin`. */
  readonly sshDir: string | null;
  readonly authorizedKeys: RemoteFile | null;
}

/** Parses: passwd line, primary group, all groups, ~/.ssh stat line ('' if none), keys file stat, keys base64. */
export function parseAccount(output: string): Account | null {
  const lines = output.split('\n');
  const [passwd, primaryGroup, groups, sshDir, ...keys] = lines;
  if (!passwd) return null;
  const fields = passwd.split(':');
  return {
    home: fields[5] ?? '',
    shell: fields[6] ?? '',
    primaryGroup: primaryGroup ?? '',
    groups: new Set((groups ?? '').split(' ').filter(Boolean)),
    sshDir: sshDir ? sshDir.replace(/^(\d+)/, (mode) => mode.padStart(4, '0')) : null,
    authorizedKeys: parseFileFact(keys.join('\n'), '~/.ssh/authorized_keys'),
  };
}

/** Everything about one account in one go (its home is only known on the host). */
export function accountFact(name: string): Fact<Account | null> {
  return {
    description: `account ${name}`,
    command: sh`entry=$(getent passwd ${name}) || exit 0
printf '%s\n' "$entry"; id -gn ${name}; id -nG ${name}
home=$(printf '%s' "$entry" | cut -d: -f6)
if [ -d "$home/.ssh" ]; then stat -c '%a %U %G' "$home/.ssh"; else echo; fi
if [ -f "$home/.ssh/authorized_keys" ]; then stat -c '%a %U %G %s' "$home/.ssh/authorized_keys" && base64 -w0 "$home/.ssh/authorized_keys"; fi`,
    parse: (output) => parseAccount(output),
  };
}

/** Which of `names` exist as groups. */
export function existingGroupsFact(names: readonly string[]): Fact<ReadonlySet<string>> {
  return {
    description: `groups ${names.join(' ')}`,
    command: names.length === 0 ? sh`true` : sh`getent group ${[...names]} | cut -d: -f1`,
    parse: (output) => new Set(output.split('\n').filter(Boolean)),
  };
}
