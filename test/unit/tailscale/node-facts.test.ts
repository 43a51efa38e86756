import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { nodePrefsFact, parseNodePrefs } from '../../../modules/tailscale/node-prefs.js';
import { nodeStatusFact, parseNodeStatus } from '../../../modules/tailscale/node-status.js';
import type { GoldenCase } from '../../targets/record-facts.js';

/** A fact's raw output as a golden case holds it (hand-written in the format of tailscale's source). */
function recorded(caseName: string, fact: string): { output: string; exitCode: number } {
  const url = new URL(`../../../modules/tailscale/golden/${caseName}.yaml`, import.meta.url);
  const golden = parse(readFileSync(fileURLToPath(url), 'utf8')) as GoldenCase;
  return golden.facts[fact]!;
}

describe('tailscale status --json --peers=false', () => {
  it('is asked with a time limit, peers left out', () => {
    expect(nodeStatusFact.command.text).toBe('timeout 10 tailscale status --json --peers=false');
  });

  it('is no answer on a fresh host (no binary: 127) and when tailscaled does not run (1), both with empty stdout', () => {
    expect(parseNodeStatus('', 127)).toBeNull();
    expect(parseNodeStatus('', 1)).toBeNull();
    expect(parseNodeStatus('', 124)).toBeNull();
  });

  it('reads the state, the name and the granted tags of a running node', () => {
    const { output, exitCode } = recorded('converged', 'status');
    expect(parseNodeStatus(output, exitCode)).toEqual({ backendState: 'Running', hostName: 'web-1', tags: ['tag:server', 'tag:web'], keyExpired: false });
  });

  it('reads a logged-out node (no netmap: the OS host name, no tags) and an expired key', () => {
    const out = recorded('logged-out-rejoin', 'status');
    expect(parseNodeStatus(out.output, out.exitCode)).toEqual({ backendState: 'NeedsLogin', hostName: 'web-1', tags: [], keyExpired: false });
    const expired = recorded('key-expired-rejoin', 'status');
    expect(parseNodeStatus(expired.output, expired.exitCode)).toMatchObject({ backendState: 'NeedsLogin', keyExpired: true });
  });

  it('refuses output that is not the status it asked for', () => {
    expect(() => parseNodeStatus('failed to connect', 0)).toThrow();
    expect(() => parseNodeStatus('{"Self": {}}', 0)).toThrow(/BackendState/);
  });
});

describe('tailscale debug prefs', () => {
  it('is asked with a time limit', () => {
    expect(nodePrefsFact.command.text).toBe('timeout 10 tailscale debug prefs');
  });

  it('is no answer without a binary or a daemon', () => {
    expect(parseNodePrefs('', 127)).toBeNull();
    expect(parseNodePrefs('', 1)).toBeNull();
  });

  it('reads what up and set last asked for: hostname, tags, routes as netip prints them, SSH, accept routes', () => {
    const { output, exitCode } = recorded('converged', 'prefs');
    expect(parseNodePrefs(output, exitCode)).toEqual({
      hostname: 'web-1',
      advertiseTags: ['tag:server', 'tag:web'],
      advertiseRoutes: ['10.0.0.0/24', 'fd00:1::/64'],
      runSsh: true,
      routeAll: false,
    });
  });

  it('reads null lists (Go marshals an empty slice it never filled as null) as empty', () => {
    const { output, exitCode } = recorded('key-expired-rejoin', 'prefs');
    expect(parseNodePrefs(output, exitCode)).toMatchObject({ advertiseTags: [] });
  });

  it('refuses prefs whose fields are not of their type', () => {
    expect(() => parseNodePrefs('{"Hostname": "a", "AdvertiseTags": "tag:x", "RunSSH": false, "RouteAll": false}', 0)).toThrow(/AdvertiseTags/);
    expect(() => parseNodePrefs('{"Hostname": "a", "RunSSH": "yes", "RouteAll": false}', 0)).toThrow(/RunSSH/);
  });
});
