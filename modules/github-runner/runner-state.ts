import type { Fact } from '../../src/facts/fact.js';
import type { RemoteFile } from '../../src/engine/step.js';
import { sh } from '../../src/shell/command.js';

/**
 * What Phanes installed and registered, kept beside the runner (DIRECTORY/.phanes-runner.json): GitHub
 * keeps a runner's labels on its side only (config.sh writes none of them locally), so this record is how
 * a later run knows which labels, name and URL the registration has.
 */
export interface InstalledRunner {
  readonly version: string;
  readonly sha256: string;
  readonly url: string;
  readonly name: string;
  readonly labels: readonly string[];
  readonly user: string;
}

export const RECORD_FILE = '.phanes-runner.json';

/** The record's content as Phanes writes it (stable key order, labels sorted: the file converges). */
export function renderRecord(record: InstalledRunner): string {
  const { version, sha256, url, name, labels, user } = record;
  return JSON.stringify({ version, sha256, url, name, labels: [...labels].sort(), user }, null, 2) + '\n';
}

/** The record, or null when there is none or it is not Phanes' (then everything is done again). */
export function parseRecord(file: RemoteFile | null): InstalledRunner | null {
  if (file === null) return null;
  try {
    const data = JSON.parse(file.content) as Record<string, unknown>;
    const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : '');
    const labels = Array.isArray(data['labels']) ? data['labels'].filter((l): l is string => typeof l === 'string') : [];
    return { version: text('version'), sha256: text('sha256'), url: text('url'), name: text('name'), labels, user: text('user') };
  } catch {
    return null;
  }
}

/** The registration config.sh wrote (DIRECTORY/.runner): its name and the URL it registered with. */
export interface RunnerConfig {
  readonly agentName: string;
  readonly gitHubUrl: string;
}

/** Parses .runner (JSON, written by .NET with a byte order mark); a file that is not JSON counts as configured, unknown. */
export function parseRunnerConfig(file: RemoteFile | null): RunnerConfig | null {
  if (file === null) return null;
  try {
    const data = JSON.parse(file.content.replace(/^\uFEFF/, '')) as Record<string, unknown>;
    return { agentName: String(data['agentName'] ?? ''), gitHubUrl: String(data['gitHubUrl'] ?? '') };
  } catch {
    return { agentName: '', gitHubUrl: '' };
  }
}

/** Whether the runner is unpacked: its config.sh is there (`test` is the shell's own). */
export function unpackedFact(directory: string): Fact<boolean> {
  return {
    description: `runner files in ${directory}`,
    command: sh`test -f ${`${directory}/config.sh`}`,
    sharesShell: true,
    parse: (_output, exitCode) => exitCode === 0,
  };
}

/** Whether the runner's user exists. */
export function userExistsFact(user: string): Fact<boolean> {
  return {
    description: `user ${user}`,
    command: sh`getent passwd ${user} > /dev/null`,
    parse: (_output, exitCode) => exitCode === 0,
  };
}
