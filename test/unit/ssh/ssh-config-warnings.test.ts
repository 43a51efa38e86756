import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sshEnvironmentChecked } from '../../../src/cli/ssh-environment.js';
import { CliError } from '../../../src/cli/load-targets.js';
import type { ResolvedHost } from '../../../src/inventory/resolved-host.js';
import { sshEnvironment } from '../../../src/ssh/resolve-endpoint.js';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function configFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'phanes-warnings-'));
  temps.push(dir);
  mkdirSync(join(dir, 'conf.d'));
  writeFileSync(join(dir, 'config'), text);
  return join(dir, 'config');
}

function host(name: string): ResolvedHost {
  return { name, groups: [], connection: { kind: 'ssh', address: name, hostKeyPolicy: 'strict', connectTimeout: 10, commandTimeout: 60 }, modules: [], settings: {}, moduleSource: 'test' };
}

/** Runs the CLI's check with `text` as --ssh-config for `hosts`, returning what it wrote. */
function check(text: string, hosts: ResolvedHost[]): { written: string[]; file: string } {
  const file = configFile(text);
  const written: string[] = [];
  const noSystem: typeof sshEnvironment = (options) => sshEnvironment({ ...options, systemConfigFile: null });
  sshEnvironmentChecked({ sshConfig: file }, { hosts, inventory: { hosts } }, (t) => written.push(t), noSystem);
  return { written, file };
}

describe('config warnings in a run', () => {
  it('reach the user once per run, however many hosts a line applies to', () => {
    const hosts = [host('a'), host('b'), host('c')];
    const { written, file } = check('Host *\n  StrictHostKeyChecking accept-new\n  UserKnownHostsFile ~/kh\n', hosts);
    expect(written).toStrictEqual([
      `warning: ${file}:2: StrictHostKeyChecking is not applied by Phanes; set host_key_policy in the inventory\n`,
      `warning: ${file}:3: UserKnownHostsFile is not applied by Phanes; set known_hosts in the inventory or pass --known-hosts\n`,
    ]);
  });

  it('stop the run when ssh would refuse the whole config, with the file and line', () => {
    let error: unknown;
    try {
      check('Host a\n  Port 0\n', [host('a')]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toMatch(/config:2: bad Port "0"; use a number from 1 to 65535 or a service name from \/etc\/services \(ssh refuses this config too\)$/);
  });

  it('leave a host that needs Match exec to the run, which stops that host alone', () => {
    expect(check('Match host b exec "on-vpn"\n  HostName 10.0.0.9\n', [host('a'), host('b')]).written).toStrictEqual([]);
  });
});
