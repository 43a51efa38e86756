import { secretSetting, type ModuleSettings } from '../module-settings.js';

/** Settings of the redis module: Debian's redis-server with a password, written to a config drop-in. */
export const redisSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['password'],
  properties: {
    password: secretSetting(
      'password of the default user (requirepass); written to /etc/redis/phanes.conf (0640 redis:redis), never to argv, plan output or logs; no newlines',
    ),
    bind: {
      type: 'array',
      items: { type: 'string', pattern: '^-?(\\*|::\\*|[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$' },
      minItems: 1,
      uniqueItems: true,
      default: ['127.0.0.1', '-::1'],
      description: 'IP addresses redis-server listens on (`*` for all IPv4, `::*` for all IPv6); a leading `-` makes one optional (skipped when the host lacks it)',
    },
    port: {
      type: 'integer',
      minimum: 1,
      maximum: 65535,
      default: 6379,
      description: 'TCP port',
    },
    maxmemory: {
      type: 'string',
      pattern: '^(0|[1-9][0-9]*)(b|k|kb|m|mb|g|gb)?$',
      default: '0',
      description: 'memory limit for data, e.g. 256mb or 2gb (lowercase units); 0: no limit',
    },
    maxmemory_policy: {
      type: 'string',
      enum: ['noeviction', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl'],
      default: 'noeviction',
      description: 'what redis-server evicts when maxmemory is reached (noeviction: refuse writes instead)',
    },
  },
} as const;

export type RedisSettings = ModuleSettings<typeof redisSchema>;
