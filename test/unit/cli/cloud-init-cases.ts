import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInCatalog } from '../../../modules/catalog.js';
import { cloudInitCommand, type CloudInitArgs } from '../../../src/cli/cloud-init-command.js';

/** A user module key (not a secret): the admin the profiles make. */
export const OPS_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ops@laptop';
export const SHA = 'ab'.repeat(32);

/** A directory with a login key pair, a secret file and an inventory: one host per built-in profile, and more. */
export function cloudInitInventory(): { dir: string; file: string; publicKey: string } {
  const dir = mkdtempSync(join(tmpdir(), 'phanes-cloud-init-'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'login@laptop', '-f', join(dir, 'id_login')]);
  mkdirSync(join(dir, 'secrets'));
  for (const name of ['redis', 'postgres', 'restic', 'k3s']) writeFileSync(join(dir, 'secrets', name), `${name}-secret-value\n`);
  const profiles = [...builtInCatalog.profiles.keys()];
  const hosts = profiles.map((p) => `  ${p}1: { address: 192.0.2.${profiles.indexOf(p) + 1}, profile: ${p} }`).join('\n');
  const file = join(dir, 'hosts.yaml');
  writeFileSync(
    file,
    `defaults:
  user: root
  identity_file: id_login
  vars:
    user: { name: ops, authorized_keys: ['${OPS_KEY}'] }
    redis: { password: '\${file:secrets/redis}' }
    postgres: { database: app, role: app, password: '\${file:secrets/postgres}' }
    coolify: { version: 4.0.0-beta.420 }
    backup: { repository: /var/backups/restic, password: '\${file:secrets/restic}', paths: [/etc] }
    k3s: { version: v1.30.4+k3s1, token: '\${file:secrets/k3s}' }
hosts:
${hosts}
  cache1: { address: 192.0.2.50, modules: [redis] }
  literal1: { address: 192.0.2.51, modules: [redis], vars: { redis: { password: 'written-in-clear' } } }
  admin1: { address: 192.0.2.52, user: ops, profile: minimal }
  deploy1: { address: 192.0.2.53, user: deploy, modules: [baseline] }
`,
  );
  return { dir, file, publicKey: execFileSync('cat', [join(dir, 'id_login.pub')], { encoding: 'utf8' }).trim() };
}

/** Runs `phanes cloud-init` in-process: what it printed, warned and returned. */
export async function cloudInit(args: Partial<CloudInitArgs> & Pick<CloudInitArgs, 'host' | 'inventory'>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await cloudInitCommand({
    binaryUrl: 'http://192.0.2.99/phanes-linux-x64',
    binarySha256: SHA,
    includeSecrets: false,
    sshConfig: '/nonexistent/phanes-test-ssh-config',
    write: (t) => (out += t),
    warn: (t) => (err += t),
    ...args,
  });
  return { code, out, err };
}
