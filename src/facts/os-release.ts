import { printFile } from './print-file.js';
import type { Fact } from './fact.js';

/** The distribution, from /etc/os-release. */
export interface OsRelease {
  /** `debian`, `ubuntu`, ... */
  readonly id: string;
  /** `12`, `22.04`, ... */
  readonly versionId: string;
  /** `bookworm`, `jammy`, ... */
  readonly codename: string;
  readonly prettyName: string;
}

/** Parses os-release's KEY=value lines (values may be quoted). */
export function parseOsRelease(text: string): OsRelease {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match?.[1]) values.set(match[1], (match[2] ?? '').replace(/^(["'])(.*)\1$/, '$2'));
  }
  return {
    id: values.get('ID') ?? 'unknown',
    versionId: values.get('VERSION_ID') ?? '',
    codename: values.get('VERSION_CODENAME') ?? '',
    prettyName: values.get('PRETTY_NAME') ?? values.get('NAME') ?? 'unknown',
  };
}

export const osReleaseFact: Fact<OsRelease> = {
  description: 'the distribution (/etc/os-release)',
  command: printFile('/etc/os-release'),
  sharesShell: true,
  parse: (output) => parseOsRelease(output),
};
