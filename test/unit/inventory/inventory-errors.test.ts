import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_INVENTORY_BYTES } from '../../../src/inventory/read-inventory-file.js';
import { bad, loadError } from './fixtures.js';
import { baseline, catalogOf, fakeModule } from './test-catalog.js';

describe('loadInventory: every problem at once, placed in the file', () => {
  it('reports schema, reference and settings problems of one file together, in file order', async () => {
    const file = bad('many-problems.yaml');
    const error = await loadError(file);
    expect(error.message).toBe(
      [
        `${file}:2:3 defaults.prot: unknown key "prot" (did you mean "port"?)`,
        `${file}:3:20 defaults.connect_timeout: must be a positive integer (seconds to wait for the SSH connection)`,
        `${file}:4:20 defaults.host_key_policy: must be one of: strict, accept-new (did you mean "accept-new"?)`,
        `${file}:6:5 defaults.vars.baselin: unknown module "baselin" (did you mean "baseline"?)`,
        `${file}:9:19 groups.web.hosts[1]: host "web3" is not listed under hosts (did you mean "web1"?)`,
        `${file}:10:14 groups.web.profile: unknown profile "edg" (profiles: minimal, webserver)`,
        `${file}:15:11 hosts.web1.port: must be an integer from 1 to 65535 (SSH port; when unset, the Port from ~/.ssh/config, else 22)`,
        `${file}:17:25 hosts.web2.modules[1]: unknown module "usr" (did you mean "user"?)`,
        `${file}:21:29 hosts.db1.vars.baseline.timezone: must be a string (IANA time zone, e.g. Europe/Berlin)`,
        `${file}:21:32 hosts.db1.vars.baseline.lang: unknown setting "lang" (valid settings: timezone, locale, packages)`,
        `${file}:22:1 extra: unknown key "extra" (valid keys: defaults, terraform, profiles, groups, hosts)`,
      ].join('\n'),
    );
    expect(error.problems[0]).toStrictEqual({
      file,
      line: 2,
      column: 3,
      path: 'defaults.prot',
      message: 'unknown key "prot"',
      hint: 'did you mean "port"?',
    });
  });

  it('places settings problems where the winning value was written, and a missing one at the host', async () => {
    const file = bad('settings.yaml');
    expect((await loadError(file)).message).toBe(
      [
        `${file}:8:21 groups.web.vars.user.name: does not have the expected form (login name of the user)`,
        `${file}:8:34 groups.web.vars.user.sudo: must be one of: nopasswd, password, none (did you mean "nopasswd"?)`,
        `${file}:12:15 hosts.web1.vars.user.shel: unknown setting "shel" (did you mean "shell"?)`,
        `${file}:20:20 hosts.db1.vars.web.port: must be an integer from 1 to 65535 (port the site listens on)`,
        `${file}:20:39 hosts.db1.vars.web.tls.enabled: must be true or false (serve HTTPS)`,
        `${file}:21:3 hosts.nameless: missing required setting "name" of module "user" (login name of the user)`,
      ].join('\n'),
    );
  });

  it('reports module lists and profiles that cannot be resolved', async () => {
    const file = bad('module-lists.yaml');
    expect((await loadError(file)).message).toBe(
      [
        `${file}:4:22 profiles.loop-b.extends: profiles extend each other in a loop: loop-a -> loop-b -> loop-a (remove one of these extends)`,
        `${file}:5:22 profiles.broken.extends: unknown profile "minmal" (did you mean "minimal"?)`,
        `${file}:6:3 profiles.empty: a profile needs modules or extends (list its modules, or name the profile it builds on with extends)`,
        `${file}:8:3 groups.web1: group "web1" has the name of a host (rename the group, so that --limit can tell them apart)`,
        `${file}:13:5 hosts.web1.modules: set either profile or modules, not both (to add modules to a profile, define a profile that extends it)`,
        `${file}:14:3 hosts.web2: the host has neither modules nor a profile (set modules: [...] or profile: NAME on the host, one of its groups or defaults)`,
        `${file}:18:3 hosts["bad name"]: "bad name" is not a valid host name (use letters, digits, _, . and -, not starting with . or -)`,
      ].join('\n'),
    );
  });

  it('reports jump loops once, local jump hosts and malformed jump addresses', async () => {
    const file = bad('jumps.yaml');
    expect((await loadError(file)).message).toBe(
      [
        `${file}:5:14 hosts.a.jump: jump hosts form a loop: a -> b -> c -> a (let one of them connect directly with jump: null)`,
        `${file}:8:14 hosts.d.jump: jump host laptop runs locally, so it cannot forward SSH (name an SSH host, or connect directly with jump: null)`,
        `${file}:9:14 hosts.e.jump: jump is neither an inventory host nor [user@]host[:port] (write an inventory host name or [user@]host[:port], port 1 to 65535)`,
      ].join('\n'),
    );
  });

  it('reports a cycle in the modules\' requires at the module list', async () => {
    const cyclic = catalogOf([
      fakeModule('app', ['db'], {}),
      fakeModule('db', ['cache'], {}),
      fakeModule('cache', ['app'], {}),
    ]);
    const file = bad('requires-cycle.yaml');
    expect((await loadError(file, cyclic)).message).toBe(
      `${file}:4:5 hosts.web1.modules: module requirements form a cycle: app -> db -> cache -> app (a module's requires must not lead back to it; fix the module definitions)`,
    );
  });

  it('reports a requirement missing from the catalog', async () => {
    const file = bad('requires-cycle.yaml');
    const catalog = catalogOf([fakeModule('app', ['baseline', 'databse'], {}), baseline]);
    expect((await loadError(file, catalog)).message).toBe(
      `${file}:4:5 hosts.web1.modules: module "app" requires "databse", which is not a known module (fix the module definitions)`,
    );
  });

  it('reports a missing hosts section at the document, and wrong section types at their keys', async () => {
    const noHosts = bad('no-hosts.yaml');
    expect((await loadError(noHosts)).message).toBe(
      `${noHosts}:1:1 (document): missing required key "hosts" (the hosts, by name; the name is also the address unless address is set)`,
    );
    const emptyHosts = bad('empty-hosts.yaml');
    expect((await loadError(emptyHosts)).message).toBe(
      [
        `${emptyHosts}:1:1 hosts: must not be empty (the hosts, by name; the name is also the address unless address is set)`,
        `${emptyHosts}:2:1 groups: must be a map (groups of hosts, by name; a later group overrides an earlier one)`,
      ].join('\n'),
    );
  });
});

describe('loadInventory: YAML problems', () => {
  it('reports every syntax error with its position, and nothing after them', async () => {
    const file = bad('syntax-errors.yaml');
    expect((await loadError(file)).message).toBe(
      [
        `${file}:3:1 (document): tabs are not allowed as indentation (indent with spaces)`,
        `${file}:3:8 (document): nested mappings are not allowed in compact mappings (fix the YAML syntax here)`,
        `${file}:3:8 (document): implicit keys need to be on a single line (fix the YAML syntax here)`,
        `${file}:4:17 (document): implicit keys need to be on a single line (fix the YAML syntax here)`,
        `${file}:4:17 (document): block collections are not allowed within flow collections (fix the YAML syntax here)`,
        `${file}:6:1 (document): missing closing "quote (fix the YAML syntax here)`,
        `${file}:6:1 (document): flow map in block collection must be sufficiently indented and end with a } (indent this line like its siblings)`,
      ].join('\n'),
    );
  });

  it('reports each duplicate key at its second occurrence', async () => {
    const file = bad('duplicate-key.yaml');
    expect((await loadError(file)).message).toBe(
      [
        `${file}:7:5 hosts.web1.port: duplicate key "port" (a key may appear once in a map; remove or merge the copies)`,
        `${file}:8:3 hosts.web1: duplicate key "web1" (a key may appear once in a map; remove or merge the copies)`,
      ].join('\n'),
    );
  });

  it('refuses an alias bomb at its first alias, without expanding it', async () => {
    const file = bad('alias-bomb.yaml');
    const error = await loadError(file);
    expect(error.message).toBe(
      `${file}:3:8 (document): YAML aliases expand to too many nodes (more than 100) (write the values out instead of nesting aliases)`,
    );
  });

  it('reports an empty document', async () => {
    const file = bad('empty.yaml');
    expect((await loadError(file)).message).toBe(
      `${file}:1:1 (document): the inventory is empty (list your machines under hosts:, see inventory.example.yaml)`,
    );
  });
});

describe('loadInventory: the file itself', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'phanes-inventory-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a file over 1 MiB before parsing it', async () => {
    const file = join(dir, 'huge.yaml');
    // Unparseable YAML: had it been parsed, the error would be a syntax error instead.
    await writeFile(file, `: [${'x'.repeat(MAX_INVENTORY_BYTES)}`);
    expect((await loadError(file)).message).toBe(
      `${file}:1:1 (document): the inventory is larger than 1 MiB (1048579 bytes) (check that this is the right file; split the hosts into several inventories)`,
    );
  });

  it('parses a file of exactly 1 MiB', async () => {
    const file = join(dir, 'exact.yaml');
    await writeFile(file, `#${'x'.repeat(MAX_INVENTORY_BYTES - 2)}\n`);
    expect((await loadError(file)).message).toBe(
      `${file}:1:1 (document): the inventory is empty (list your machines under hosts:, see inventory.example.yaml)`,
    );
  });

  it('reports a missing file', async () => {
    const file = join(dir, 'missing.yaml');
    expect((await loadError(file)).message).toBe(`${file}:1:1 (document): the inventory file does not exist (check the path given with --inventory)`);
  });

  it('reports a directory given as the inventory', async () => {
    expect((await loadError(dir)).message).toBe(`${dir}:1:1 (document): the inventory is not a regular file (pass the path of a YAML file with --inventory)`);
  });
});

describe('loadInventory: no follow-on errors', () => {
  it('does not check further a host whose module list or settings had a schema error', async () => {
    const file = bad('typo-cascade.yaml');
    expect((await loadError(file)).message).toBe(
      [
        `${file}:7:5 hosts.web1.modlues: unknown key "modlues" (did you mean "modules"?)`,
        `${file}:11:17 hosts.web2.vars.baseline: must be a map (settings of the module this key names, checked against its settings schema)`,
        `${file}:13:31 hosts.web3.modules[2]: listed twice, the same as [0] (remove one of them)`,
        `${file}:14:9 hosts.web4: must be a map (a host; its settings override those of its groups and defaults)`,
      ].join('\n'),
    );
  });
});
