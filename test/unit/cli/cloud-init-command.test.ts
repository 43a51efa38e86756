import { createHash } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../../modules/catalog.js';
import { CliError } from '../../../src/cli/load-targets.js';
import { USER_DATA_LIMIT } from '../../../src/cloud-init/user-data.js';
import { loadInventory } from '../../../src/inventory/load-inventory.js';
import { cloudInit, cloudInitInventory, OPS_KEY, SHA } from './cloud-init-cases.js';

interface WriteFile {
  path: string;
  content: string;
  encoding?: string;
  permissions: string;
}
type CloudConfig = Record<string, unknown> & { write_files: WriteFile[]; runcmd: string[][] };

const parsed = (userData: string): CloudConfig => {
  expect(userData.startsWith('#cloud-config\n')).toBe(true);
  return parse(userData) as CloudConfig;
};
const fileIn = (config: CloudConfig, path: string): string => {
  const file = config.write_files.find((f) => f.path === path)!;
  return file.encoding === 'gz+b64' ? gunzipSync(Buffer.from(file.content, 'base64')).toString('utf8') : file.content;
};

describe('phanes cloud-init', () => {
  let inv: ReturnType<typeof cloudInitInventory>;
  beforeAll(() => {
    inv = cloudInitInventory();
  });

  it.each([...builtInCatalog.profiles.keys()])('the %s profile fits in 16 KiB of user-data, and its inventory loads to the same modules and settings', async (profile) => {
    const { code, out, err } = await cloudInit({ host: `${profile}1`, inventory: inv.file });
    expect(code).toBe(0);
    expect(err).not.toMatch(/warning|secret-value/);
    const size = Buffer.byteLength(out);
    console.log(`user-data of profile ${profile}: ${size} bytes (limit ${USER_DATA_LIMIT})`);
    expect(size).toBeLessThanOrEqual(USER_DATA_LIMIT);

    const config = parsed(out);
    // Root logs in with the inventory's key, without cloud-init's "log in as the default user" prefix.
    expect(config).toMatchObject({ disable_root: false, ssh_authorized_keys: [inv.publicKey] });
    expect(config.runcmd).toEqual([['sh', '/usr/local/lib/phanes/first-boot.sh']]);
    const script = fileIn(config, '/usr/local/lib/phanes/first-boot.sh');
    expect(script).toContain(`curl -fsSL --retry 5 --retry-connrefused --retry-delay 2 -o /usr/local/bin/phanes.download http://192.0.2.99/phanes-linux-x64`);
    expect(script).toContain(`echo '${SHA}  /usr/local/bin/phanes.download' | sha256sum -c --status`);
    expect(script).toContain('exec /usr/local/bin/phanes apply -i /etc/phanes/hosts.yaml --yes --state-dir /var/lib/phanes/first-boot');

    // The server's inventory, loaded as the server loads it: the host's own modules and settings.
    const dir = join(inv.dir, `server-${profile}`);
    mkdirSync(dir, { recursive: true });
    // The server provides the secret files the references name, beside its inventory (/etc/phanes/secrets/).
    symlinkSync(join(inv.dir, 'secrets'), join(dir, 'secrets'));
    writeFileSync(join(dir, 'hosts.yaml'), fileIn(config, '/etc/phanes/hosts.yaml'));
    const onServer = await loadInventory(join(dir, 'hosts.yaml'), builtInCatalog);
    const here = await loadInventory(inv.file, builtInCatalog);
    const wanted = here.hosts.find((h) => h.name === `${profile}1`)!;
    expect(onServer.hosts).toHaveLength(1);
    expect(onServer.hosts[0]).toMatchObject({ name: wanted.name, modules: wanted.modules, settings: wanted.settings, connection: { kind: 'local' } });
  });

  it('keeps a secret reference a reference, and says what the server must provide', async () => {
    const { code, out, err } = await cloudInit({ host: 'cache1', inventory: inv.file });
    expect(code).toBe(0);
    expect(out).not.toContain('redis-secret-value');
    const inventory = parse(fileIn(parsed(out), '/etc/phanes/hosts.yaml'));
    expect(inventory.hosts.cache1.vars.redis.password).toBe('${file:secrets/redis}');
    expect(err).toContain('${file:secrets/redis}');
    expect(err).not.toContain('redis-secret-value');
  });

  it('puts the value in only with --include-secrets', async () => {
    const { out } = await cloudInit({ host: 'cache1', inventory: inv.file, includeSecrets: true });
    expect(parse(fileIn(parsed(out), '/etc/phanes/hosts.yaml')).hosts.cache1.vars.redis.password).toBe('redis-secret-value');
  });

  it('refuses a secret written in the inventory, unless --include-secrets', async () => {
    const error = await cloudInit({ host: 'literal1', inventory: inv.file }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toBe(
      `${inv.file}: hosts.literal1: vars.redis.password is a secret written in the inventory: user-data would carry it. Make it a reference (\${file:PATH} or \${env:NAME}), or pass --include-secrets`,
    );
    expect((error as CliError).message).not.toContain('written-in-clear');
    expect((await cloudInit({ host: 'literal1', inventory: inv.file, includeSecrets: true })).code).toBe(0);
  });

  it('makes a login user that is not root, with its key; root login goes off as it would over SSH as that user', async () => {
    const admin = parsed((await cloudInit({ host: 'admin1', inventory: inv.file })).out);
    // The user module makes ops with its own sudo rule: cloud-init only creates it with the login key.
    expect(admin.users).toEqual(['default', { name: 'ops', shell: '/bin/bash', ssh_authorized_keys: [inv.publicKey] }]);
    expect(admin).not.toHaveProperty('disable_root');
    const settings = parse(fileIn(admin, '/etc/phanes/hosts.yaml')).hosts.admin1.vars;
    expect(settings.security.permit_root_login).toBe('no');
    expect(settings.user.authorized_keys).toEqual([OPS_KEY]);

    // A login user no module makes gets sudo without a password: Phanes runs sudo with no terminal.
    const deploy = parsed((await cloudInit({ host: 'deploy1', inventory: inv.file })).out);
    expect(deploy.users).toEqual(['default', { name: 'deploy', shell: '/bin/bash', ssh_authorized_keys: [inv.publicKey], sudo: 'ALL=(ALL) NOPASSWD:ALL' }]);
  });

  it('takes the sha256 of --binary, and other keys with --authorized-key', async () => {
    const binary = join(inv.dir, 'phanes-fake');
    writeFileSync(binary, 'not really an executable\n');
    const key = join(dirname(inv.file), 'other.pub');
    writeFileSync(key, `${OPS_KEY}\n`);
    const { out } = await cloudInit({ host: 'minimal1', inventory: inv.file, binarySha256: undefined, binary, authorizedKeys: [key] });
    const config = parsed(out);
    expect(fileIn(config, '/usr/local/lib/phanes/first-boot.sh')).toContain(createHash('sha256').update('not really an executable\n').digest('hex'));
    expect(config.ssh_authorized_keys).toEqual([OPS_KEY]);
  });

  it.each([
    [{ host: 'nosuch' }, /nosuch/],
    [{ host: 'minimal1', binaryUrl: 'ftp://x/y' }, /^--binary-url must be an http\(s\) URL/],
    [{ host: 'minimal1', binarySha256: 'abc' }, /^--binary-sha256 must be 64 hexadecimal digits/],
    [{ host: 'minimal1', authorizedKeys: ['/nonexistent.pub'] }, /^minimal1: cannot read the public key \/nonexistent.pub/],
  ])('refuses bad input in one line: %j', async (args, message) => {
    const error = await cloudInit({ inventory: inv.file, ...args }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toMatch(message);
  });
});
