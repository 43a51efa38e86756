import { PLAIN_NORMAL_PATH, type ModuleSettings } from '../module-settings.js';

/**
 * Values that end up inside nginx's configuration are held to patterns without `;`, `{`, `}`, quotes,
 * `$` or whitespace, so a setting can never add a directive of its own.
 */
const SERVER_NAME = '^(_|(\\*\\.)?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*(\\.\\*)?)$';
const UPSTREAM_URL = '^https?://([A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*|\\[[0-9A-Fa-f:]+\\])(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?$';

/** Settings of the nginx module: the web server and the server blocks Phanes writes for it. */
export const nginxSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    servers: {
      type: 'array',
      default: [],
      description:
        'server blocks, each written to /etc/nginx/sites-enabled/phanes-NAME.conf: `name`, `server_names` (default ["_"]), `listen` (default 80) and exactly one of `root` (serve files) or `proxy_pass` (an http(s):// upstream); a block Phanes wrote that is no longer listed is removed',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        oneOf: [{ required: ['root'] }, { required: ['proxy_pass'] }],
        description: 'a server block: `name`, and exactly one of `root` (serve files) or `proxy_pass` (pass requests to an upstream)',
        properties: {
          name: {
            type: 'string',
            pattern: '^[a-z0-9][a-z0-9_-]{0,63}$',
            description: 'names the file phanes-NAME.conf (lowercase letters, digits, _ and -)',
          },
          server_names: {
            type: 'array',
            items: { type: 'string', pattern: SERVER_NAME, description: 'a host name such as example.com, *.example.com or example.*, or _ (no spaces, ;, braces or quotes)' },
            minItems: 1,
            uniqueItems: true,
            default: ['_'],
            description: 'host names the block answers for (`server_name`), e.g. example.com, *.example.com; _ matches none in particular',
          },
          listen: {
            type: 'integer',
            minimum: 1,
            maximum: 65535,
            default: 80,
            description: 'TCP port the block listens on (IPv4 and IPv6)',
          },
          root: {
            type: 'string',
            pattern: PLAIN_NORMAL_PATH,
            description: 'directory whose files are served (an absolute path)',
          },
          proxy_pass: {
            type: 'string',
            pattern: UPSTREAM_URL,
            description: 'upstream every request is passed to, e.g. http://127.0.0.1:3000',
          },
        },
      },
    },
    remove_default_site: {
      type: 'boolean',
      default: false,
      description: "true removes Debian's default site (the sites-enabled/default link, which answers on port 80); false leaves it as it is",
    },
  },
} as const;

export type NginxSettings = ModuleSettings<typeof nginxSchema>;

/** One server block as plan sees it (defaults filled in). */
export type NginxServer = NginxSettings['servers'][number];
