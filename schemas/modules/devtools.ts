import type { ModuleSettings } from '../module-settings.js';

/** Settings of the devtools module: build tools and the language runtimes a developer asked for. */
export const devtoolsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    packages: {
      type: 'array',
      items: { type: 'string', pattern: '^[a-z0-9][a-z0-9+.-]+$' },
      uniqueItems: true,
      default: ['git', 'build-essential'],
      description: 'Debian packages every developer box gets (never removed when dropped from this list)',
    },
    python: {
      type: 'boolean',
      default: false,
      description: "Python 3 from the distribution, with venv and pip (python3, python3-venv, python3-pip)",
    },
    node: {
      type: 'string',
      enum: ['none', 'distro', 'nodesource'],
      default: 'none',
      description:
        "none: Node.js is left alone; distro: the distribution's nodejs and npm (Debian 12: Node 18); nodesource: Node.js `node_major` from NodeSource's apt repository (npm included)",
    },
    node_major: {
      type: 'integer',
      minimum: 18,
      maximum: 99,
      default: 22,
      description: 'the Node.js major version for node: nodesource (its repository carries one major: changing it switches, down as well as up)',
    },
    go: {
      type: 'string',
      enum: ['none', 'distro'],
      default: 'none',
      description: "none: Go is left alone; distro: the distribution's golang-go (Debian 12: Go 1.19)",
    },
  },
} as const;

export type DevtoolsSettings = ModuleSettings<typeof devtoolsSchema>;
