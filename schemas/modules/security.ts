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
