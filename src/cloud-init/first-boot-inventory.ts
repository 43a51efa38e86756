import { stringify } from 'yaml';
import type { ResolvedHost } from '../inventory/resolved-host.js';
import { isSecret, type Secret } from '../shell/secret.js';

/** Where the first boot keeps the host's inventory: `${file:PATH}` references start in this directory. */
export const FIRST_BOOT_DIR = '/etc/phanes';
export const FIRST_BOOT_INVENTORY = `${FIRST_BOOT_DIR}/hosts.yaml`;

/** The inventory the server applies to itself on first boot, and what it still expects to find there. */
export interface FirstBootInventory {
  readonly text: string;
  /** Secret references kept as written (`${env:NAME}`, `${file:PATH}`): the server must provide them. */
  readonly references: readonly string[];
}

/** A secret setting that cannot go into user-data as a reference, named by where it is. */
export class LiteralSecretError extends Error {
  override readonly name = 'LiteralSecretError';
}

/**
 * The one-host inventory a first boot runs with `connection: local`: the host's resolved module list and
 * settings (defaults filled in, so the server converges to exactly what `plan` checks later). Secrets stay
 * references unless `includeSecrets`; a literal secret is then refused, its value would be in user-data.
 *
 * `loginUser` is who `plan` logs in as later. A local run has no login of its own, so the security module
 * keeps root's key login by default; over SSH as another user it would turn root login off. That choice is
 * written down here, so both runs want the same sshd.
 */
export function firstBootInventory(host: ResolvedHost, loginUser: string, includeSecrets: boolean): FirstBootInventory {
  const references: string[] = [];
  const plain = (value: unknown, path: string): unknown => {
    if (isSecret(value)) return secretText(value, path, includeSecrets, references);
    if (Array.isArray(value)) return value.map((v, i) => plain(v, `${path}[${i}]`));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v, `${path}.${k}`)]));
    return value;
  };
  const vars = plain(host.settings, 'vars') as Record<string, Record<string, unknown>>;
  const security = vars.security;
  if (security !== undefined && security.permit_root_login === undefined && loginUser !== 'root') security.permit_root_login = 'no';
  const entry = {
    connection: 'local',
    command_timeout: host.connection.commandTimeout,
    modules: [...host.modules],
    ...(Object.keys(vars).length > 0 && { vars }),
  };
  const text = `# ${host.name} as \`phanes cloud-init\` wrote it: applied by this server to itself on first boot.\n${stringify({ hosts: { [host.name]: entry } }, { lineWidth: 0 })}`;
  return { text, references: [...new Set(references)] };
}

function secretText(secret: Secret, path: string, includeSecrets: boolean, references: string[]): string {
  // The one place a secret leaves Phanes as text: the user asked for it with --include-secrets.
  if (includeSecrets) return secret.reveal();
  if (secret.source === 'literal') {
    throw new LiteralSecretError(`${path} is a secret written in the inventory: user-data would carry it. Make it a reference (\${file:PATH} or \${env:NAME}), or pass --include-secrets`);
  }
  const reference = `\${${secret.source}}`;
  references.push(reference);
  return reference;
}
