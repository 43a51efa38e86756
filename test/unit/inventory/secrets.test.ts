import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../../src/inventory/load-inventory.js';
import { Secret } from '../../../src/shell/secret.js';
import { bad, good, loadError } from './fixtures.js';
import { testCatalog } from './test-catalog.js';

const env = { PHANES_TEST_SUDO: 'sudo-from-env', PHANES_TEST_TOKEN: 'token-from-env' };

describe('secrets', () => {
  it('reads ${env:NAME} and ${file:PATH} (relative to the inventory, one trailing newline dropped) into Secrets', async () => {
    const inventory = await loadInventory(good('secrets.yaml'), testCatalog, { env });
    const [web1, web2] = inventory.hosts;
    const sudo1 = web1?.connection.sudoPassword;
    expect([sudo1?.reveal(), sudo1?.source]).toStrictEqual(['sudo-from-env', 'env:PHANES_TEST_SUDO']);
    const sudo2 = web2?.connection.sudoPassword;
    expect([sudo2?.reveal(), sudo2?.source]).toStrictEqual(['file-secret-value', 'file:secrets/sudo-password']);
    const web = web1?.settings['web'] as { api_token: Secret; tls: { enabled: boolean; key_password: Secret } };
    expect(web.api_token).toBeInstanceOf(Secret);
    expect([web.api_token.reveal(), web.api_token.source]).toStrictEqual(['token-from-env', 'env:PHANES_TEST_TOKEN']);
    expect(web.tls.enabled).toBe(true);
    expect([web.tls.key_password.reveal(), web.tls.key_password.source]).toStrictEqual(['tls-pass-from-file\n', 'file:secrets/tls-key-password']);
    expect(inventory.warnings).toStrictEqual([]);
  });

  it('never shows a secret value when the inventory is printed', async () => {
    const inventory = await loadInventory(good('secrets.yaml'), testCatalog, { env });
    const printed = [JSON.stringify(inventory), inspect(inventory, { depth: 10 }), String(inventory.hosts[0]?.connection.sudoPassword)];
    for (const text of printed) {
      for (const value of ['sudo-from-env', 'token-from-env', 'tls-pass-from-file', 'file-secret-value']) expect(text).not.toContain(value);
    }
    expect(JSON.stringify(inventory.hosts[0]?.settings['web'])).toBe('{"api_token":"***","tls":{"enabled":true,"key_password":"***"},"port":80}');
  });

  it('reports missing variables, missing files and unknown references, naming them but not the values', async () => {
    const file = bad('secret-references.yaml');
    expect((await loadError(file, testCatalog, { env: {} })).message).toBe(
      [
        `${file}:3:18 defaults.sudo_password: environment variable PHANES_MISSING_VAR is not set (export PHANES_MISSING_VAR before running phanes, or use \${file:PATH})`,
        `${file}:6:20 hosts.web1.sudo_password: secret file secrets/does-not-exist does not exist (create it, or fix the path; it is relative to the inventory's directory)`,
        `${file}:11:20 hosts.web1.vars.web.api_token: unknown secret reference "\${vault:...}" (write \${env:NAME}, \${file:PATH} or \${terraform:OUTPUT})`,
        `${file}:12:30 hosts.web1.vars.web.tls.key_password: the \${env:NAME} reference needs a variable name (letters, digits and _, e.g. \${env:SUDO_PASSWORD})`,
      ].join('\n'),
    );
  });

  it('keeps secret values out of errors next to them', async () => {
    const file = bad('secret-leaks.yaml');
    const error = await loadError(file, testCatalog, { env });
    expect(error.message).toBe(
      [
        `${file}:6:11 hosts.web1.port: must be an integer from 1 to 65535 (SSH port; when unset, the Port from ~/.ssh/config, else 22)`,
        `${file}:12:48 hosts.web1.vars.web.tls.enabeld: unknown setting "enabeld" (did you mean "enabled"?)`,
        `${file}:14:20 hosts.web2.sudo_password: secret file secrets/wrong-size is larger than 64 KiB (it should hold only the secret)`,
      ].join('\n'),
    );
    const everything = `${error.message}\n${JSON.stringify(error.problems)}\n${inspect(error)}`;
    for (const value of ['Sup3r-Literal-Secret', 'token-from-env', 'Literal-Key-Pass', 'yyyy']) expect(everything).not.toContain(value);
  });
});
