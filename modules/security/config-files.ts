import type { SecuritySettings } from '../../schemas/modules/security.js';

/** First in sshd_config.d, so its values win: sshd takes the first value it reads for each keyword. */
export const SSHD_DROP_IN = '/etc/ssh/sshd_config.d/00-phanes.conf';
/** A .local file in jail.d is read after Debian's defaults-debian.conf, so its values win. */
export const FAIL2BAN_JAIL = '/etc/fail2ban/jail.d/phanes-sshd.local';

/** Key exchange, ciphers and MACs without SHA-1, CBC or small groups (OpenSSH 8.9+ and ssh2 both speak them). */
const KEX = 'sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512';
const CIPHERS = 'chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,aes192-ctr,aes128-ctr';
const MACS = 'hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com,umac-128-etm@openssh.com';

export function sshdDropIn(settings: SecuritySettings): string {
  const lines = [
    '# Written by Phanes (security module); changes here are overwritten.',
    `Port ${settings.ssh_port}`,
    `PermitRootLogin ${settings.permit_root_login}`,
    `PasswordAuthentication ${settings.allow_password_auth ? 'yes' : 'no'}`,
    `KbdInteractiveAuthentication ${settings.allow_password_auth ? 'yes' : 'no'}`,
    'PubkeyAuthentication yes',
    'PermitEmptyPasswords no',
    'X11Forwarding no',
    'MaxAuthTries 4',
    ...(settings.allow_users.length > 0 ? [`AllowUsers ${settings.allow_users.join(' ')}`] : []),
    `KexAlgorithms ${KEX}`,
    `Ciphers ${CIPHERS}`,
    `MACs ${MACS}`,
    // Level strict (modules/security/strict.ts): the legal banner before login.
    ...(settings.level === 'strict' ? ['Banner /etc/issue.net'] : []),
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
