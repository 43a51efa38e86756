import type { Fact } from '../../src/facts/fact.js';
import { fileFact } from '../../src/facts/file.js';
import type { OsRelease } from '../../src/facts/os-release.js';
import type { HealthCheck } from '../../src/engine/module.js';
import { ensureFile, type RemoteFile, type Step, type WantedFile } from '../../src/engine/step.js';
import { sh } from '../../src/shell/command.js';
import type { SecuritySettings } from '../../schemas/modules/security.js';
import {
  bannerFile,
  COREDUMP_CONTENT,
  COREDUMP_PATH,
  editLoginDefs,
  ISSUE_NET_PATH,
  ISSUE_PATH,
  LIMITS_CONTENT,
  LIMITS_PATH,
  LOGIN_DEFS_PATH,
  modprobeFile,
  MODPROBE_PATH,
  NEEDRESTART_CONTENT,
  NEEDRESTART_PATH,
  PROFILE_PATH,
  profileContent,
  SYSCTL_KEYS,
  SYSCTL_PATH,
  sysctlFile,
} from './strict-files.js';
import { sysctlKeysFact, type SysctlKey } from './sysctl-fact.js';

/**
 * `level: strict`: the dev-sec / CIS items a module can own, beside the standard sshd, ufw and fail2ban.
 * Nothing here touches how anyone logs in: no PAM auth or account line, no password ageing of existing
 * accounts, no sshd setting but the banner.
 */

/**
 * Packages strict installs. In Ubuntu's universe (not enabled everywhere), so Debian only: libpam-tmpdir
 * (a private $TMPDIR per login: an optional session module, it cannot refuse a login) and debsums (checks
 * installed files against the packages' checksums).
 */
const DEBIAN_ONLY_PACKAGES = ['libpam-tmpdir', 'debsums'];
/**
 * needrestart (which services run outdated libraries after an upgrade; set to list only), apt-listchanges
 * (a package's NEWS before an upgrade, mailed to root in unattended runs; Debian installs it by default) and
 * libpam-pwquality (password strength, on password changes only: root is warned, never refused).
 */
const PACKAGES = ['needrestart', 'apt-listchanges', 'libpam-pwquality'];

/** The packages strict wants on this OS; without an OS (facts), every candidate. */
export function strictPackages(settings: SecuritySettings, os?: OsRelease): string[] {
  if (settings.level !== 'strict') return [];
  return [...PACKAGES, ...(os === undefined || os.id === 'debian' ? DEBIAN_ONLY_PACKAGES : [])];
}

/** The facts strict asks for, by name. */
export interface StrictFacts {
  readonly strictLoginDefs?: Fact<RemoteFile | null>;
  readonly strictProfile?: Fact<RemoteFile | null>;
  readonly strictLimits?: Fact<RemoteFile | null>;
  readonly strictCoredump?: Fact<RemoteFile | null>;
  readonly strictNeedrestart?: Fact<RemoteFile | null>;
  readonly strictSysctlFile?: Fact<RemoteFile | null>;
  readonly strictModprobe?: Fact<RemoteFile | null>;
  readonly strictIssue?: Fact<RemoteFile | null>;
  readonly strictIssueNet?: Fact<RemoteFile | null>;
  readonly strictSysctl?: Fact<ReadonlyMap<string, SysctlKey>>;
}

/** The facts strict reads (none at level standard, so standard hosts' probes do not change). */
export function strictFacts(settings: SecuritySettings): StrictFacts {
  if (settings.level !== 'strict') return {};
  return {
    strictLoginDefs: fileFact(LOGIN_DEFS_PATH),
    strictProfile: fileFact(PROFILE_PATH),
    strictLimits: fileFact(LIMITS_PATH),
    strictCoredump: fileFact(COREDUMP_PATH),
    strictNeedrestart: fileFact(NEEDRESTART_PATH),
    strictSysctlFile: fileFact(SYSCTL_PATH),
    strictModprobe: fileFact(MODPROBE_PATH),
    strictIssue: fileFact(ISSUE_PATH),
    strictIssueNet: fileFact(ISSUE_NET_PATH),
    strictSysctl: sysctlKeysFact(SYSCTL_KEYS.map(([key]) => key)),
  };
}

/** What strictFacts' facts parse to; all absent at level standard. */
export interface StrictFactValues {
  readonly strictLoginDefs?: RemoteFile | null;
  readonly strictProfile?: RemoteFile | null;
  readonly strictLimits?: RemoteFile | null;
  readonly strictCoredump?: RemoteFile | null;
  readonly strictNeedrestart?: RemoteFile | null;
  readonly strictSysctlFile?: RemoteFile | null;
  readonly strictModprobe?: RemoteFile | null;
  readonly strictIssue?: RemoteFile | null;
  readonly strictIssueNet?: RemoteFile | null;
  readonly strictSysctl?: ReadonlyMap<string, SysctlKey>;
}

/** Directories of strict's files that a host may lack; the others come with every Debian and Ubuntu system. */
const MAYBE_MISSING_DIRS = new Set([NEEDRESTART_PATH, COREDUMP_PATH, MODPROBE_PATH].map((path) => path.replace(/\/[^/]*$/, '')));

const ROOT_FILE = { mode: '0644', owner: 'root', group: 'root' } as const;

/** Keys whose value differs from strict's, split by whether this kernel lets Phanes change them now. */
function sysctlDiffers(facts: StrictFactValues): { settable: string[]; refused: string[]; absent: string[] } {
  const settable: string[] = [];
  const refused: string[] = [];
  const absent: string[] = [];
  for (const [key, wanted] of SYSCTL_KEYS) {
    const now = facts.strictSysctl?.get(key);
    if (now === undefined || now.value === wanted) continue;
    if (now.value === null) absent.push(key);
    else (now.writable ? settable : refused).push(key);
  }
  return { settable, refused, absent };
}

/**
 * The files strict keeps (written before the packages, so needrestart's first run already lists only), then
 * the kernel settings this kernel lets change now. Packages are installed by the module with its own.
 */
export function strictSteps(settings: SecuritySettings, facts: StrictFactValues): Step[] {
  if (settings.level !== 'strict') return [];
  const file = (wanted: Omit<WantedFile, 'mode' | 'owner' | 'group'>, current: RemoteFile | null | undefined) =>
    ensureFile({ ...ROOT_FILE, ...wanted }, current ?? null);
  const loginDefs = facts.strictLoginDefs ?? null;
  const steps: Step[] = [
    ...file({ title: 'needrestart: list services to restart, restart none by itself', path: NEEDRESTART_PATH, content: NEEDRESTART_CONTENT }, facts.strictNeedrestart),
    // Only the keys change; the file keeps its other lines, mode and owner.
    ...ensureFile(
      {
        title: `Password and umask defaults (${LOGIN_DEFS_PATH})`,
        path: LOGIN_DEFS_PATH,
        content: editLoginDefs(loginDefs?.content ?? ''),
        mode: loginDefs?.mode ?? ROOT_FILE.mode,
        owner: loginDefs?.owner ?? ROOT_FILE.owner,
        group: loginDefs?.group ?? ROOT_FILE.group,
      },
      loginDefs,
    ),
    ...file(
      {
        title: `Login shells: umask 027, no core files${settings.idle_timeout > 0 ? `, idle shells closed after ${settings.idle_timeout} s` : ''}`,
        path: PROFILE_PATH,
        content: profileContent(settings.idle_timeout),
      },
      facts.strictProfile,
    ),
    ...file({ title: 'No core files for any login (pam_limits)', path: LIMITS_PATH, content: LIMITS_CONTENT }, facts.strictLimits),
    ...file({ title: 'systemd-coredump: store no core dumps', path: COREDUMP_PATH, content: COREDUMP_CONTENT }, facts.strictCoredump),
    ...file({ title: 'Kernel and network settings at boot', path: SYSCTL_PATH, content: sysctlFile() }, facts.strictSysctlFile),
    ...file({ title: 'Never load unused network protocols, USB or FireWire storage', path: MODPROBE_PATH, content: modprobeFile() }, facts.strictModprobe),
    ...file({ title: 'Legal banner on the console (/etc/issue)', path: ISSUE_PATH, content: bannerFile(settings.banner) }, facts.strictIssue),
    ...file({ title: 'Legal banner before SSH logins (/etc/issue.net)', path: ISSUE_NET_PATH, content: bannerFile(settings.banner) }, facts.strictIssueNet),
  ];
  // dpkg makes these directories only with their packages (modprobe.d with kmod, absent from minimal images).
  const dirs = [...new Set(steps.filter((step) => step.kind === 'file').map((step) => step.path.replace(/\/[^/]*$/, '')))].filter((dir) => MAYBE_MISSING_DIRS.has(dir));
  if (dirs.length > 0) steps.unshift({ kind: 'command', title: `Create ${dirs.join(', ')}`, command: sh`umask 022\nmkdir -p ${dirs}` });
  const { settable } = sysctlDiffers(facts);
  if (settable.length > 0) {
    const wanted = new Map(SYSCTL_KEYS);
    steps.push({
      kind: 'command',
      title: `Kernel settings now: ${settable.join(', ')}`,
      // One at a time: a container may pass `test -w` and still refuse a key that is the host's (EPERM).
      // That is a warning, not a failed step: the boot file holds it for a kernel that allows it.
      command: sh`for setting in ${settable.map((key) => `${key}=${wanted.get(key) ?? ''}`)}; do
  sysctl -q -w "$setting" || echo "warning: the kernel refused $setting; it stays in ${SYSCTL_PATH}" >&2
done`,
    });
  }
  return steps;
}

/** Kernel settings this host refuses to change (read-only /proc/sys in a container): named, never failed. */
export function strictNotes(settings: SecuritySettings, facts: StrictFactValues): string[] {
  if (settings.level !== 'strict') return [];
  const { refused, absent } = sysctlDiffers(facts);
  const wanted = new Map(SYSCTL_KEYS);
  const shown = refused.map((key) => `${key} (is ${facts.strictSysctl?.get(key)?.value ?? '?'}, wanted ${wanted.get(key) ?? '?'})`);
  return [
    ...(refused.length > 0 ? [`kernel settings the kernel refuses to change here (read-only; written to ${SYSCTL_PATH} for a kernel that allows them): ${shown.join(', ')}`] : []),
    ...(absent.length > 0 ? [`kernel settings this kernel does not have: ${absent.join(', ')}`] : []),
  ];
}

/** sshd really shows the banner (the drop-in's `Banner` is in effect). */
export function strictHealth(settings: SecuritySettings): HealthCheck[] {
  if (settings.level !== 'strict') return [];
  return [
    {
      title: 'sshd shows the legal banner',
      command: sh`mkdir -p /run/sshd && sshd -T | grep -qx ${`banner ${ISSUE_NET_PATH}`}`,
      hint: '`sshd -T | grep banner` names the file sshd shows; an earlier Banner line in sshd_config or another drop-in wins over Phanes\'',
    },
  ];
}
