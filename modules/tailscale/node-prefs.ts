import type { Fact } from '../../src/facts/fact.js';
import { sh } from '../../src/shell/command.js';
import { CLI_TIMEOUT } from './node-status.js';

/**
 * The node's preferences as `tailscale debug prefs` prints them (ipn.Prefs as JSON, private keys
 * stripped): what `tailscale up` and `tailscale set` last asked for, which is what plan compares the
 * settings with.
 */
export interface NodePrefs {
  /** Hostname: '' when the OS's name is used. */
  readonly hostname: string;
  /** AdvertiseTags, in the order they were given. */
  readonly advertiseTags: readonly string[];
  /** AdvertiseRoutes as netip.Prefix prints them, the exit node's 0.0.0.0/0 and ::/0 included. */
  readonly advertiseRoutes: readonly string[];
  /** RunSSH: Tailscale SSH. */
  readonly runSsh: boolean;
  /** RouteAll: `--accept-routes`. */
  readonly routeAll: boolean;
}

function strings(value: unknown, name: string): string[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new Error(`tailscale debug prefs: ${name} is not a list of strings`);
  return value;
}

function flag(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw new Error(`tailscale debug prefs: ${name} is not true or false`);
  return value;
}

/** Parses the command's JSON; no output (missing binary: 127, no daemon: 1) means no answer. */
export function parseNodePrefs(output: string, exitCode: number): NodePrefs | null {
  if (exitCode !== 0 || output.trim() === '') return null;
  const prefs = JSON.parse(output) as Record<string, unknown>;
  const hostname = prefs['Hostname'];
  if (typeof hostname !== 'string') throw new Error('tailscale debug prefs: Hostname is not a string');
  return {
    hostname,
    advertiseTags: strings(prefs['AdvertiseTags'], 'AdvertiseTags'),
    advertiseRoutes: strings(prefs['AdvertiseRoutes'], 'AdvertiseRoutes'),
    runSsh: flag(prefs['RunSSH'], 'RunSSH'),
    routeAll: flag(prefs['RouteAll'], 'RouteAll'),
  };
}

/** What the node was last asked to be. */
export const nodePrefsFact: Fact<NodePrefs | null> = {
  description: 'tailscale debug prefs',
  command: sh`timeout ${CLI_TIMEOUT} tailscale debug prefs`,
  parse: (output, exitCode) => parseNodePrefs(output, exitCode),
};
