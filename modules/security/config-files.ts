import type { SecuritySettings } from '../../schemas/modules/security.js';

/** First in sshd_config.d, so its values win: sshd takes the first value it reads for each keyword. */
export const SSHD_DROP_IN = '/etc/ssh/sshd_config.d/00-phanes.conf';
/** A .local file in jail.d is read after Debian's defaults-debian.conf, so its values win. */
export const FAIL2BAN_JAIL = '/etc/fail2ban/jail.d/phanes-sshd.local';

/** Key exchange, ciphers and MACs without SHA-1, CBC or small groups (OpenSSH 8.9+ and ssh2 both speak them). */
const KEX = 'sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512';
const CIPHERS = 'chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,aes192-ctr,aes128-ctr';
const MACS = 'hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com,umac-128-etm@openssh.com';

/** What the drop-in needs besides the settings: values the plan works out from the host. */
export interface SshdChoices {
  readonly permitRootLogin: string;
  /** `no`, or `local` while other inventory hosts jump through this one. */
  readonly tcpForwarding: 'yes' | 'local' | 'no';
  /** sshd's version, when known: keywords newer than it are left out (sshd -t refuses unknown ones). */
  readonly version?: SshdVersion;
}

export interface SshdVersion {
  readonly major: number;
  readonly minor: number;
}

/** Does sshd VERSION know a keyword that came with MAJOR.MINOR? Unknown versions get only old keywords. */
export function hasVersion(version: SshdVersion | undefined, major: number, minor: number): boolean {
  return version !== undefined && (version.major > major || (version.major === major && version.minor >= minor));
}

const yesNo = (on: boolean) => (on ? 'yes' : 'no');

export function sshdDropIn(settings: SecuritySettings, choices: SshdChoices): string {
  const lines = [
    '# Written by Phanes (security module); changes here are overwritten.',
    `Port ${settings.ssh_port}`,
    // HostKey accumulates over every file: Debian's sshd_config leaves its own lines commented out.
    ...settings.host_keys.map((type) => `HostKey /etc/ssh/ssh_host_${type}_key`),
    `PermitRootLogin ${choices.permitRootLogin}`,
    `PasswordAuthentication ${yesNo(settings.allow_password_auth)}`,
    `KbdInteractiveAuthentication ${yesNo(settings.allow_password_auth)}`,
    'PubkeyAuthentication yes',
    'PermitEmptyPasswords no',
    // VERBOSE logs the key fingerprint of every login: who logged in, not just which account.
    'LogLevel VERBOSE',
    `MaxAuthTries ${settings.max_auth_tries}`,
    `LoginGraceTime ${settings.login_grace_time}`,
    `MaxStartups ${settings.max_startups}`,
    `ClientAliveInterval ${settings.client_alive_interval}`,
    `ClientAliveCountMax ${settings.client_alive_count_max}`,
    `AllowTcpForwarding ${choices.tcpForwarding}`,
    'AllowStreamLocalForwarding no',
    'GatewayPorts no',
    'PermitTunnel no',
    `AllowAgentForwarding ${yesNo(settings.allow_agent_forwarding)}`,
    `X11Forwarding ${yesNo(settings.allow_x11_forwarding)}`,
    `Compression ${yesNo(settings.compression)}`,
    // OpenSSH 9.1 and later: refuse RSA keys (host and user) shorter than auditors accept.
    ...(hasVersion(choices.version, 9, 1) ? ['RequiredRSASize 3072'] : []),
    // OpenSSH 9.8 and later: addresses that fail logins or crash sshd wait before their next connection (on by
    // default there; written so a distribution default that turns it off does not win).
    ...(hasVersion(choices.version, 9, 8) ? ['PerSourcePenalties yes'] : []),
    ...(settings.allow_users.length > 0 ? [`AllowUsers ${settings.allow_users.join(' ')}`] : []),
    `KexAlgorithms ${KEX}`,
    `Ciphers ${CIPHERS}`,
    `MACs ${MACS}`,
    // Level strict (modules/security/strict.ts): the legal banner before login, and no TCP keepalives (a
    // spoofable probe outside the encrypted channel) where ClientAlive* already drops dead clients.
    ...(settings.level === 'strict' ? ['Banner /etc/issue.net', ...(settings.client_alive_interval > 0 ? ['TCPKeepAlive no'] : [])] : []),
  ];
  return lines.join('\n') + '\n';
}

export function fail2banJail(settings: SecuritySettings): string {
  const { bantime, findtime, maxretry } = settings.fail2ban;
  return [
    '# Written by Phanes (security module); changes here are overwritten.',
    '[sshd]',
    'enabled = true',
    // Debian 12 logs sshd to the journal only: the file backend would find no log and fail.
    'backend = systemd',
    `port = ${settings.ssh_port}`,
    `bantime = ${bantime}`,
    `findtime = ${findtime}`,
    `maxretry = ${maxretry}`,
    '',
  ].join('\n');
}
