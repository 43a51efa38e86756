import type { Fact } from '../../src/facts/fact.js';
import { sh } from '../../src/shell/command.js';
import { APP_NAME_PATTERN } from './app-files.js';
import { MANIFEST, parseManifest, type Manifest } from './manifest.js';

/** An app's .env as the host has it: never its content, only its hash, mode and owner. */
export interface DeployedEnv {
  readonly mode: string;
  readonly owner: string;
  readonly group: string;
  readonly sha256: string;
}

/** What is deployed under the apps root, read in one command. */
export interface Deployed {
  /** Manifests by app name: the apps Phanes deployed here (listed in the inventory or not). */
  readonly manifests: ReadonlyMap<string, Manifest>;
  readonly envs: ReadonlyMap<string, DeployedEnv>;
  /** Directories under the root that exist, relative to it (`web`, `web/html`). */
  readonly directories: ReadonlySet<string>;
}

/**
 * Manifests (base64, one line each), each .env's mode, owner and sha256, and which of `directories` (relative
 * to root) exist. A missing root prints nothing.
 */
export function deployedFact(root: string, directories: readonly string[]): Fact<Deployed> {
  return {
    description: `apps deployed under ${root}`,
    command: sh`cd ${root} 2>/dev/null || exit 0
for m in */${MANIFEST}; do
  [ -f "$m" ] || continue
  printf 'manifest %s ' "\${m%%/*}"; base64 -w0 "$m"; echo
done
for e in */.env; do
  [ -f "$e" ] || continue
  printf 'env %s %s %s\\n' "\${e%%/*}" "$(stat -c '%a %U %G' "$e")" "$(sha256sum < "$e" | cut -d ' ' -f 1)"
done
for d in ${['.', ...directories]}; do [ -d "$d" ] && printf 'dir %s\\n' "$d"; done; :`,
    parse: (output) => parseDeployed(output),
  };
}

export function parseDeployed(output: string): Deployed {
  const manifests = new Map<string, Manifest>();
  const envs = new Map<string, DeployedEnv>();
  const directories = new Set<string>();
  for (const line of output.split('\n')) {
    const [kind, name, ...rest] = line.split(' ');
    if (!name) continue;
    if (kind === 'dir') directories.add(name);
    if (!APP_NAME_PATTERN.test(name)) continue;
    if (kind === 'manifest') {
      const manifest = parseManifest(Buffer.from(rest[0] ?? '', 'base64').toString('utf8'));
      if (manifest) manifests.set(name, manifest);
    } else if (kind === 'env') {
      const [mode, owner, group, sha256] = rest;
      if (!mode || !owner || !group || !sha256) throw new Error(`unexpected .env line for ${name}: ${line}`);
      envs.set(name, { mode: mode.padStart(4, '0'), owner, group, sha256 });
    }
  }
  return { manifests, envs, directories };
}

/** How many containers (running or not) each compose project has; empty when docker does not answer. */
export const projectContainersFact: Fact<ReadonlyMap<string, number>> = {
  description: 'containers per compose project',
  command: sh`docker ps -a --format '{{.Label "com.docker.compose.project"}}' 2>/dev/null || :`,
  parse: (output) => {
    const counts = new Map<string, number>();
    for (const name of output.split('\n').filter(Boolean)) counts.set(name, (counts.get(name) ?? 0) + 1);
    return counts;
  },
};
