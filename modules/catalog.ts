import type { Catalog, Profile } from '../src/engine/catalog.js';
import type { Module } from '../src/engine/module.js';
import { apps } from './apps/apps.js';
import { backup } from './backup/backup.js';
import { baseline } from './baseline/baseline.js';
import { caddy } from './caddy/caddy.js';
import { coolify } from './coolify/coolify.js';
import { devtools } from './devtools/devtools.js';
import { docker } from './docker/docker.js';
import { files } from './files/files.js';
import { githubRunner } from './github-runner/github-runner.js';
import { k3s } from './k3s/k3s.js';
import { mdns } from './mdns/mdns.js';
import { monitoring } from './monitoring/monitoring.js';
import { nginx } from './nginx/nginx.js';
import { postgres } from './postgres/postgres.js';
import { redis } from './redis/redis.js';
import { security } from './security/security.js';
import { swap } from './swap/swap.js';
import { tailscale } from './tailscale/tailscale.js';
import { updates } from './updates/updates.js';
import { user } from './user/user.js';

/** Every built-in module, in the order `phanes list` shows them. */
const MODULES: readonly Module[] = [baseline, user, security, swap, updates, files, nginx, caddy, monitoring, docker, apps, devtools, coolify, postgres, redis, mdns, backup, tailscale, k3s, githubRunner];

const MINIMAL = ['baseline', 'user', 'security', 'swap', 'updates'];

/** Built-in profiles; an inventory may replace or extend them. */
const PROFILES: readonly Profile[] = [
  { name: 'minimal', description: 'What every server starts from: base system, admin user, hardening, swap, security updates', modules: MINIMAL },
  { name: 'dev', description: 'A development box: minimal plus Docker, monitoring and language toolchains', modules: [...MINIMAL, 'docker', 'monitoring', 'devtools'] },
  { name: 'web', description: 'A web server: minimal plus Docker, monitoring and Caddy', modules: [...MINIMAL, 'docker', 'monitoring', 'caddy'] },
  { name: 'database', description: 'A database server: minimal plus Docker, monitoring, PostgreSQL and Redis', modules: [...MINIMAL, 'docker', 'monitoring', 'postgres', 'redis'] },
  { name: 'coolify', description: 'A Coolify host: minimal plus Docker and Coolify', modules: [...MINIMAL, 'docker', 'coolify'] },
  {
    name: 'homelab',
    description: 'A small home server: minimal plus Docker, mDNS names, scheduled backups and a k3s node (backup and k3s need their settings)',
    modules: [...MINIMAL, 'docker', 'mdns', 'backup', 'k3s'],
  },
];

/** The built-in catalog an inventory is resolved against. */
export const builtInCatalog: Catalog = {
  modules: new Map(MODULES.map((m) => [m.name, m])),
  profiles: new Map(PROFILES.map((p) => [p.name, p])),
};
