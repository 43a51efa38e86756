import type { Catalog, Profile } from '../../../src/engine/catalog.js';
import type { Module } from '../../../src/engine/module.js';

/** A module with a schema and nothing to do: the inventory only reads name, requires and schema. */
export function fakeModule(name: string, requires: readonly string[], schema: Record<string, unknown>): Module {
  return { name, description: `fake ${name}`, requires, schema, facts: () => ({}), plan: () => [] };
}

/** Shaped like the real baseline module to come. */
export const baseline = fakeModule('baseline', [], {
  type: 'object',
  additionalProperties: false,
  properties: {
    timezone: { type: 'string', default: 'UTC', description: 'IANA time zone, e.g. Europe/Berlin' },
    locale: { type: 'string', default: 'C.UTF-8', description: 'system locale' },
    packages: { type: 'array', items: { type: 'string' }, default: [], description: 'extra packages to install' },
  },
});

/** Shaped like the real user module to come; needs baseline. */
export const user = fakeModule('user', ['baseline'], {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', pattern: '^[a-z_][a-z0-9_-]*$', description: 'login name of the user' },
    authorized_keys: { type: 'array', items: { type: 'string' }, default: [], description: 'public SSH keys' },
    shell: { type: 'string', default: '/bin/bash', description: 'login shell' },
    groups: { type: 'array', items: { type: 'string' }, default: [], description: 'extra groups' },
    sudo: { type: 'string', enum: ['nopasswd', 'password', 'none'], default: 'nopasswd', description: 'sudo rule of the account' },
  },
});

/** A third module with secret fields (one nested) and an `x-` annotation; needs user. */
export const web = fakeModule('web', ['user'], {
  type: 'object',
  additionalProperties: false,
  properties: {
    port: { type: 'integer', minimum: 1, maximum: 65535, default: 80, description: 'port the site listens on' },
    api_token: { type: 'string', format: 'secret', description: 'token of the CDN API', 'x-docs': 'shown masked' },
    tls: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        enabled: { type: 'boolean', default: false, description: 'serve HTTPS' },
        key_password: { type: 'string', format: 'secret', description: 'passphrase of the TLS key' },
      },
    },
  },
});

const profiles: Profile[] = [
  { name: 'minimal', description: 'Baseline only', modules: ['baseline'] },
  { name: 'webserver', description: 'A web server with its user', modules: ['baseline', 'web'] },
];

/** Builds a catalog from modules and profiles. */
export function catalogOf(modules: readonly Module[], extraProfiles: readonly Profile[] = profiles): Catalog {
  return {
    modules: new Map(modules.map((module) => [module.name, module])),
    profiles: new Map(extraProfiles.map((profile) => [profile.name, profile])),
  };
}

/** baseline, user (requires baseline) and web (requires user, has secrets); profiles minimal and webserver. */
export const testCatalog: Catalog = catalogOf([baseline, user, web]);
