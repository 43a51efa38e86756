import { join, sh } from '../../src/shell/command.js';
import { printFile } from '../../src/facts/print-file.js';
import type { Fact } from '../../src/facts/fact.js';
import { pathBatch } from '../../src/facts/path-batch.js';

/** What the system says its time zone is, in both places Debian keeps it. */
export interface TimezoneState {
  /** Zone named by the /etc/localtime symlink, '' when it is not a link into zoneinfo. */
  readonly localtime: string;
  /** Content of /etc/timezone, '' when missing. */
  readonly timezoneFile: string;
}

export function parseTimezone(output: string): TimezoneState {
  const [link = '', file = ''] = output.split('\n');
  // timedatectl writes a relative link (../usr/share/zoneinfo/X); Debian's installer an absolute one.
  const zone = /^(?:\/|(?:\.\.\/)+)usr\/share\/zoneinfo\/(.+)$/.exec(link)?.[1] ?? '';
  return { localtime: zone, timezoneFile: file.trim() };
}

export const timezoneFact: Fact<TimezoneState> = {
  description: 'time zone',
  command: join([sh`printf '%s\\n' "$(readlink /etc/localtime)"`, printFile('/etc/timezone')], '; '),
  parse: (output) => parseTimezone(output),
  sharesShell: true,
  // In a probe the path batch answers it: the link from its one `stat`, the file from its `cat`.
  batch: { with: pathBatch, items: ['l/etc/localtime', 'f/etc/timezone'] },
};

/** Whether the zone's file exists under /usr/share/zoneinfo. */
export function zoneExistsFact(zone: string): Fact<boolean> {
  return {
    description: `zoneinfo for ${zone}`,
    command: sh`test -f ${`/usr/share/zoneinfo/${zone}`}`,
    parse: (_output, exitCode) => exitCode === 0,
    sharesShell: true,
  };
}
