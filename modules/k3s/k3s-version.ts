import type { Fact } from '../../src/facts/fact.js';
import { sh } from '../../src/shell/command.js';

/** A k3s release as k3s tags it: `v1.30.4+k3s1`, `v1.31.0-rc1+k3s1`. */
export interface K3sVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** The release candidate's number; null for a final release. */
  readonly rc: number | null;
  /** k3s's own revision of that Kubernetes release (`+k3s2`). */
  readonly revision: number;
}

/** Parses a release tag, or null when it is not one. */
export function parseK3sVersion(text: string): K3sVersion | null {
  const match = /^v(\d+)\.(\d+)\.(\d+)(?:-rc(\d+))?\+k3s(\d+)$/.exec(text);
  if (!match) return null;
  const [, major, minor, patch, rc, revision] = match;
  return { major: Number(major), minor: Number(minor), patch: Number(patch), rc: rc === undefined ? null : Number(rc), revision: Number(revision) };
}

/** Negative when a is older than b: Kubernetes' version, a release candidate before its final release, then k3s's revision. */
export function compareK3sVersions(a: K3sVersion, b: K3sVersion): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return core;
  if (a.rc !== b.rc) return a.rc === null ? 1 : b.rc === null ? -1 : a.rc - b.rc;
  return a.revision - b.revision;
}

/**
 * Parses `k3s --version`: `k3s version v1.30.4+k3s1 (98262b5d)` then `go version go1.22.5`; the release as
 * printed, or null when k3s is not installed (no such command: nothing printed).
 */
export function parseInstalledVersion(output: string): string | null {
  const match = /^k3s version (\S+)/.exec(output);
  return match ? match[1]! : null;
}

/** The k3s release installed on the host, as `k3s --version` prints it; null when there is none. */
export const installedVersionFact: Fact<string | null> = {
  description: 'the installed k3s release',
  command: sh`k3s --version`,
  sharesShell: true,
  parse: (output) => parseInstalledVersion(output),
};
