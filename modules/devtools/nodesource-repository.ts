/**
 * NodeSource's apt repository for one Node.js major: its signing key (carried here, compared byte for byte),
 * the deb822 source, and a pin so nodejs always comes from it.
 */

export const NODESOURCE_KEYRING = '/etc/apt/keyrings/nodesource.asc';
export const NODESOURCE_SOURCES = '/etc/apt/sources.list.d/nodesource.sources';
export const NODESOURCE_PIN = '/etc/apt/preferences.d/nodesource';
export const NODESOURCE_HOST = 'deb.nodesource.com';
/** Fingerprint of the key below (NSolid <nsolid-gpg@nodesource.com>). */
export const NODESOURCE_KEY_FINGERPRINT = '6F71F525282841EEDAF851B42F59B5F99B1BE0B4';
/** NodeSource builds its deb packages for these dpkg architectures only. */
export const NODESOURCE_ARCHITECTURES: ReadonlySet<string> = new Set(['amd64', 'arm64']);

/**
 * https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key, ASCII-armored. Checked with `gpg --check-sigs`:
 * fingerprint as above, self-signatures good.
 */
export const NODESOURCE_KEY = `-----BEGIN PGP PUBLIC KEY BLOCK-----

mQENBFdDN1ABCADaNd/I3j3tn40deQNgz7hB2NvT+syXe6k4ZmdiEcOfBvFrkS8B
hNS67t93etHsxEy7E0qwsZH32bKazMqe9zDwoa3aVImryjh6SHC9lMtW27JPHFeM
Srkt9YmH1WMwWcRO6eSY9B3PpazquhnvbammLuUojXRIxkDroy6Fw4UKmUNSRr32
9Ej87jRoR1B2/57Kfp2Y4+vFGGzSvh3AFQpBHq51qsNHALU6+8PjLfIt+5TPvaWR
TB+kAZnQZkaIQM2nr1n3oj6ak2RATY/+kjLizgFWzgEfbCrbsyq68UoY5FPBnu4Z
E3iDZpaIqwKr0seUC7iA1xM5eHi5kty1oB7HABEBAAG0Ik5Tb2xpZCA8bnNvbGlk
LWdwZ0Bub2Rlc291cmNlLmNvbT6JATgEEwECACIFAldDN1ACGwMGCwkIBwMCBhUI
AgkKCwQWAgMBAh4BAheAAAoJEC9ZtfmbG+C0y7wH/i4xnab36dtrYW7RZwL8i6Sc
NjMx4j9+U1kr/F6YtqWd+JwCbBdar5zRghxPcYEq/qf7MbgAYcs1eSOuTOb7n7+o
xUwdH2iCtHhKh3Jr2mRw1ks7BbFZPB5KmkxHaEBfLT4d+I91ZuUdPXJ+0SXs9gzk
Dbz65Uhoz3W03aiF8HeL5JNARZFMbHHNVL05U1sTGTCOtu+1c/33f3TulQ/XZ3Y4
hwGCpLe0Tv7g7Lp3iLMZMWYPEa0a7S4u8he5IEJQLd8bE8jltcQvrdr3Fm8kI2Jg
BJmUmX4PSfhuTCFaR/yeCt3UoW883bs9LfbTzIx9DJGpRIu8Y0IL3b4sj/GoZVq5
AQ0EV0M3UAEIAKrTaC62ayzqOIPa7nS90BHHck4Z33a2tZF/uof38xNOiyWGhT8u
JeFoTTHn5SQq5Ftyu4K3K2fbbpuu/APQF05AaljzVkDGNMW4pSkgOasdysj831cu
ssrHX2RYS22wg80k6C/Hwmh5F45faEuNxsV+bPx7oPUrt5n6GMx84vEP3i1+FDBi
0pt/B/QnDFBXki1BGvJ35f5NwDefK8VaInxXP3ZN/WIbtn5dqxppkV/YkO7GiJlp
Jlju9rf3kKUIQzKQWxFsbCAPIHoWv7rH9RSxgDithXtG6Yg5R1aeBbJaPNXL9wpJ
YBJbiMjkAFaz4B95FOqZm3r7oHugiCGsHX0AEQEAAYkBHwQYAQIACQUCV0M3UAIb
DAAKCRAvWbX5mxvgtE/OB/0VN88DR3Y3fuqy7lq/dthkn7Dqm9YXdorZl3L152eE
IF882aG8FE3qZdaLGjQO4oShAyNWmRfSGuoH0XERXAI9n0r8m4mDMxE6rtP7tHet
y/5M8x3CTyuMgx5GLDaEUvBusnTD+/v/fBMwRK/cZ9du5PSG4R50rtst+oYyC2ao
x4I2SgjtF/cY7bECsZDplzatN3gv34PkcdIg8SLHAVlL4N5tzumDeizRspcSyoy2
K2+hwKU4C4+dekLLTg8rjnRROvplV2KtaEk6rxKtIRFDCoQng8wfJuIMrDNKvqZw
FRGt7cbvW5MCnuH8MhItOl9Uxp1wHp6gtav/h8Gp6MBa
=MARt
-----END PGP PUBLIC KEY BLOCK-----
`;

/** The repository of one major: it carries only that major's releases. */
export function nodesourceSources(major: number, architecture: string): string {
  return [
    '# Written by Phanes (devtools module).',
    'Types: deb',
    `URIs: https://${NODESOURCE_HOST}/node_${major}.x`,
    'Suites: nodistro',
    'Components: main',
    `Architectures: ${architecture}`,
    `Signed-By: ${NODESOURCE_KEYRING}`,
    '',
  ].join('\n');
}

/**
 * nodejs from NodeSource only: above 1000, so apt takes it over the distribution's nodejs and also goes down
 * when node_major goes down.
 */
export const NODESOURCE_PIN_CONTENT = [
  '# Written by Phanes (devtools module).',
  'Package: nodejs',
  `Pin: origin ${NODESOURCE_HOST}`,
  'Pin-Priority: 1001',
  '',
].join('\n');

/** Whether an installed nodejs version is NodeSource's build of this major (`22.12.0-1nodesource1`). */
export function isNodesourceMajor(version: string | undefined, major: number): boolean {
  return version !== undefined && version.startsWith(`${major}.`) && version.includes('nodesource');
}
