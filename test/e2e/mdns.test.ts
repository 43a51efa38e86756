import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTargets, type ContainerTarget, type TargetSet } from '../targets/targets.js';
import { writeInventory } from './support/inventory.js';
import { runPhanes } from './support/run-phanes.js';
import { shText as sh } from './support/target-shell.js';

interface ModuleJson {
  module: string;
  status: string;
  steps: { title: string }[];
  health?: { title: string; ok: boolean; hint?: string }[];
}

/** Each target announces a web page; the first also its SSH, with a TXT record that needs XML escapes. */
const mdnsVars = (name: string, extra: object[] = []) => ({
  host_name: name,
  services: [{ name: `Web on %h`, type: '_http._tcp', port: 8080, txt: ['path=/a&b'] }, ...extra],
});

describe('mdns module on two real targets: names and services found from the other one', () => {
  let set: TargetSet;
  let first: ContainerTarget;
  let second: ContainerTarget;
  let inventory: string;

  beforeAll(async () => {
    set = await startTargets({ count: 2, dir: await mkdtemp(join(tmpdir(), 'phanes-mdns-')) });
    [first, second] = set.targets as [ContainerTarget, ContainerTarget];
    inventory = await writeInventory(set, {
      defaults: { modules: ['mdns'], vars: {} },
      hosts: {
        target1: { vars: { mdns: mdnsVars('phanes-one', [{ name: 'SSH on %h', type: '_ssh._tcp', port: 22 }]) } },
        target2: { vars: { mdns: mdnsVars('phanes-two') } },
      },
    });
    // A service file of the user's own: Phanes must leave it alone.
    await sh(first, 'mkdir -p /etc/avahi/services && printf "<service-group/>\\n" > /etc/avahi/services/users-own.service');
  });
  afterAll(async () => set?.stop());

  it('installs avahi, sets each name and announces the services; health passes on both', async () => {
    const run = await runPhanes(['apply', '-i', inventory, '--yes', '--json'], { cwd: set.dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const host of JSON.parse(run.stdout).hosts) {
      const mdns = host.modules[0] as ModuleJson;
      expect(mdns.status, host.host).toBe('installed');
      expect(mdns.health?.every((check) => check.ok), JSON.stringify(mdns.health)).toBe(true);
      expect(mdns.health).toHaveLength(2);
    }
    expect(await sh(first, 'cat /etc/avahi/services/users-own.service')).toBe('<service-group/>');
    expect(await sh(first, 'ls /etc/avahi/services')).toBe('phanes-http-tcp-8080.service\nphanes-ssh-tcp-22.service\nusers-own.service');
  });

  it('from the second target, avahi-resolve finds the first by name and avahi-browse finds its services', async () => {
    const address = (await sh(first, "ip -4 -o addr show eth0 | awk '{ sub(/\\/.*/, \"\", $4); print $4 }'")).trim();
    expect(await sh(second, 'timeout 15 avahi-resolve -4 -n phanes-one.local')).toBe(`phanes-one.local\t${address}`);
    const browsed = await sh(second, 'timeout 15 avahi-browse -rtp _http._tcp; timeout 15 avahi-browse -rtp _ssh._tcp');
    const resolved = browsed.split('\n').filter((line) => line.startsWith('=') && line.includes(';phanes-one.local;'));
    // avahi-browse -p escapes the name's spaces as \032; the TXT record arrives unescaped.
    expect(resolved.some((line) => line.includes(';Web\\032on\\032phanes-one;') && line.endsWith(`;${address};8080;"path=/a&b"`)), browsed).toBe(true);
    expect(resolved.some((line) => line.includes(';SSH\\032on\\032phanes-one;') && line.includes(`;${address};22;`)), browsed).toBe(true);
  });

  it('a second apply changes nothing', async () => {
    const run = await runPhanes(['apply', '-i', inventory, '--yes', '--json'], { cwd: set.dir });
    expect(run.code).toBe(0);
    for (const host of JSON.parse(run.stdout).hosts) expect((host.modules[0] as ModuleJson).status, host.host).toBe('converged');
  });

  it('a service leaving the settings stops being announced; the other target stops finding it', async () => {
    const fewer = await writeInventory(set, {
      file: 'fewer.yaml',
      defaults: { modules: ['mdns'], vars: {} },
      hosts: { target1: { vars: { mdns: mdnsVars('phanes-one') } }, target2: { vars: { mdns: mdnsVars('phanes-two') } } },
    });
    const run = await runPhanes(['apply', '-i', fewer, '--yes', '--json', '--limit', 'target1'], { cwd: set.dir });
    expect(run.code).toBe(0);
    const mdns = JSON.parse(run.stdout).hosts[0].modules[0] as ModuleJson;
    expect(mdns.steps.map((s) => s.title)).toEqual(['Stop announcing a service no longer in the settings (remove /etc/avahi/services/phanes-ssh-tcp-22.service)']);
    expect(await sh(first, 'ls /etc/avahi/services')).toBe('phanes-http-tcp-8080.service\nusers-own.service');
    // avahi withdraws it with a goodbye packet; the browser's cache may hold it for a moment.
    let ssh = '';
    for (let i = 0; i < 10; i++) {
      ssh = await sh(second, 'timeout 10 avahi-browse -rtp _ssh._tcp | grep -c ";phanes-one.local;" || true');
      if (ssh === '0') break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    expect(ssh).toBe('0');
  });
});
