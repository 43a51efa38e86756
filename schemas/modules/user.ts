import { NORMAL_PATH, type ModuleSettings } from '../module-settings.js';

/** Settings of the user module: an admin account with SSH keys and sudo. */
export const userSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: {
      type: 'string',
      pattern: '^[a-z_][a-z0-9_-]{0,31}$',
      description: 'login name of the account (lowercase letters, digits, _ and -)',
    },
    authorized_keys: {
      type: 'array',
      items: { type: 'string', pattern: '^(ssh-|ecdsa-|sk-)[^\\n]+$' },
      default: [],
      description: 'public keys, one line each; when not empty, ~/.ssh/authorized_keys holds exactly these',
    },
    shell: {
      type: 'string',
      pattern: NORMAL_PATH,
      default: '/bin/bash',
      description: 'login shell (a normal absolute path)',
    },
    groups: {
      type: 'array',
      items: { type: 'string', pattern: '^[a-z_][a-z0-9_-]{0,31}$' },
      uniqueItems: true,
      default: [],
      description: 'extra groups (created when missing); groups the account has besides these are left alone',
    },
    sudo: {
      type: 'string',
      enum: ['nopasswd', 'password', 'none'],
      default: 'nopasswd',
      description: 'nopasswd: sudo without a password; password: sudo asks the account password; none: no sudo rule',
    },
  },
} as const;

export type UserSettings = ModuleSettings<typeof userSchema>;
