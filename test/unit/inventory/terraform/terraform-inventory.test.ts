import { chmodSync, copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../../../modules/catalog.js';
import { InventoryError } from '../../../../src/inventory/inventory-error.js';
import { loadInventory } from '../../../../src/inventory/load-inventory.js';
import { parseOutputJson, parseStateFile } from '../../../../src/inventory/terraform/terraform-outputs.js';
import { terraformHosts } from '../../../../src/inventory/terraform/terraform-hosts.js';
import { isSecret } from '../../../../src/shell/secret.js';

/**
 * Inventories whose hosts come from OpenTofu/Terraform, read from documents in the tools' published formats
 * (fixtures/terraform/: `output -json` as both tools print it, state files of format version 4 as each
 * writes them, and broken ones). Neither tool is installed here: a stand-in `tofu` on PATH (a shell script
 * printing a fixture) proves that the command is run, where, and with which arguments.
 */

const FIXTURES = fileURLToPath(new URL('../../../../fixtures/terraform/', import.meta.url));
const fixture = (name: string) => join(FIXTURES, name);
const read = (name: string) => readFileSync(fixture(name), 'utf8');
/** A PATH with neither tool on it. */
const NO_TOOLS = { PATH: '/nonexistent' };

/** A directory with the fixture inventory and `terraform:` set as given. */
function inventoryWith(terraform: string, extraFiles: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'phanes-tf-'));
  const text = read('inventory.yaml').replace('terraform:\n  state: terraform.tfstate\n', `terraform:\n${terraform}`);
  writeFileSync(join(dir, 'hosts.yaml'), text);
  for (const [name, from] of Object.entries(extraFiles)) copyFileSync(fixture(from), join(dir, name));
  return join(dir, 'hosts.yaml');
}

async function problemsOf(file: string, env: NodeJS.ProcessEnv = NO_TOOLS): Promise<string[]> {
  try {
    await loadInventory(file, builtInCatalog, { env, home: '/home/me' });
  } catch (error) {
    if (error instanceof InventoryError) return error.problems.map((p) => `${p.path}: ${p.message} (${p.hint ?? ''})`);
    throw error;
  }
  throw new Error('the inventory loaded without a problem');
}

describe('Terraform/OpenTofu outputs in their published formats', () => {
  for (const file of ['opentofu-output.json', 'terraform-output.json']) {
    it(`${file} (output -json): every output, sensitive ones marked`, () => {
      const { outputs } = parseOutputJson(read(file), file);
      expect(outputs.get('db_password')).toEqual({ value: 's3cr3t-from-random_password', sensitive: true });
      expect(outputs.get('phanes_hosts')?.sensitive).toBe(false);
      expect(terraformHosts({ outputs, origin: file }, 'phanes_hosts').map((h) => h.name)).toEqual(['web-1', 'runner-1']);
    });
  }
  for (const file of ['opentofu.tfstate', 'terraform.tfstate']) {
    it(`${file} (state version 4): sensitive is left out when false, and still read right`, () => {
      const { outputs } = parseStateFile(read(file), file);
      expect(outputs.get('runner_admin_token')).toEqual({ value: 'github_pat_11FROMTOFU0example', sensitive: true });
      expect(outputs.get('phanes_hosts')?.sensitive).toBe(false);
    });
  }
  it('a state file handed over as an outputs file is still read as a state', () => {
    expect(parseOutputJson(read('terraform.tfstate'), 'x').outputs.get('db_password')?.sensitive).toBe(true);
  });
  it('hosts: address, user, port, groups and vars; null attributes are unset', () => {
    const hosts = terraformHosts(parseStateFile(read('terraform.tfstate'), 'terraform.tfstate'), 'phanes_hosts');
    expect(hosts).toEqual([
      { name: 'web-1', address: '203.0.113.10', user: 'admin', port: 2222, groups: ['web', 'production'], vars: { baseline: { timezone: 'Europe/Berlin' } } },
      { name: 'runner-1', address: '203.0.113.20', user: 'root', groups: ['runners'], vars: { 'github-runner': { labels: ['deploy', 'production'] } } },
    ]);
  });
});

describe('an inventory with terraform:', () => {
  for (const [name, terraform, files] of [
    ['a state file (Terraform)', '  state: terraform.tfstate\n', { 'terraform.tfstate': 'terraform.tfstate' }],
    ['a state file (OpenTofu)', '  state: infra.tfstate\n', { 'infra.tfstate': 'opentofu.tfstate' }],
    ['a saved output -json (OpenTofu)', '  outputs: outputs.json\n', { 'outputs.json': 'opentofu-output.json' }],
    ['a saved output -json (Terraform)', '  outputs: outputs.json\n', { 'outputs.json': 'terraform-output.json' }],
    ['a directory, no tool installed: its terraform.tfstate', '  dir: .\n', { 'terraform.tfstate': 'terraform.tfstate' }],
  ] as const) {
    it(`takes its hosts from ${name}, merged with the file's own groups, hosts and vars`, async () => {
      const inventory = await loadInventory(inventoryWith(terraform, files), builtInCatalog, { env: NO_TOOLS, home: '/home/me' });
      expect(inventory.hosts.map((h) => h.name)).toEqual(['db-1', 'web-1', 'runner-1']);
      const web = inventory.hosts.find((h) => h.name === 'web-1')!;
      // The file's own port wins over Terraform's; Terraform's user and address stay.
      expect(web.connection).toMatchObject({ address: '203.0.113.10', user: 'admin', port: 22 });
      // vars merge module by module: Terraform's timezone, the file's locale.
      expect(web.settings['baseline']).toMatchObject({ timezone: 'Europe/Berlin', locale: 'de_DE.UTF-8' });
      expect(web.groups).toEqual(['web', 'production']);
      expect(inventory.groups).toMatchObject({ runners: ['runner-1'], web: ['web-1'], production: ['web-1'] });
      const runner = inventory.hosts.find((h) => h.name === 'runner-1')!;
      expect(runner.connection).toMatchObject({ address: '203.0.113.20', user: 'root' });
      expect(runner.connection.port).toBeUndefined();
      expect(runner.modules).toEqual(['baseline', 'github-runner']);
      const settings = runner.settings['github-runner']!;
      expect(settings['labels']).toEqual(['deploy', 'production']);
      // A sensitive output, referenced from a secret setting: a Secret, masked in every text form.
      const token = settings['token'];
      expect(isSecret(token)).toBe(true);
      expect(isSecret(token) && token.reveal()).toBe('github_pat_11FROMTOFU0example');
      expect(isSecret(token) && token.source).toBe('terraform:runner_admin_token');
      expect(JSON.stringify(inventory.hosts)).not.toContain('github_pat_11FROMTOFU0example');
      expect(inventory.warnings).toEqual([]);
    });
  }

  it('runs `tofu output -json` in the directory when tofu is installed (no shell, its own directory)', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'phanes-tf-bin-'));
    const log = join(bin, 'calls');
    // A stand-in tofu: records its arguments and directory, prints OpenTofu's output -json.
    writeFileSync(join(bin, 'tofu'), `#!/bin/sh\nprintf '%s|%s|%s\\n' "$*" "$PWD" "$TF_IN_AUTOMATION" >> '${log}'\ncat '${fixture('opentofu-output.json')}'\n`);
    chmodSync(join(bin, 'tofu'), 0o755);
    const file = inventoryWith('  dir: infra\n');
    const infra = join(file, '..', 'infra');
    (await import('node:fs')).mkdirSync(infra);
    const inventory = await loadInventory(file, builtInCatalog, { env: { PATH: `${bin}:/usr/bin:/bin` }, home: '/home/me' });
    expect(inventory.hosts.map((h) => h.name)).toEqual(['db-1', 'web-1', 'runner-1']);
    expect(readFileSync(log, 'utf8')).toBe(`output -json -no-color|${infra}|1\n`);
  });

  it('a failing command: one problem naming the command, its directory and its message', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'phanes-tf-bin-'));
    writeFileSync(join(bin, 'terraform'), '#!/bin/sh\necho "Error: Backend initialization required, please run \\"terraform init\\"" >&2\nexit 1\n');
    chmodSync(join(bin, 'terraform'), 0o755);
    const problems = await problemsOf(inventoryWith('  dir: .\n  command: terraform\n'), { PATH: bin });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^terraform\.dir: `terraform output -json` in \/.* failed: Error: Backend initialization required/);
  });

  for (const [what, terraform, files, expected] of [
    ['a missing hosts output', '  outputs: o.json\n  hosts_output: servers\n', { 'o.json': 'terraform-output.json' }, /^terraform\.hosts_output: output servers is not in .*o\.json \(its outputs are: db_password, phanes_hosts, regions, runner_admin_token/],
    ['a hosts output that is a list', '  outputs: o.json\n', { 'o.json': 'hosts-output-is-a-list.json' }, /^terraform\.outputs: output phanes_hosts of .*o\.json: it is a list, not a map of hosts/],
    ['a host without an address', '  outputs: o.json\n', { 'o.json': 'host-without-address.json' }, /^terraform\.outputs: output phanes_hosts of .*o\.json: host web-1 has no address/],
    ['a sensitive hosts output', '  outputs: o.json\n', { 'o.json': 'sensitive-hosts-output.json' }, /^terraform\.outputs: output phanes_hosts of .*o\.json: it is sensitive.*\$\{terraform:OUTPUT\}/],
    ['a state of format version 3', '  state: old.tfstate\n', { 'old.tfstate': 'state-version-3.tfstate' }, /^terraform\.state: .*old\.tfstate: state format version 3, Phanes reads version 4/],
    ['a state file that is not JSON', '  state: main.tf\n', { 'main.tf': 'not-json.tfstate' }, /^terraform\.state: .*main\.tf is not JSON/],
    ['a state file that does not exist', '  state: nowhere.tfstate\n', {}, /^terraform\.state: state file .*nowhere\.tfstate does not exist/],
    ['a directory with no tool and no state', '  dir: .\n', {}, /^terraform\.dir: neither tofu nor terraform is installed, and .* has no terraform\.tfstate/],
    ['a command that is not installed', '  dir: .\n  command: tofu\n', {}, /^terraform\.dir: tofu is not installed/],
    ['two sources', '  dir: .\n  state: terraform.tfstate\n', {}, /^terraform: terraform has dir and state: set only one/],
  ] as const) {
    it(`${what}: one clear problem, naming the output or the file`, async () => {
      const problems = await problemsOf(inventoryWith(terraform, files));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(expected);
      expect(problems.join('\n')).not.toContain('github_pat_11FROMTOFU0example');
    });
  }

  it('${terraform:NAME} naming an output that is not there names the output and the file', async () => {
    const file = inventoryWith('  state: terraform.tfstate\n', { 'terraform.tfstate': 'terraform.tfstate' });
    writeFileSync(file, readFileSync(file, 'utf8').replace('${terraform:runner_admin_token}', '${terraform:runner_token}'));
    const problems = await problemsOf(file);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/groups\.runners\.vars\.github-runner\.token: output runner_token is not in .*terraform\.tfstate \(its outputs are: db_password, phanes_hosts, runner_admin_token\)/);
  });

  it('${terraform:NAME} of an output that is not a string is refused', async () => {
    const file = inventoryWith('  state: terraform.tfstate\n', { 'terraform.tfstate': 'terraform.tfstate' });
    writeFileSync(file, readFileSync(file, 'utf8').replace('${terraform:runner_admin_token}', '${terraform:phanes_hosts}'));
    expect((await problemsOf(file))[0]).toMatch(/output phanes_hosts of .* is an object, not a string/);
  });

  it('a Terraform host with settings the module refuses is reported like a host of the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'phanes-tf-'));
    const outputs = JSON.parse(read('terraform-output.json')) as { phanes_hosts: { value: Record<string, { vars: Record<string, unknown> }> } };
    outputs.phanes_hosts.value['web-1']!.vars['baseline'] = { timezone: 42 };
    writeFileSync(join(dir, 'o.json'), JSON.stringify(outputs));
    writeFileSync(join(dir, 'hosts.yaml'), 'terraform:\n  outputs: o.json\nhosts_output_note: x\n'.replace('hosts_output_note: x\n', '') + 'defaults:\n  modules: [baseline]\n');
    const problems = await problemsOf(join(dir, 'hosts.yaml'));
    expect(problems.join('\n')).toContain('timezone');
  });
});
