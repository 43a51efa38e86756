import type { Fact } from '../../src/facts/fact.js';
import { sh } from '../../src/shell/command.js';

/** Seconds a tailscale command of a fact or check may take: a hung tailscaled must not hang the probe. */
export const CLI_TIMEOUT = 10;

/**
 * The node as `tailscale status --json --peers=false` describes it (ipnstate.Status): null when nothing
 * answered (no tailscale binary yet, or tailscaled not running or not answering).
 */
export interface NodeStatus {
  /** ipn.State's name: NoState, InUseOtherUser, NeedsLogin, NeedsMachineAuth, Stopped, Starting, Running. */
  readonly backendState: string;
  /** Self.HostName: the name the node reports (its --hostname, or the OS's). */
  readonly hostName: string;
  /** Self.Tags: the tags the control server granted (not those asked for). */
  readonly tags: readonly string[];
  /** Self.Expired: the control server says the node key expired. */
  readonly keyExpired: boolean;
}

function field<T>(value: unknown, check: (v: unknown) => v is T, fallback: T): T {
  return check(value) ? value : fallback;
}
const isString = (v: unknown): v is string => typeof v === 'string';
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';

/** Parses the command's JSON; no output (missing binary: 127, no daemon: 1) means no answer. */
export function parseNodeStatus(output: string, exitCode: number): NodeStatus | null {
  if (exitCode !== 0 || output.trim() === '') return null;
  const status = JSON.parse(output) as Record<string, unknown>;
  const backendState = status['BackendState'];
  if (!isString(backendState)) throw new Error('tailscale status --json printed no BackendState');
  const self = (typeof status['Self'] === 'object' && status['Self'] !== null ? status['Self'] : {}) as Record<string, unknown>;
  return {
    backendState,
    hostName: field(self['HostName'], isString, ''),
    tags: field(self['Tags'], isStrings, []),
    keyExpired: field(self['Expired'], isBoolean, false),
  };
}

/** The node's state and name; --peers=false leaves the tailnet's other nodes out of the answer. */
export const nodeStatusFact: Fact<NodeStatus | null> = {
  description: 'tailscale status --json',
  command: sh`timeout ${CLI_TIMEOUT} tailscale status --json --peers=false`,
  parse: (output, exitCode) => parseNodeStatus(output, exitCode),
};
