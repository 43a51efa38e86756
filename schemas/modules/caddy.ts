import { PLAIN_NORMAL_PATH, type ModuleSettings } from '../module-settings.js';

/**
 * Values that end up in the Caddyfile are held to patterns without whitespace, braces, quotes, `#` or
 * newlines, so a setting can never add a directive or a site of its own.
 */
const HOST = '[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*';
const SITE_ADDRESS = `^((https?://)?${HOST}(:[0-9]{1,5})?|(https?://)?:[0-9]{1,5})$`;
const UPSTREAM = `^(https?://)?(${HOST}|\\[[0-9A-Fa-f:]+\\])(:[0-9]{1,5})?$`;

/** Settings of the caddy module: the web server, where it comes from, and its Caddyfile. */
export const caddySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    source: {
      type: 'string',
      enum: ['repository', 'distro'],
      default: 'repository',
      description:
        "repository: Caddy's own apt repository (current releases; its signing key is checked against a pinned fingerprint); distro: the distribution's package (Debian 12: Caddy 2.6)",
    },
    email: {
      type: 'string',
      pattern: '^([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+)?$',
      default: '',
      description: "address given to the ACME certificate authorities (Let's Encrypt, ZeroSSL) for automatic HTTPS; empty: none",
    },
    sites: {
      type: 'array',
      default: [{ address: ':80', file_server: '/usr/share/caddy' }],
      description:
        'sites of the Caddyfile, each an `address` (example.com for automatic HTTPS, http://example.com, :8080) with exactly one of `reverse_proxy` (an upstream such as 127.0.0.1:3000) or `file_server` (a directory); the default serves the welcome page on port 80',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['address'],
        oneOf: [{ required: ['reverse_proxy'] }, { required: ['file_server'] }],
        description: 'a site: `address`, and exactly one of `reverse_proxy` (pass requests to an upstream) or `file_server` (serve files)',
        properties: {
          address: {
            type: 'string',
            pattern: SITE_ADDRESS,
            description: 'site address: a host name (HTTPS, with HTTP redirected), http://HOST, :PORT, each with an optional :PORT',
          },
          reverse_proxy: {
            type: 'string',
            pattern: UPSTREAM,
            description: 'upstream every request is passed to, e.g. 127.0.0.1:3000',
          },
          file_server: {
            type: 'string',
            pattern: PLAIN_NORMAL_PATH,
            description: 'directory whose files are served (an absolute path)',
          },
        },
      },
    },
  },
} as const;

export type CaddySettings = ModuleSettings<typeof caddySchema>;

/** One site as plan sees it. */
export type CaddySite = CaddySettings['sites'][number];
