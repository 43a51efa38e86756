/**
 * IdentityFile values as ssh loads them: OpenSSH 9.2's default list when the config names none, `none`
 * skipped, `~` then `%` tokens and `${NAME}` expanded with the user and port the connection really uses.
 */
import { createHash } from 'node:crypto';
import type { SshConfigContext } from './ssh-config.js';
import { SshConfigError } from './ssh-config-error.js';

/** Default key files of OpenSSH 9.2 (ssh_config(5), IdentityFile), tried when the config names none. */
export const DEFAULT_IDENTITY_FILES = ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk', 'id_xmss', 'id_dsa'];

/** One IdentityFile value as written, with where it was written (line 0 for the defaults). */
export interface IdentityEntry {
  readonly path: string;
  readonly file: string;
  readonly line: number;
}

/** What the tokens stand for: the connection as it will really be made. */
export interface IdentityTokens {
  /** The host connected to (HostName resolved), for %h. */
  readonly host: string;
  /** The host as given, for %n (and %k without HostKeyAlias). */
  readonly alias: string;
  readonly user: string;
  readonly port: number;
  readonly hostKeyAlias?: string;
  readonly context: SshConfigContext;
}

/** ssh's default list, as entries written `~/.ssh/NAME`. */
export function defaultIdentityFiles(file: string): IdentityEntry[] {
  return DEFAULT_IDENTITY_FILES.map((name) => ({ path: `~/.ssh/${name}`, file, line: 0 }));
}

/**
 * The key files ssh would try, expanded as ssh.c load_public_identity_files does (`~`, then `%` tokens and
 * `${NAME}`), `none` dropped. A token or variable ssh cannot expand stops the host at its line.
 */
export function expandIdentityFiles(entries: readonly IdentityEntry[], at: IdentityTokens): string[] {
  const { context } = at;
  const user = at.user;
  const port = String(at.port);
  const thisHost = context.localHostName ?? 'localhost';
  const tokens: Record<string, string> = {
    C: createHash('sha1').update(`${thisHost}${at.host}${port}${user}`).digest('hex'),
    L: thisHost.split('.')[0] ?? thisHost,
    i: String(context.uid ?? 0),
    k: at.hostKeyAlias?.toLowerCase() ?? at.alias,
    l: thisHost,
    n: at.alias,
    p: port,
    d: context.home,
    h: at.host,
    r: user,
    u: context.localUser,
  };
  const files: string[] = [];
  for (const entry of entries) {
    // ssh skips `none` when it loads keys.
    if (entry.path.toLowerCase() === 'none') continue;
    const fail = (message: string): never => {
      throw new SshConfigError(entry.file, entry.line, `IdentityFile ${JSON.stringify(entry.path)}: ${message}`, 'host');
    };
    files.push(expandPath(expandTilde(entry.path, context.home, fail), tokens, context.env ?? process.env, fail));
  }
  return files;
}

function expandTilde(path: string, home: string, fail: (message: string) => never): string {
  if (!path.startsWith('~')) return path;
  const slash = path.indexOf('/');
  const name = slash < 0 ? path.slice(1) : path.slice(1, slash);
  if (name !== '') fail('~user paths are not supported; write the absolute path');
  return `${home.replace(/\/+$/, '')}${slash < 0 ? '' : path.slice(slash)}`;
}

/** misc.c vdollar_percent_expand: `${NAME}` from the environment, `%x` tokens, `%%`; an unknown one stops. */
function expandPath(path: string, tokens: Readonly<Record<string, string>>, env: Readonly<Record<string, string | undefined>>, fail: (message: string) => never): string {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '$' && path[i + 1] === '{') {
      const end = path.indexOf('}', i + 2);
      if (end < 0) fail('${ has no closing }');
      const name = path.slice(i + 2, end);
      if (name === '') fail('${} names no environment variable');
      const value = env[name];
      if (value === undefined) fail(`environment variable ${name} is not set (ssh stops there too); set it or write the path out`);
      out += value;
      i = end;
      continue;
    }
    if (c !== '%') {
      out += c;
      continue;
    }
    const t = path[++i];
    if (t === '%') out += '%';
    else if (t === undefined) fail('a lone % at the end; write %% for a percent sign');
    else if (tokens[t] !== undefined) out += tokens[t];
    else fail(`unknown token %${t}; ssh knows %C %L %i %k %l %n %p %d %h %r %u and %%`);
  }
  return out;
}
