/**
 * `.phanes-manifest` in each app's directory: what Phanes wrote there (so a file dropped from the inventory
 * is removed, and an app dropped from it can be pruned) and a digest per .env key (so plan can name the keys
 * that change without reading values). Mode 0600: the digests are of secrets.
 */
export interface Manifest {
  readonly composeFile: string;
  readonly files: readonly string[];
  readonly env: ReadonlyMap<string, string>;
}

export const MANIFEST = '.phanes-manifest';
const HEADER = '# Written by Phanes (apps module): what it deployed here. Do not edit.';

export function renderManifest(manifest: Manifest): string {
  const lines = [HEADER, `compose ${manifest.composeFile}`];
  for (const file of [...manifest.files].sort()) lines.push(`file ${file}`);
  for (const [key, digest] of [...manifest.env].sort(([a], [b]) => a.localeCompare(b))) lines.push(`env ${key} ${digest}`);
  return `${lines.join('\n')}\n`;
}

/** Parses a manifest; unknown or broken lines are skipped (a manifest without a compose line is null). */
export function parseManifest(text: string): Manifest | null {
  let composeFile: string | undefined;
  const files: string[] = [];
  const env = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [kind, first, second] = line.split(' ');
    if (kind === 'compose' && first) composeFile = first;
    else if (kind === 'file' && first) files.push(first);
    else if (kind === 'env' && first && second) env.set(first, second);
  }
  return composeFile === undefined ? null : { composeFile, files, env };
}
