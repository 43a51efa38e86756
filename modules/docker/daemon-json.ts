import { ensureFile, type RemoteFile, type Step } from '../../src/engine/step.js';
import { sh, type ShellText } from '../../src/shell/command.js';
import type { DockerSettings } from '../../schemas/modules/docker.js';

export const DAEMON_JSON = '/etc/docker/daemon.json';

/** daemon.json keys the module's own settings write; `daemon_json` may not set them too. */
export const OWNED_KEYS: readonly string[] = ['log-driver', 'log-opts', 'default-address-pools'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The same value with every object's keys sorted, so equal settings always render the same text. */
function sorted(value: unknown): Json {
  if (Array.isArray(value)) return value.map(sorted);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
    );
  }
  return value as Json;
}

/** daemon.json as the settings want it: Phanes owns the whole file (keys written by hand are removed). */
export function daemonConfig(settings: DockerSettings): Record<string, unknown> {
  return {
    ...settings.daemon_json,
    'log-driver': 'json-file',
    // Docker wants log-opts values as strings.
    'log-opts': { 'max-size': settings.log_max_size, 'max-file': String(settings.log_max_file) },
    ...(settings.address_pools.length > 0 && { 'default-address-pools': settings.address_pools.map((pool) => ({ base: pool.base, size: pool.size })) }),
  };
}

/** The file's text: sorted keys, two-space indent, a final newline. */
export function daemonJsonContent(config: Record<string, unknown>): string {
  return JSON.stringify(sorted(config), null, 2) + '\n';
}

/**
 * Whether the host's daemon.json already says exactly this, whatever its formatting (Coolify's installer, or
 * a person, may have written the same keys in another layout): then it is left alone and docker is not
 * restarted. A file that is not JSON never matches.
 */
export function sameDaemonConfig(current: RemoteFile | null, config: Record<string, unknown>): boolean {
  if (current === null) return false;
  try {
    return JSON.stringify(sorted(JSON.parse(current.content))) === JSON.stringify(sorted(config));
  } catch {
    return false;
  }
}

/**
 * Checks the new file with `dockerd --validate` (Docker 23 and later) before it replaces the old one; older
 * engines (Debian 12's docker.io is 20.10) and hosts without dockerd yet skip the check.
 */
export function validateDaemonJson(tempFile: ShellText): ShellText {
  return sh`if command -v dockerd >/dev/null && dockerd --help 2>/dev/null | grep -q -- --validate; then dockerd --validate --config-file ${tempFile}; fi`;
}

/**
 * The write of daemon.json when its meaning, mode or owner differs: Phanes owns the whole file, so keys
 * written by hand are removed (plan shows them in the diff).
 */
export function daemonJsonSteps(settings: DockerSettings, current: RemoteFile | null): Step[] {
  const config = daemonConfig(settings);
  const sameOwner = current?.mode === '0644' && current.owner === 'root' && current.group === 'root';
  if (sameOwner && sameDaemonConfig(current, config)) return [];
  return ensureFile(
    {
      title: `Write ${DAEMON_JSON} (log rotation ${settings.log_max_size} x ${settings.log_max_file})`,
      path: DAEMON_JSON,
      content: daemonJsonContent(config),
      mode: '0644',
      owner: 'root',
      group: 'root',
      validate: validateDaemonJson,
    },
    current,
  );
}
