import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { builtInCatalog } from '../../modules/catalog.js';
import { nearestName } from '../inventory/nearest-name.js';
import { EXIT } from './exit-codes.js';
import { CliError } from './load-targets.js';

/** The one-server path's flags: hosts named on the command line instead of an inventory file. */
export interface CommandLineHosts {
  readonly hosts?: readonly string[] | undefined;
  readonly local?: boolean | undefined;
  readonly identity?: string | undefined;
  readonly vars?: string | undefined;
  readonly set?: readonly string[] | undefined;
  readonly profile?: string | undefined;
  readonly modules?: readonly string[] | undefined;
}

const usage = (message: string) => new CliError(message, EXIT.usage);
const didYouMean = (name: string, candidates: Iterable<string>) => {
  const near = nearestName(name, candidates);
  return near ? ` (did you mean ${near}?)` : '';
};

/** `[user@]address[:port]`, IPv6 in brackets: the inventory's connection keys for one `--host`. */
export function parseHostSpec(spec: string): { name: string; address: string; user?: string; port?: number } {
  const at = spec.lastIndexOf('@');
  const user = at >= 0 ? spec.slice(0, at) : undefined;
  const rest = at >= 0 ? spec.slice(at + 1) : spec;
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]\s]+))(?::(\d+))?$/.exec(rest);
  const address = match?.[1] ?? match?.[2];
  if (!match || !address || user === '') {
    throw usage(`--host ${JSON.stringify(spec)}: write [user@]address[:port], e.g. root@203.0.113.10 or deploy@[2001:db8::1]:2222`);
  }
  const port = match[3] === undefined ? undefined : Number(match[3]);
  if (port !== undefined && (port < 1 || port > 65535)) throw usage(`--host ${spec}: port ${port} is not between 1 and 65535`);
  // An inventory host name: letters, digits, _ . and -, not starting with . or - (so 10.0.0.5-2222, 2001-db8--1).
  const name = `${address}${port === undefined ? '' : `-${port}`}`.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^([.-])/, 'host$1');
  return { name, address, ...(user !== undefined && { user }), ...(port !== undefined && { port }) };
}

/** Module settings from --vars FILE, checked to be a mapping of known modules. */
function readVars(file: string): Record<string, Record<string, unknown>> {
  let data: unknown;
  try {
    data = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw usage(`--vars ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message.split('\n')[0]}`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw usage(`--vars ${file}: expected module names with their settings, e.g. "swap: { size_mb: 2048 }"`);
  for (const [module, settings] of Object.entries(data)) {
    if (!builtInCatalog.modules.has(module)) throw usage(`--vars ${file}: unknown module ${module}${didYouMean(module, builtInCatalog.modules.keys())}`);
    if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) throw usage(`--vars ${file}: the settings of ${module} must be a mapping`);
  }
  return data as Record<string, Record<string, unknown>>;
}

/** Applies one `--set module.key[.sub]=value` (the value read as YAML: 2048, true, [a, b]). */
function applySet(vars: Record<string, Record<string, unknown>>, assignment: string): void {
  const eq = assignment.indexOf('=');
  const path = (eq < 0 ? assignment : assignment.slice(0, eq)).split('.');
  const [module, key, ...deeper] = path;
  if (eq < 0 || !module || !key || path.some((p) => p === '')) throw usage(`--set ${assignment}: write module.setting=value, e.g. --set swap.size_mb=2048`);
  const definition = builtInCatalog.modules.get(module);
  if (!definition) throw usage(`--set ${assignment}: unknown module ${module}${didYouMean(module, builtInCatalog.modules.keys())}`);
  const keys = Object.keys((definition.schema as { properties?: object }).properties ?? {});
  if (!keys.includes(key)) throw usage(`--set ${assignment}: module ${module} has no setting ${key}${didYouMean(key, keys)}`);
  let value: unknown;
  try {
    value = parse(assignment.slice(eq + 1));
  } catch {
    value = assignment.slice(eq + 1);
  }
  let at = (vars[module] ??= {});
  for (const part of [key, ...deeper].slice(0, -1)) {
    const next = at[part];
    at = (at[part] = typeof next === 'object' && next !== null && !Array.isArray(next) ? next : {}) as Record<string, unknown>;
  }
  at[[key, ...deeper].at(-1)!] = value ?? '';
}

/** `--local` runs as root; a user who is not must be able to use sudo without a terminal prompt Phanes cannot answer. */
function checkLocalPrivileges(): void {
  if (process.getuid?.() === 0) return;
  const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
  if (sudo.status !== 0) throw usage('--local changes this machine as root: run phanes as root, or with sudo (sudo phanes apply --local ...)');
}

/**
 * Writes the inventory that --host/--local describe, under the state directory, and returns its path: the
 * run then goes through the same loading, validation, lock and records as an inventory file would. The file
 * stays, so a one-off run can become an inventory (copy it).
 */
export function writeCommandLineInventory(flags: CommandLineHosts, stateDir: string): string {
  const hosts = flags.hosts ?? [];
  if (flags.local && hosts.length > 0) throw usage('--local and --host exclude each other: run on this machine, or on the hosts named');
  if (!flags.profile && (!flags.modules || flags.modules.length === 0)) throw usage('name what to apply: --profile P (phanes list shows them) or --modules a,b');
  if (flags.local) checkLocalPrivileges();
  const vars = flags.vars ? readVars(flags.vars) : {};
  for (const assignment of flags.set ?? []) applySet(vars, assignment);

  const entries = flags.local
    ? [['local', { connection: 'local' }] as const]
    : hosts.map((spec) => {
        const { name, ...connection } = parseHostSpec(spec);
        return [name, connection] as const;
      });
  const names = entries.map(([name]) => name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) throw usage(`--host names the same server twice (${twice})`);
  const identity = flags.identity && !isAbsolute(flags.identity) ? resolve(flags.identity) : flags.identity;
  const document = {
    defaults: {
      ...(identity && { identity_file: identity }),
      ...(flags.profile && { profile: flags.profile }),
      ...(flags.modules && flags.modules.length > 0 && { modules: flags.modules.flatMap((m) => m.split(',')) }),
      ...(Object.keys(vars).length > 0 && { vars }),
    },
    hosts: Object.fromEntries(entries),
  };
  const text = `# Written by phanes from its command line; a starting point for an inventory of your own.\n${stringify(document)}`;
  const dir = join(stateDir, 'command-line');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${createHash('sha256').update(text).digest('hex').slice(0, 12)}.yaml`);
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}
