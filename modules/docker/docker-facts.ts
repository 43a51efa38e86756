import type { Fact } from '../../src/facts/fact.js';
import { sh } from '../../src/shell/command.js';

/** A group as the docker module needs it: null when it does not exist. */
export interface GroupMembers {
  /** Supplementary members, from the group's own line (a user whose primary group it is is not listed). */
  readonly members: ReadonlySet<string>;
}

/** Parses a `getent group NAME` line (`docker:x:102:alice,bob`); '' means no such group. */
export function parseGroupMembers(output: string): GroupMembers | null {
  const line = output.split('\n')[0] ?? '';
  if (!line) return null;
  const members = line.split(':')[3] ?? '';
  return { members: new Set(members.split(',').filter(Boolean)) };
}

export function groupMembersFact(group: string): Fact<GroupMembers | null> {
  return {
    description: `members of group ${group}`,
    command: sh`getent group ${group} || true`,
    parse: (output) => parseGroupMembers(output),
  };
}

/** What `systemctl is-enabled` says about a unit: `enabled`, `disabled`, `masked`...; '' when it is unknown. */
export function unitEnabledFact(unit: string): Fact<string> {
  return {
    description: `whether ${unit} starts at boot`,
    command: sh`systemctl is-enabled ${unit} 2>/dev/null || true`,
    parse: (output) => output.trim().split('\n')[0] ?? '',
  };
}

/** dpkg's architecture name (`amd64`, `arm64`...), for a source's `Architectures:` line. */
export const architectureFact: Fact<string> = {
  description: 'the dpkg architecture',
  command: sh`dpkg --print-architecture`,
  parse: (output) => output.trim(),
};

/** Which of `paths` are not directories on the host. */
export function missingDirectoriesFact(paths: readonly string[]): Fact<ReadonlySet<string>> {
  return {
    description: `directories ${paths.join(' ')}`,
    command: sh`for dir in ${[...paths]}; do [ -d "$dir" ] || printf '%s\n' "$dir"; done`,
    parse: (output) => new Set(output.split('\n').filter(Boolean)),
  };
}

/** apt source files with an active (not commented out) line naming `host`. */
export function aptSourcesNamingFact(host: string): Fact<readonly string[]> {
  const pattern = `^[^#]*${host.replaceAll('.', '\\.')}`;
  return {
    description: `apt sources naming ${host}`,
    // Unmatched globs stay literal in dash; -s keeps grep quiet about them.
    command: sh`grep -lsE ${pattern} /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources || true`,
    parse: (output) => output.split('\n').filter(Boolean),
  };
}

/**
 * Whether the kernel has AppArmor enabled ('Y' in /sys/module/apparmor/parameters/enabled): dockerd then
 * loads its docker-default profile before every container, with apparmor_parser from the `apparmor` package.
 */
export const appArmorEnabledFact: Fact<boolean> = {
  description: 'whether the kernel has AppArmor enabled',
  command: sh`cat /sys/module/apparmor/parameters/enabled 2>/dev/null || true`,
  parse: (output) => output.trim() === 'Y',
};
