import type { ModuleSettings } from '../module-settings.js';

/** Settings of the security module: sshd hardening, ufw and fail2ban, without ever locking Phanes out. */
export const securitySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ssh_port: {
      type: 'integer',
      minimum: 1,
      maximum: 65535,
      default: 22,
      description: 'port sshd listens on; a change is allowed in ufw first, verified with a new login, and Phanes connects there from then on',
    },
    permit_root_login: {
      type: 'string',
      enum: ['no', 'prohibit-password', 'yes'],
      default: 'prohibit-password',
      description: 'sshd PermitRootLogin; `no` is refused while Phanes itself logs in as root',
    },
    allow_password_auth: {
      type: 'boolean',
      default: false,
      description: 'sshd PasswordAuthentication and KbdInteractiveAuthentication; turning it off is refused while the login user has no authorized key',
    },
    allow_users: {
      type: 'array',
      items: { type: 'string', pattern: '^[A-Za-z0-9_.*?-]+(@[A-Za-z0-9_.:/*?-]+)?$' },
      uniqueItems: true,
      default: [],
      description: 'sshd AllowUsers patterns (user or user@host); empty: not set. Must match the login user',
    },
    level: {
      type: 'string',
      enum: ['standard', 'strict'],
      default: 'standard',
      description:
        'hardening level: `strict` adds the dev-sec/CIS items a module can own (login.defs, shell umask, core dumps off, needrestart and a few audit packages, kernel and network sysctls where the kernel allows, unused protocols and usb-storage blacklisted, a legal banner): see "Levels" below',
    },
    banner: {
      type: 'string',
      minLength: 1,
      maxLength: 2000,
      pattern: '^[^\\\\]*$',
      default:
        'Authorized access only. This system is private property: all activity on it is monitored, logged and may be recorded and audited. Unauthorized access or use is prohibited and may be subject to criminal prosecution under applicable law. By continuing you consent to these terms and to the owner\'s security policy.',
      description: 'legal banner written to /etc/issue and /etc/issue.net and shown by sshd before login (level `strict` only); no backslashes (getty would read them as escapes)',
    },
    firewall: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'ufw: deny incoming, allow outgoing, and allow the SSH port and these ports',
      properties: {
        enabled: { type: 'boolean', default: true, description: 'manage ufw (false: leave the firewall as it is, never disable it)' },
        allow: {
          type: 'array',
          items: { type: 'string', pattern: '^[0-9]{1,5}(/(tcp|udp))?$' },
          uniqueItems: true,
          default: [],
          description: 'extra ports to allow in, e.g. 80/tcp, 443, 51820/udp (no protocol: both)',
        },
      },
    },
    fail2ban: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'fail2ban sshd jail (systemd journal backend: Debian 12 has no /var/log/auth.log)',
      properties: {
        enabled: { type: 'boolean', default: true, description: 'install fail2ban with an sshd jail' },
        bantime: { type: 'string', pattern: '^[0-9]+[smhdw]?$', default: '1h', description: 'how long an address stays banned (fail2ban time, e.g. 10m, 1h, 1d)' },
        findtime: { type: 'string', pattern: '^[0-9]+[smhdw]?$', default: '10m', description: 'window in which maxretry failures ban an address' },
        maxretry: { type: 'integer', minimum: 1, default: 5, description: 'failures within findtime that ban an address' },
      },
    },
  },
} as const;

export type SecuritySettings = ModuleSettings<typeof securitySchema>;
