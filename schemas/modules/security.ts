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
      description:
        'sshd PermitRootLogin; unset: `no` when Phanes logs in as another user, `prohibit-password` when it logs in as root (or runs with --local). `no` is refused while Phanes itself logs in as root',
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
    host_keys: {
      type: 'array',
      items: { type: 'string', enum: ['ed25519', 'rsa'] },
      minItems: 1,
      uniqueItems: true,
      default: ['ed25519'],
      description: 'host key types sshd offers (ECDSA never: auditors fail its NIST curve); `rsa` needs a key of at least 3072 bits (made when missing)',
    },
    allow_tcp_forwarding: {
      type: 'boolean',
      default: false,
      description: 'sshd AllowTcpForwarding; off by default, but kept at `local` while another inventory host jumps through this one (ProxyJump needs it)',
    },
    allow_agent_forwarding: { type: 'boolean', default: false, description: 'sshd AllowAgentForwarding' },
    allow_x11_forwarding: { type: 'boolean', default: false, description: 'sshd X11Forwarding' },
    compression: { type: 'boolean', default: false, description: 'sshd Compression' },
    max_auth_tries: {
      type: 'integer',
      minimum: 1,
      maximum: 20,
      default: 3,
      description: 'sshd MaxAuthTries: every key a client offers counts, so a client with many keys in its agent needs IdentitiesOnly or a higher value',
    },
    login_grace_time: { type: 'integer', minimum: 5, maximum: 600, default: 30, description: 'sshd LoginGraceTime, seconds to finish logging in' },
    client_alive_interval: {
      type: 'integer',
      minimum: 0,
      maximum: 3600,
      default: 300,
      description: 'sshd ClientAliveInterval (seconds); with client_alive_count_max, a client that stops answering is dropped (0: never)',
    },
    client_alive_count_max: { type: 'integer', minimum: 1, maximum: 10, default: 2, description: 'sshd ClientAliveCountMax' },
    max_startups: {
      type: 'string',
      pattern: '^[0-9]+(:[0-9]+:[0-9]+)?$',
      default: '10:30:60',
      description: 'sshd MaxStartups: unauthenticated connections beyond the first number are refused at random, more the closer to the last',
    },
    revert_after: {
      type: 'integer',
      minimum: 15,
      maximum: 3600,
      default: 120,
      description:
        'seconds: a change to sshd or ufw reverts itself on the host unless a new login proves it within this time, also when Phanes dies mid-change (commit-confirmed, a systemd timer)',
    },
    level: {
      type: 'string',
      enum: ['standard', 'strict'],
      default: 'standard',
      description:
        'hardening level: `strict` adds the dev-sec/CIS items a module can own (login.defs, umask 027 at login, core dumps off, needrestart and a few audit packages, kernel and network sysctls where the kernel allows, unused protocols and usb-storage blacklisted, a legal banner): see "Levels" below',
    },
    idle_timeout: {
      type: 'integer',
      minimum: 0,
      maximum: 86400,
      default: 900,
      description:
        'level `strict` only: seconds after which an interactive login waiting at its prompt ends (readonly TMOUT in bash; also in tmux or screen windows); 0: never',
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
        limit_ssh: {
          type: 'boolean',
          default: false,
          description:
            'ufw `limit` for the SSH port instead of `allow`: an address opening 6 or more connections in 30 s is refused for a while (off by default: CI jobs behind one NAT address and tools that open many sessions trip it; fail2ban bans failed logins either way)',
        },
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
