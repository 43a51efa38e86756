/**
 * Resolves the options Phanes uses (HostName, User, Port, IdentityFile, ProxyJump, and ProxyCommand to
 * refuse it) for one host from ~/.ssh/config exactly as OpenSSH 9.2's `ssh` does: Host and Match blocks
 * (host, originalhost, user, localuser, all, canonical, final, with the second "final" pass), Include
 * (globs, relative to ~/.ssh, inside blocks, 16 levels), first value wins, IdentityFile accumulates.
 * `Match exec` is never run: a host whose options depend on one is refused, naming the file and line.
 */
import { isIP } from 'node:net';
import { cutConfigLine, matchPattern, matchPatternList, strdelim, type ConfigLineWords } from './ssh-config-syntax.js';
import type { SshConfigFiles } from './ssh-config-files.js';
import { formatJumpHop, parseJumpValue, type JumpHop } from './jump-spec.js';
import { SSH_KEYWORDS } from './ssh-keywords.js';
import { a2port } from './service-port.js';
import { defaultIdentityFiles, expandIdentityFiles } from './identity-files.js';
import { SshConfigError } from './ssh-config-error.js';
export { SshConfigError } from './ssh-config-error.js';
export { DEFAULT_IDENTITY_FILES } from './identity-files.js';
export { matchHostPatterns } from './ssh-config-syntax.js';

/** A config to read: its top file and where files come from. */
export interface SshConfigSource {
  readonly file: string;
  readonly files: SshConfigFiles;
  /** True for ~/.ssh/config read by default (ssh checks its owner and mode), false for `-F`/--ssh-config. */
  readonly checkPermissions: boolean;
  /**
   * The system-wide file ssh reads after the user's when no `-F` is given (/etc/ssh/ssh_config): its
   * relative Includes start at /etc/ssh and `~` is refused there, as in ssh.
   */
  readonly systemFile?: string;
}

/** What resolution needs from the local machine (tokens, Match localuser, `~`). */
export interface SshConfigContext {
  /** The user's home from the password database: `~` and %d in IdentityFile. */
  readonly home: string;
  /** $HOME, where Include's `~` and relative paths point (glob's GLOB_TILDE). Default: `home`. */
  readonly includeHome?: string;
  /** The local user name: Match localuser and %u. */
  readonly localUser: string;
  /**
   * The remote user when neither the inventory nor the config sets one: Phanes' own default (root), where
   * ssh would take the local user. Used by Match user and %r. Default: `localUser`.
   */
  readonly defaultUser?: string;
  readonly uid?: number;
  /** This machine's host name, for %l, %L and %C. */
  readonly localHostName?: string;
  /** Environment for `${NAME}` in IdentityFile. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Values that win over the config, like ssh's `-l` and `-p` (the inventory's user and port). */
export interface SshConfigOverrides {
  readonly user?: string | undefined;
  readonly port?: number | undefined;
}

/** The options Phanes takes from the config for one host. */
export interface SshHostOptions {
  /** The host to connect to: HostName with %h expanded, or the alias; lower-cased unless an address. */
  hostName: string;
  /** Undefined when neither the config nor the overrides set one. */
  user?: string;
  port?: number;
  /**
   * Key files in the order ssh tries them, `~`, `%` tokens and `${NAME}` expanded, duplicates and `none`
   * dropped; ssh's default list when the config names none; empty after `IdentityFile none` alone.
   */
  identityFiles: string[];
  /** The ProxyJump hops, first hop first; undefined when not set or `none`. */
  proxyJump?: readonly JumpHop[];
  /** The ProxyJump value the way `ssh -G` prints it. */
  proxyJumpText?: string;
  /** Notes on lines Phanes reads but does not apply, `FILE:LINE: ...`; the caller shows each once. */
  warnings: string[];
}


const MAX_INCLUDE_DEPTH = 16;
const MAX_IDENTITY_FILES = 100;

/** Keywords that change how ssh connects but that Phanes does not apply: each active one is a warning. */
const NOT_APPLIED: Readonly<Record<string, string>> = {
  hostkeyalias: 'host keys are looked up under the host name',
  userknownhostsfile: 'set known_hosts in the inventory or pass --known-hosts',
  globalknownhostsfile: 'set known_hosts in the inventory or pass --known-hosts',
  stricthostkeychecking: 'set host_key_policy in the inventory',
  certificatefile: 'Phanes logs in with plain keys only',
  identityagent: 'Phanes uses the agent of SSH_AUTH_SOCK',
  identitiesonly: 'Phanes offers the ssh-agent keys too',
  connecttimeout: 'set connect_timeout in the inventory',
};

/** Keywords whose value Phanes uses: under a `Match exec` that ssh would run, they make the host refused. */
const USED = new Set(['hostname', 'user', 'port', 'identityfile', 'identityfile2', 'proxyjump', 'proxycommand', 'include', 'canonicalizehostname', 'canonicalizemaxdots', 'canonicaldomains', 'canonicalizepermittedcnames', 'ignoreunknown', 'hostkeyalias']);

/** Whether lines apply: yes, no, or unknown because a `Match exec` decides (its place, for the refusal). */
type Active = boolean | { readonly exec: string };

interface Options {
  hostName?: string;
  /** Where HostName was set, for a bad token found after the pass. */
  hostNameAt?: { file: string; line: number };
  user?: string;
  port?: number;
  identities: { path: string; file: string; line: number }[];
  jump?: { none: true } | { hops: readonly JumpHop[]; raw: string; file: string; line: number };
  proxyCommand?: { file: string; line: number; value: string };
  ignoreUnknown?: string;
  hostKeyAlias?: string;
  canonicalize?: number;
  canonicalizeMaxDots?: number;
  canonicalDomains?: { file: string; line: number };
  permittedCnames?: { file: string; line: number };
}

interface Pass {
  /** What Host patterns match: the alias in the first pass, the resolved host name in the final one. */
  readonly host: string;
  readonly originalHost: string;
  readonly final: boolean;
  wantFinal: boolean;
  readonly context: SshConfigContext;
  readonly source: SshConfigSource;
  readonly options: Options;
  readonly warnings: Set<string>;
}

interface Flags {
  readonly neverMatch: boolean;
  readonly depth: number;
  /** Inside the system-wide file: Include paths start at /etc/ssh and may not use `~`. */
  readonly system?: boolean;
}

/** Resolves the options for `alias` (the host name as given to ssh) through `source`, or ssh's defaults without one. */
export function resolveSshConfig(
  source: SshConfigSource | null,
  alias: string,
  context: SshConfigContext,
  overrides: SshConfigOverrides = {},
): SshHostOptions {
  const options: Options = {
    identities: [],
    ...(overrides.user !== undefined && { user: overrides.user }),
    ...(overrides.port !== undefined && { port: overrides.port }),
  };
  const warnings = new Set<string>();
  let wantFinal = false;
  if (source !== null) {
    const first: Pass = { host: alias, originalHost: alias, final: false, wantFinal: false, context, source, options, warnings };
    readTop(first);
    wantFinal = first.wantFinal;
  }

  // ssh.c: HostName with %h expanded, lower-cased unless it is an address.
  const sourceFile = source?.file ?? 'ssh config';
  const hostNameAt = options.hostNameAt ?? { file: sourceFile, line: 0 };
  let host = options.hostName === undefined ? alias : expandHostName(options.hostName, alias, hostNameAt.file, hostNameAt.line);
  if (isIP(host) === 0) host = host.toLowerCase();

  if (options.canonicalize !== undefined && options.canonicalize !== 0) {
    // ssh looks a name up in CanonicalDomains when it has at most CanonicalizeMaxDots (default 1) dots.
    const dots = host.split('.').length - 1;
    if (options.canonicalDomains !== undefined && (dots <= (options.canonicalizeMaxDots ?? 1) || host.endsWith('.'))) {
      const at = options.canonicalDomains;
      throw new SshConfigError(at.file, at.line, `host ${alias}: CanonicalDomains with CanonicalizeHostname needs DNS lookups, which Phanes does not make; set HostName to the full name`, 'host');
    }
    wantFinal = true;
  }
  const direct = options.proxyCommand === undefined && (options.jump === undefined || 'none' in options.jump);
  if (options.permittedCnames !== undefined && direct) {
    const at = options.permittedCnames;
    throw new SshConfigError(at.file, at.line, `host ${alias}: CanonicalizePermittedCNAMEs needs DNS lookups, which Phanes does not make; remove it or set HostName`, 'host');
  }
  if (wantFinal && source !== null) {
    options.hostName = host;
    readTop({ host, originalHost: alias, final: true, wantFinal: false, context, source, options, warnings });
  }

  if (options.proxyCommand !== undefined && options.proxyCommand.value.toLowerCase() !== 'none' && !(options.jump !== undefined && 'hops' in options.jump)) {
    // Connecting directly instead would silently take another route than ssh; refuse instead.
    const at = options.proxyCommand;
    throw new SshConfigError(at.file, at.line, `host ${alias} is reached through ProxyCommand, which Phanes never runs; use ProxyJump in the config or "jump" in the inventory`, 'host');
  }

  const result: SshHostOptions = {
    hostName: host,
    identityFiles: expandIdentityFiles(options.identities.length > 0 ? options.identities : defaultIdentityFiles(sourceFile), {
      host,
      alias,
      user: options.user ?? context.defaultUser ?? context.localUser,
      port: options.port ?? 22,
      ...(options.hostKeyAlias !== undefined && { hostKeyAlias: options.hostKeyAlias }),
      context,
    }),
    warnings: [...warnings],
  };
  if (options.user !== undefined) result.user = options.user;
  if (options.port !== undefined) result.port = options.port;
  if (options.jump !== undefined && 'hops' in options.jump) {
    const { hops, raw } = options.jump;
    result.proxyJump = hops;
    // ssh -G prints the hops before the last as written and the last one as parsed.
    const comma = raw.lastIndexOf(',');
    const last = hops[hops.length - 1];
    result.proxyJumpText = `${comma > 0 ? `${raw.slice(0, comma)},` : ''}${last === undefined ? '' : formatJumpHop(last)}`;
  }
  return result;
}

function readTop(pass: Pass): void {
  readFile(pass, pass.source.file, pass.source.checkPermissions, { neverMatch: false, depth: 0 }, { value: true }, pass.source.file, 0);
  const system = pass.source.systemFile;
  if (system !== undefined) readFile(pass, system, false, { neverMatch: false, depth: 0, system: true }, { value: true }, system, 0);
}

function readFile(pass: Pass, path: string, checkPermissions: boolean, flags: Flags, active: { value: Active }, from: string, fromLine: number): boolean {
  if (flags.depth > MAX_INCLUDE_DEPTH) {
    throw new SshConfigError(from, fromLine, `Include nested more than ${MAX_INCLUDE_DEPTH} levels deep (does a file include itself?); ssh refuses this config`);
  }
  let text: string | undefined;
  try {
    text = pass.source.files.read(path, checkPermissions);
  } catch (error) {
    throw new SshConfigError(from, fromLine, `${(error as Error).message}; ssh refuses this config too`);
  }
  if (text === undefined) return false;
  text.split('\n').forEach((raw, index) => readLine(pass, raw, path, index + 1, flags, active));
  return true;
}

function readLine(pass: Pass, raw: string, file: string, line: number, flags: Flags, active: { value: Active }): void {
  const refuse = (message: string): never => {
    throw new SshConfigError(file, line, message);
  };
  if (line === 1 && raw.startsWith('\uFEFF')) refuse('the file starts with a byte order mark, which ssh refuses; save it as UTF-8 without BOM');
  const cut = cutConfigLine(raw);
  if (cut === undefined) return;
  if ('error' in cut) return refuse(`${cut.error}; write "KEYWORD VALUE" or remove the line`);
  const { keyword } = cut;
  if (!SSH_KEYWORDS.has(keyword)) {
    const ignored = pass.options.ignoreUnknown;
    if (ignored !== undefined && matchPatternList(keyword, ignored, true) === 1) return;
    return refuse(`unknown keyword ${JSON.stringify(cut.written)} (ssh refuses the whole file); fix the spelling or list it under IgnoreUnknown`);
  }
  const args = cut.args;
  if (args === undefined) return refuse('a quote is not closed; close it before the end of the line');

  if (keyword === 'host') {
    active.value = hostLineMatches(pass, args, flags, refuse);
    return;
  }
  if (keyword === 'match') {
    const value = evaluateMatch(pass, cut, file, line, refuse);
    active.value = flags.neverMatch ? false : value;
    return;
  }
  const state = active.value;
  if (typeof state === 'object' && USED.has(keyword)) {
    throw new SshConfigError(
      file,
      line,
      `host ${pass.originalHost}: this ${cut.written} applies only if the Match exec at ${state.exec} succeeds, and Phanes never runs Match exec; set the value in a Host block or in the inventory`,
      'host',
    );
  }
  const on = state === true;

  switch (keyword) {
    case 'include':
      return includeFiles(pass, args, file, line, flags, active, refuse);
    case 'hostname':
    case 'user':
    case 'ignoreunknown':
    case 'hostkeyalias': {
      const value = oneValue(args, refuse, keyword);
      const key = ({ hostname: 'hostName', user: 'user', ignoreunknown: 'ignoreUnknown', hostkeyalias: 'hostKeyAlias' } as const)[keyword];
      if (on && pass.options[key] === undefined && keyword === 'user' && /%|\$\{/.test(value)) {
        // OpenSSH 9.2 takes User literally; 9.6 and later expand %-tokens and ${NAME} in it.
        throw new SshConfigError(file, line, `User ${JSON.stringify(value)}: OpenSSH versions read % and \${} in User differently (taken as written up to 9.5, expanded later); write the user name out`, 'host');
      }
      if (on && pass.options[key] === undefined) {
        pass.options[key] = value;
        if (keyword === 'hostname') pass.options.hostNameAt = { file, line };
      }
      break;
    }
    case 'port': {
      const value = oneValue(args, refuse, keyword);
      const port = a2port(value);
      if (port === undefined) return refuse(`bad Port ${JSON.stringify(value)}; use a number from 1 to 65535 or a service name from /etc/services`);
      if (on && pass.options.port === undefined) pass.options.port = port;
      break;
    }
    case 'identityfile':
    case 'identityfile2': {
      const value = oneValue(args, refuse, keyword);
      if (!on) break;
      if (pass.options.identities.length >= MAX_IDENTITY_FILES) refuse(`more than ${MAX_IDENTITY_FILES} IdentityFile lines apply; ssh refuses this config`);
      // ssh registers a file once, however many lines name it.
      if (!pass.options.identities.some((i) => i.path === value)) pass.options.identities.push({ path: value, file, line });
      break;
    }
    case 'proxyjump': {
      const rawValue = cut.rest.replace(/^[ \t\r\n=]+/, '');
      const value = parseJumpValue(rawValue);
      const takes = on && pass.options.proxyCommand === undefined && pass.options.jump === undefined;
      if ('error' in value) {
        // Words after the value: OpenSSH versions disagree, so only where it would apply is it refused.
        if (value.error.includes('has words after') && !takes) break;
        throw new SshConfigError(file, line, value.error, value.error.includes('has words after') ? 'host' : 'config');
      }
      if (!takes) break;
      pass.options.jump = 'none' in value ? { none: true } : { hops: value.hops, raw: rawValue.replace(/#.*$/, '').trimEnd(), file, line };
      break;
    }
    case 'proxycommand': {
      const value = cut.rest.replace(/^[ \t\r\n=]+/, '');
      // After `ProxyJump none` OpenSSH builds differ (Debian 12's 9.2p1 ignores a later ProxyCommand, others
      // honour it); Phanes honours it and so refuses the host: it never connects where ssh might not.
      const jump = pass.options.jump;
      if (on && pass.options.proxyCommand === undefined && (jump === undefined || 'none' in jump)) pass.options.proxyCommand = { file, line, value };
      break;
    }
    case 'canonicalizehostname': {
      const value = oneValue(args, refuse, keyword).toLowerCase();
      const level = ({ no: 0, false: 0, yes: 1, true: 1, always: 2 } as Record<string, number>)[value];
      if (level === undefined) return refuse(`unsupported CanonicalizeHostname ${JSON.stringify(value)}; use yes, no or always`);
      if (on && pass.options.canonicalize === undefined) pass.options.canonicalize = level;
      break;
    }
    case 'canonicalizemaxdots': {
      const value = oneValue(args, refuse, keyword);
      if (!/^[0-9]+$/.test(value)) return refuse(`bad CanonicalizeMaxDots ${JSON.stringify(value)}; use a whole number`);
      if (on && pass.options.canonicalizeMaxDots === undefined) pass.options.canonicalizeMaxDots = Number(value);
      break;
    }
    case 'canonicaldomains':
      if (on && pass.options.canonicalDomains === undefined && !(args.length === 1 && args[0]?.toLowerCase() === 'none')) pass.options.canonicalDomains = { file, line };
      break;
    case 'canonicalizepermittedcnames':
      if (on && pass.options.permittedCnames === undefined && !(args.length === 1 && args[0]?.toLowerCase() === 'none')) pass.options.permittedCnames = { file, line };
      break;
    default: {
      const why = NOT_APPLIED[keyword];
      if (on && why !== undefined) pass.warnings.add(`${file}:${line}: ${cut.written} is not applied by Phanes; ${why}`);
    }
  }
}

/** The single value of a string keyword; ssh refuses a missing one and extra words. */
function oneValue(args: readonly string[], refuse: (message: string) => never, keyword: string): string {
  const value = args[0];
  if (value === undefined || value === '') refuse(`missing value for ${keyword}; write "${keyword} VALUE"`);
  if (args.length > 1) refuse(`${keyword} takes one value, found ${args.length}; quote a value that contains spaces`);
  return value as string;
}

/** A Host line: active when a pattern matches the host and no negated one does. */
function hostLineMatches(pass: Pass, args: readonly string[], flags: Flags, refuse: (message: string) => never): boolean {
  let matched = false;
  for (const arg of args) {
    if (arg === '') refuse('empty Host pattern; remove the stray quotes');
    if (flags.neverMatch) return false;
    const negated = arg.startsWith('!');
    if (!matchPattern(pass.host, negated ? arg.slice(1) : arg)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

/** readconf.c match_cfg_line: true, false, or undecided because of a `Match exec`. */
function evaluateMatch(pass: Pass, cut: ConfigLineWords, file: string, line: number, refuse: (message: string) => never): Active {
  const { options, context } = pass;
  const ruser = options.user ?? context.defaultUser ?? context.localUser;
  const host = pass.final
    ? (options.hostName ?? pass.host)
    : options.hostName === undefined
      ? pass.host
      : expandHostName(options.hostName, pass.host, file, line);
  const text = cut.rest;
  // OpenSSH 9.2 splits `host=web` at the `=`; later versions read it as one unknown attribute.
  if (/(^|[ \t])!?[A-Za-z]+=/.test(text.replace(/"[^"]*"/g, '""'))) refuse('write Match criteria as "host NAME", not "host=NAME": OpenSSH versions read the = form differently');
  let pos: number | undefined = 0;
  let result = true;
  let exec = false;
  let attributes = 0;
  for (;;) {
    const next = strdelim(text, pos);
    const written = next.token;
    if (written === undefined || written === '') {
      pos = next.next;
      break;
    }
    pos = next.next;
    if (written.startsWith('#')) {
      pos = undefined;
      break;
    }
    const negate = written.startsWith('!');
    const attribute = (negate ? written.slice(1) : written).toLowerCase();
    if (attribute === 'all') {
      const after = strdelim(text, pos);
      if (attributes > 1 || (after.token !== undefined && after.token !== '' && !after.token.startsWith('#'))) {
        refuse(`'${written}' cannot be combined with other Match attributes`);
      }
      pos = after.token?.startsWith('#') ? undefined : after.next;
      if (result) result = !negate;
      return finish();
    }
    attributes++;
    if (attribute === 'canonical' || attribute === 'final') {
      if (attribute === 'final' && !pass.final) pass.wantFinal = true;
      if (pass.final === negate) result = false;
      continue;
    }
    const argument = strdelim(text, pos);
    const arg = argument.token;
    if (arg === undefined || arg === '' || arg.startsWith('#')) refuse(`missing Match criteria for ${attribute}`);
    pos = argument.next;
    let matched: boolean;
    if (attribute === 'host') matched = matchPatternList(host, arg as string, true) === 1;
    else if (attribute === 'originalhost') matched = matchPatternList(pass.originalHost, arg as string, true) === 1;
    else if (attribute === 'user') matched = matchPatternList(ruser, arg as string, false) === 1;
    else if (attribute === 'localuser') matched = matchPatternList(context.localUser, arg as string, false) === 1;
    else if (attribute === 'exec') {
      // ssh runs the command only when the criteria before it matched; Phanes never runs it.
      if (result) exec = true;
      continue;
    } else {
      return refuse(`unsupported Match attribute ${attribute} (OpenSSH 9.2 has host, originalhost, user, localuser, exec, canonical, final, all); ssh 9.2 refuses this config`);
    }
    if (matched === negate) result = false;
  }
  if (attributes === 0) refuse('Match needs at least one criterion');
  return finish();

  function finish(): Active {
    if (pos !== undefined && text.slice(pos) !== '') refuse('extra words at the end of the Match line');
    if (!result) return false;
    return exec ? { exec: `${file}:${line}` } : true;
  }
}

/** Include: each argument globbed (relative to ~/.ssh), each file read in place, its Match state kept apart. */
function includeFiles(pass: Pass, args: readonly string[], file: string, line: number, flags: Flags, active: { value: Active }, refuse: (message: string) => never): void {
  const home = pass.context.includeHome ?? pass.context.home;
  for (const arg of args) {
    if (arg === '') refuse('empty Include path; remove the stray quotes');
    // OpenSSH 9.2 globs these literally; later versions expand them first.
    if (/%|\$\{/.test(arg)) refuse(`Include ${arg}: OpenSSH versions read % and \${} in Include differently (literal in 9.2, expanded later); write the path out`);
    let pattern: string;
    if (arg.startsWith('~')) {
      if (flags.system === true) refuse(`bad Include path ${arg}: the system-wide file may not use ~`);
      if (arg !== '~' && !arg.startsWith('~/')) refuse(`Include ${arg}: ~user paths are not supported; write the absolute path`);
      pattern = `${home.replace(/\/+$/, '')}${arg.slice(1)}`;
    } else if (arg.startsWith('/')) {
      pattern = arg;
    } else {
      pattern = flags.system === true ? `/etc/ssh/${arg}` : `${home.replace(/\/+$/, '')}/.ssh/${arg}`;
    }
    const outer = active.value;
    for (const path of pass.source.files.glob(pattern)) {
      readFile(pass, path, true, { ...flags, neverMatch: flags.neverMatch || outer !== true, depth: flags.depth + 1 }, active, file, line);
      active.value = outer;
    }
  }
}

/** HostName's `%h` (and `%%`); ssh stops on any other token. */
function expandHostName(value: string, alias: string, file: string, line: number): string {
  return value.replace(/%(.?)/g, (_, t: string) => {
    if (t === '%') return '%';
    if (t === 'h') return alias;
    throw new SshConfigError(file, line, `HostName ${JSON.stringify(value)}: token %${t} is not allowed there (only %h and %%); ssh refuses it too`, 'host');
  });
}
