/**
 * What `level: strict` writes: every file's path and content, and the login.defs keys. Pure: the plan in
 * strict.ts decides when each is written.
 */

const HEADER = '# Written by Phanes (security module, level strict); changes here are overwritten.';

/**
 * /etc/login.defs keys strict sets; only these lines are edited, the rest of the file is kept. PASS_MAX_DAYS
 * is left alone on purpose: with a maximum age, an account created later whose password is never set
 * (a key-only admin, Phanes' own login) expires, and sshd then refuses its key logins without a terminal
 * ("Password change required but no TTY available").
 */
export const LOGIN_DEFS_PATH = '/etc/login.defs';
export const LOGIN_DEFS_KEYS: ReadonlyArray<readonly [key: string, value: string]> = [
  // New home directories 0750 (useradd derives HOME_MODE from it); pam_umask sessions (Ubuntu) get 027.
  ['UMASK', '027'],
  ['PASS_MIN_DAYS', '1'],
  ['PASS_WARN_AGE', '7'],
  // Used by chpasswd/newusers when they hash with SHA-512; pam_unix has its own rounds option.
  ['SHA_CRYPT_MIN_ROUNDS', '5000'],
  ['SHA_CRYPT_MAX_ROUNDS', '100000'],
];

/**
 * login.defs with each key's first active line set to the wanted value (its comment lines and every other
 * line kept as they are), later duplicates of the key commented out, and missing keys appended.
 */
export function editLoginDefs(content: string, keys: ReadonlyArray<readonly [string, string]> = LOGIN_DEFS_KEYS): string {
  const lines = content === '' ? [] : content.replace(/\n$/, '').split('\n');
  const seen = new Set<string>();
  const out = lines.map((line) => {
    const key = /^\s*([A-Z_]+)(?:\s|$)/.exec(line)?.[1];
    const wanted = key === undefined ? undefined : keys.find(([k]) => k === key);
    if (!wanted || key === undefined) return line;
    if (seen.has(key)) return `# ${line}`;
    seen.add(key);
    return `${key}\t${wanted[1]}`;
  });
  const missing = keys.filter(([k]) => !seen.has(k));
  if (missing.length > 0) out.push('# Added by Phanes (security module, level strict).', ...missing.map(([k, v]) => `${k}\t${v}`));
  return out.join('\n') + '\n';
}

/** Shells started as login shells: files created 0640/0750, no core files, idle interactive shells closed. */
export const PROFILE_PATH = '/etc/profile.d/phanes-hardening.sh';
export function profileContent(idleTimeout: number): string {
  // readonly: a user cannot lift the timeout in the shell; TMOUT only ends an interactive shell waiting at
  // its prompt, never a running command or a non-interactive session (Phanes' own).
  const timeout = idleTimeout > 0 ? [`TMOUT=${idleTimeout}`, 'readonly TMOUT', 'export TMOUT'] : [];
  return [HEADER, 'umask 027', 'ulimit -c 0', ...timeout].join('\n') + '\n';
}

/** pam_limits (every login session): no core files, whatever a program asks for. */
export const LIMITS_PATH = '/etc/security/limits.d/phanes-hardening.conf';
export const LIMITS_CONTENT = `${HEADER}\n* soft core 0\n* hard core 0\n`;

/**
 * systemd-coredump reads this drop-in when it is installed, now or later (any package may pull it in):
 * cores are neither stored nor processed.
 */
export const COREDUMP_PATH = '/etc/systemd/coredump.conf.d/phanes-hardening.conf';
export const COREDUMP_CONTENT = `${HEADER}\n[Coredump]\nStorage=none\nProcessSizeMax=0\n`;

/** needrestart lists services that run outdated libraries after an upgrade and restarts none by itself. */
export const NEEDRESTART_PATH = '/etc/needrestart/conf.d/phanes.conf';
export const NEEDRESTART_CONTENT = `${HEADER}\n# l: list only; Phanes and unattended-upgrades never get a service restarted behind their back.\n$nrconf{restart} = 'l';\n`;

/**
 * Kernel settings (dev-sec / CIS). Left out on purpose: ip_forward (Docker, k3s and Tailscale need it),
 * accept_ra (IPv6 on many VPS comes from router advertisements), perf_event_paranoid (Ubuntu's default 4
 * is stricter than the 3 others ask for), sysrq (a console's last resort).
 */
export const SYSCTL_PATH = '/etc/sysctl.d/60-phanes-hardening.conf';
export const SYSCTL_KEYS: ReadonlyArray<readonly [key: string, value: string]> = [
  ['fs.suid_dumpable', '0'],
  ['fs.protected_fifos', '2'],
  ['fs.protected_regular', '2'],
  ['fs.protected_symlinks', '1'],
  ['fs.protected_hardlinks', '1'],
  ['kernel.core_uses_pid', '1'],
  ['kernel.kptr_restrict', '2'],
  ['kernel.dmesg_restrict', '1'],
  ['kernel.randomize_va_space', '2'],
  ['kernel.unprivileged_bpf_disabled', '1'],
  ['kernel.yama.ptrace_scope', '1'],
  ['dev.tty.ldisc_autoload', '0'],
  ['net.ipv4.conf.all.accept_redirects', '0'],
  ['net.ipv4.conf.default.accept_redirects', '0'],
  ['net.ipv4.conf.all.secure_redirects', '0'],
  ['net.ipv4.conf.default.secure_redirects', '0'],
  ['net.ipv4.conf.all.send_redirects', '0'],
  ['net.ipv4.conf.default.send_redirects', '0'],
  ['net.ipv4.conf.all.accept_source_route', '0'],
  ['net.ipv4.conf.default.accept_source_route', '0'],
  ['net.ipv4.conf.all.rp_filter', '1'],
  ['net.ipv4.conf.default.rp_filter', '1'],
  ['net.ipv4.conf.all.log_martians', '1'],
  ['net.ipv4.conf.default.log_martians', '1'],
  ['net.ipv4.icmp_echo_ignore_broadcasts', '1'],
  ['net.ipv4.icmp_ignore_bogus_error_responses', '1'],
  ['net.ipv4.tcp_syncookies', '1'],
  ['net.ipv6.conf.all.accept_redirects', '0'],
  ['net.ipv6.conf.default.accept_redirects', '0'],
  ['net.ipv6.conf.all.accept_source_route', '0'],
  ['net.ipv6.conf.default.accept_source_route', '0'],
];

/** The sysctl.d file: applied at boot by systemd-sysctl; a key the kernel lacks is skipped there. */
export function sysctlFile(): string {
  return [HEADER, ...SYSCTL_KEYS.map(([key, value]) => `${key} = ${value}`)].join('\n') + '\n';
}

/**
 * Kernel modules that are never loaded, even on request: network protocols a server does not use (each
 * had remotely reachable bugs) and USB and FireWire storage (data leaving on a stick).
 */
export const MODPROBE_PATH = '/etc/modprobe.d/phanes-hardening.conf';
export const BLOCKED_MODULES = ['dccp', 'sctp', 'rds', 'tipc', 'usb-storage', 'firewire-core'] as const;
export function modprobeFile(): string {
  return [HEADER, ...BLOCKED_MODULES.flatMap((m) => [`install ${m} /bin/true`, `blacklist ${m}`])].join('\n') + '\n';
}

/** The legal banner: the console's /etc/issue and what sshd shows before login (/etc/issue.net). */
export const ISSUE_PATH = '/etc/issue';
export const ISSUE_NET_PATH = '/etc/issue.net';
export function bannerFile(banner: string): string {
  return banner.endsWith('\n') ? banner : `${banner}\n`;
}
