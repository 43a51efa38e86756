/** A Coolify release as its tags write it: `4.0.0-beta.420`, `4.3.19`. */
export interface ReleaseVersion {
  readonly core: readonly [number, number, number];
  /** Dot-separated pre-release identifiers (`beta`, `420`); empty for a final release. */
  readonly pre: readonly string[];
}

/** Parses a version, or null when it is not one (`latest`, '', a digest). */
export function parseRelease(text: string): ReleaseVersion | null {
  const match = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*))?$/.exec(text.trim());
  if (!match) return null;
  return { core: [Number(match[1]), Number(match[2]), Number(match[3])], pre: match[4] ? match[4].split('.') : [] };
}

/** Semver order: negative when a is older than b. A pre-release comes before its final release. */
export function compareReleases(a: ReleaseVersion, b: ReleaseVersion): number {
  for (let i = 0; i < 3; i++) {
    const diff = a.core[i]! - b.core[i]!;
    if (diff !== 0) return diff;
  }
  if (a.pre.length === 0 || b.pre.length === 0) return b.pre.length - a.pre.length;
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const [x, y] = [a.pre[i]!, b.pre[i]!];
    if (x === y) continue;
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (nx && ny) return Number(x) - Number(y);
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.pre.length - b.pre.length;
}
