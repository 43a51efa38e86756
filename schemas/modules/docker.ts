import type { ModuleSettings } from '../module-settings.js';

/** Settings of the docker module: the engine, compose, who may use it, and daemon.json. */
export const dockerSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    source: {
      type: 'string',
      enum: ['official', 'distro'],
      default: 'official',
      description:
        "official: Docker CE, buildx and the compose v2 plugin from Docker's apt repository (Debian and Ubuntu); distro: the distribution's docker.io and its compose package (on Debian 12 that is compose v1, `docker-compose`)",
    },
    users: {
      type: 'array',
      items: { type: 'string', pattern: '^[a-z_][a-z0-9_-]{0,31}$' },
      uniqueItems: true,
      default: [],
      description:
        'accounts added to the docker group (typically the user module\'s name); membership is root-equivalent; members not listed are left alone; takes effect at their next login',
    },
    log_max_size: {
      type: 'string',
      pattern: '^[1-9][0-9]*[kmg]$',
      default: '10m',
      description: 'daemon.json log rotation (json-file driver): the size at which a container log is rotated, e.g. 10m',
    },
    log_max_file: {
      type: 'integer',
      minimum: 1,
      maximum: 100,
      default: 3,
      description: 'daemon.json log rotation: how many log files each container keeps',
    },
    address_pools: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['base', 'size'],
        properties: {
          base: { type: 'string', pattern: '^[0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}$', description: 'CIDR range, e.g. 10.0.0.0/8' },
          size: { type: 'integer', minimum: 8, maximum: 30, description: 'prefix length of each network cut from it, e.g. 24' },
        },
      },
      default: [],
      description:
        'daemon.json default-address-pools, each {base: CIDR, size: prefix}; Coolify wants [{base: 10.0.0.0/8, size: 24}]; empty: Docker\'s own defaults',
    },
    daemon_json: {
      type: 'object',
      default: {},
      description:
        'more daemon.json keys, written as given (e.g. {"live-restore": true}); the keys the settings above own (log-driver, log-opts, default-address-pools) are refused here',
    },
  },
} as const;

export type DockerSettings = ModuleSettings<typeof dockerSchema>;
