import type { Fact } from '../../src/facts/fact.js';
import { sh } from '../../src/shell/command.js';

/**
 * Caddy's apt repository, as Caddy's install page sets it up. The same paths as there, so a host set up by
 * hand before converges instead of getting a second source for one repository (apt refuses two sources
 * with different Signed-By keys for the same URL).
 */
export const CADDY_REPOSITORY = {
  url: 'https://dl.cloudsmith.io/public/caddy/stable/deb/debian',
  suite: 'any-version',
  component: 'main',
  keyUrl: 'https://dl.cloudsmith.io/public/caddy/stable/gpg.key',
  /** The primary key "Caddy Web Server <contact@caddyserver.com>"; the repository signs with a subkey of it. */
  keyFingerprint: '65760C51EDEA2017CEA2CA15155B6D79CA56EA34',
  keyring: '/usr/share/keyrings/caddy-stable-archive-keyring.gpg',
  sourcesList: '/etc/apt/sources.list.d/caddy-stable.list',
} as const;

/** One-line source, signed-by the keyring and pinned to the host's architecture. */
export function caddySourcesList(architecture: string): string {
  const { url, suite, component, keyring } = CADDY_REPOSITORY;
  return `# Written by Phanes (caddy module).\ndeb [arch=${architecture} signed-by=${keyring}] ${url} ${suite} ${component}\n`;
}

/** dpkg's name for the host's architecture (amd64, arm64, ...). */
export const architectureFact: Fact<string> = {
  description: 'dpkg architecture',
  command: sh`dpkg --print-architecture`,
  parse: (output) => output.trim(),
};
