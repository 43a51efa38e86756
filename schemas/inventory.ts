import type { FromSchema } from 'json-schema-to-ts';

/*
 * The JSON Schema of an inventory file: the single source of truth for its validation (src/inventory/),
 * the TypeScript type of a raw inventory below, and the inventory reference in docs/. Every property
 * carries a description; validation errors show it as their hint, so it says what to write.
 */

/** Names of hosts, groups and profiles: what `--limit`, `--profile` and `jump` can refer to. */
export const INVENTORY_NAME_PATTERN = '^[A-Za-z0-9_][A-Za-z0-9_.-]*$';

/** How to reach a host; allowed under defaults, a group and a host. */
const connectionProperties = {
  user: {
    type: 'string',
    minLength: 1,
    description: 'login user; when unset, the User from ~/.ssh/config, else root',
  },
  port: {
    type: 'integer',
    minimum: 1,
    maximum: 65535,
    description: 'SSH port; when unset, the Port from ~/.ssh/config, else 22',
  },
  identity_file: {
    type: 'string',
    minLength: 1,
    description: 'private key file; ~ is your home directory, a relative path starts at the inventory\'s directory',
  },
  known_hosts: {
    type: 'string',
    minLength: 1,
    description: 'known_hosts file to check host keys against (default ~/.ssh/known_hosts); ~ is your home, a relative path starts at the inventory\'s directory',
  },
  host_key_policy: {
    type: 'string',
    enum: ['strict', 'accept-new'],
    default: 'strict',
    description: 'strict: the host key must already be in ~/.ssh/known_hosts; accept-new: record unknown keys; a changed key is always refused',
  },
  connect_timeout: {
    type: 'integer',
    minimum: 1,
    default: 10,
    description: 'seconds to wait for the SSH connection',
  },
  command_timeout: {
    type: 'integer',
    minimum: 1,
    default: 1800,
    description: 'seconds one remote command may run',
  },
  sudo_password: {
    type: 'string',
    description: 'password sudo asks for when the user is not root: ${env:NAME}, ${file:PATH} or, with a warning, the password itself',
  },
  jump: {
    type: ['string', 'null'],
    minLength: 1,
    description: 'jump host: an inventory host name or [user@]host[:port]; null connects directly, a host never jumps through itself',
  },
} as const;

/** Which modules run and with which settings; allowed under defaults, a group and a host. */
const moduleProperties = {
  profile: {
    type: 'string',
    minLength: 1,
    description: 'name of a built-in profile or one under profiles, whose modules the host runs; instead of modules',
  },
  modules: {
    type: 'array',
    items: { type: 'string', minLength: 1, description: 'a module name, as `phanes list` shows it' },
    uniqueItems: true,
    description: 'modules the host runs, in order, each one\'s requirements added before it; instead of profile',
  },
  vars: {
    type: 'object',
    additionalProperties: {
      type: 'object',
      description: 'settings of the module this key names, checked against its settings schema',
    },
    description: 'module settings, under the module\'s name; objects merge with the less specific levels, lists and values replace',
  },
} as const;

/** The JSON Schema of an inventory document. */
export const inventorySchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://phanes.dev/schemas/inventory.json',
  title: 'Phanes inventory',
  description: 'Hosts to provision, how to reach them and which modules run on each, with their settings.',
  type: 'object',
  required: ['hosts'],
  additionalProperties: false,
  properties: {
    defaults: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: { ...connectionProperties, ...moduleProperties },
      description: 'settings for every host; groups and hosts override them',
    },
    terraform: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: {
        dir: {
          type: 'string',
          minLength: 1,
          description: 'an OpenTofu/Terraform configuration directory: `tofu output -json` (or terraform) runs there when installed, else its terraform.tfstate is read; relative to the inventory',
        },
        state: { type: 'string', minLength: 1, description: 'a state file (format version 4) to read the outputs from; relative to the inventory' },
        outputs: { type: 'string', minLength: 1, description: 'a file holding what `tofu output -json` printed; relative to the inventory' },
        command: { type: 'string', enum: ['tofu', 'terraform'], description: 'the tool to run in dir; default: tofu, else terraform, whichever is installed' },
        hosts_output: {
          type: ['string', 'null'],
          minLength: 1,
          default: 'phanes_hosts',
          description: 'the output listing hosts (name -> address, user, port, groups, vars); null: take no hosts, only ${terraform:NAME} secrets',
        },
        timeout: { type: 'integer', minimum: 1, default: 60, description: 'seconds `output -json` may take' },
      },
      description: 'hosts and secrets from OpenTofu/Terraform outputs: set exactly one of dir, state and outputs (docs/terraform.md)',
    },
    profiles: {
      type: ['object', 'null'],
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          description: { type: 'string', description: 'one line shown by `phanes list`' },
          extends: {
            type: 'string',
            minLength: 1,
            description: 'a built-in or user profile whose modules come first; naming the profile itself extends the built-in one',
          },
          modules: {
            type: 'array',
            items: { type: 'string', minLength: 1, description: 'a module name, as `phanes list` shows it' },
            uniqueItems: true,
            description: 'modules of the profile, in order, after those of extends',
          },
        },
        description: 'a named list of modules; a built-in name replaces the built-in profile',
      },
      description: 'user profiles, by name',
    },
    groups: {
      type: ['object', 'null'],
      additionalProperties: {
        type: ['object', 'null'],
        additionalProperties: false,
        properties: {
          hosts: {
            type: 'array',
            items: { type: 'string', minLength: 1, description: 'the name of a host listed under hosts' },
            uniqueItems: true,
            description: 'names of the hosts in this group, each listed under hosts',
          },
          ...connectionProperties,
          ...moduleProperties,
        },
        description: 'a group of hosts; its settings override defaults, and later groups override earlier ones',
      },
      description: 'groups of hosts, by name; a later group overrides an earlier one',
    },
    hosts: {
      type: 'object',
      minProperties: 1,
      additionalProperties: {
        type: ['object', 'null'],
        additionalProperties: false,
        properties: {
          address: {
            type: 'string',
            minLength: 1,
            description: 'DNS name, IP address or ~/.ssh/config Host alias to connect to; default: the host\'s name',
          },
          connection: {
            type: 'string',
            enum: ['ssh', 'local'],
            default: 'ssh',
            description: 'ssh: connect over SSH; local: run on this machine without SSH',
          },
          ...connectionProperties,
          ...moduleProperties,
        },
        description: 'a host; its settings override those of its groups and defaults',
      },
      description: 'the hosts, by name; the name is also the address unless address is set',
    },
  },
} as const;

/** Defaults stay unset in a raw document: a default filled in at a host would hide its groups' values. */
type AsWritten = { keepDefaultedPropertiesOptional: true };

type Properties = (typeof inventorySchema)['properties'];

/** An inventory document as written, after it passed `inventorySchema`. */
export type RawInventory = FromSchema<typeof inventorySchema, AsWritten>;

/** What defaults may set; a group adds `hosts`, a host adds `address` and `connection`. */
export type RawDefaults = NonNullable<FromSchema<Properties['defaults'], AsWritten>>;

/** One group under `groups`. */
export type RawGroup = NonNullable<FromSchema<Properties['groups']['additionalProperties'], AsWritten>>;

/** One host under `hosts`. */
export type RawHost = NonNullable<FromSchema<Properties['hosts']['additionalProperties'], AsWritten>>;

/** One profile under `profiles`. */
export type RawProfile = FromSchema<Properties['profiles']['additionalProperties'], AsWritten>;

/** The keys a level (defaults, a group, a host) may set in common. */
export type RawLevel = RawDefaults;
