import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { BenchHost, Fleet } from './fleet.js';

/**
 * The same four tasks for every tool, on every host:
 *   1. the package openssh-server is installed (Ansible: apt; Phanes: baseline's dpkg check, see below)
 *   2. the directory /etc/phanes-bench exists, 0755 root:root
 *   3. the file /etc/phanes-bench/motd holds exactly the revision's text, 0644 root:root
 *   4. /etc/phanes-bench/app.conf has the line `listen = 8080` (replacing a line matching ^listen\s*=),
 *      created when missing
 * Both tools converge to byte-identical files, so a host one tool converged is converged for the other
 * (the bench checks that: Ansible's first run after Phanes must change nothing).
 *
 * Phanes has no module that only checks a package, so it runs `baseline` with packages [openssh-server]
 * and this machine's own time zone and locale: besides the dpkg query it reads the time zone, `locale -a`,
 * /etc/default/locale and the apt cache's age. That is more work than Ansible's task 1, never less.
 */
export const BENCH_DIR = '/etc/phanes-bench';
const MOTD = `${BENCH_DIR}/motd`;
const APP_CONF = `${BENCH_DIR}/app.conf`;
const PACKAGE = 'openssh-server';
const LINE = 'listen = 8080';
const LINE_REGEXP = '^listen\\s*=';
/** Seconds to wait for a login, for both tools. */
const CONNECT_TIMEOUT_S = 60;

/** The file's content at a revision: a change run bumps the revision, so the file changes on every host. */
export function motd(revision: number): string {
  return `revision ${revision}\nmanaged by the Phanes benchmark\n`;
}

/** Files one size's runs need, under DIR/work/N<size>/. */
export interface Workload {
  readonly dir: string;
  readonly hosts: readonly BenchHost[];
  /** Writes Phanes' inventory for a revision and returns its path. */
  phanesInventory(revision: number): string;
  /** Writes Ansible's extra vars for a revision and returns the `-e @file` argument. */
  ansibleVars(revision: number): string;
  readonly ansibleConfig: string;
  readonly ansibleInventory: string;
  readonly playbook: string;
  readonly sshConfig: string;
  readonly hostsJson: string;
  readonly hostNames: string;
}

export function writeWorkload(fleet: Fleet, hosts: readonly BenchHost[], dir: string): Workload {
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  const phanesInventory = (revision: number) =>
    file(
      'hosts.yaml',
      stringify({
        defaults: {
          user: 'root',
          identity_file: fleet.clientKey,
          known_hosts: fleet.knownHosts,
          // 200 handshakes at once on 2 busy cores can take longer than the default 10 s (both tools get 60 s).
          connect_timeout: CONNECT_TIMEOUT_S,
          modules: ['baseline', 'files'],
          vars: {
            baseline: { timezone: 'Etc/UTC', locale: 'C.UTF-8', packages: [PACKAGE] },
            files: {
              directories: [{ path: BENCH_DIR, mode: '0755', owner: 'root', group: 'root' }],
              files: [{ path: MOTD, content: motd(revision), mode: '0644', owner: 'root', group: 'root' }],
              lines: [{ path: APP_CONF, line: LINE, regexp: LINE_REGEXP }],
            },
          },
        },
        hosts: Object.fromEntries(hosts.map((h) => [h.name, { address: h.address, port: h.port }])),
      }),
    );

  const ansibleConfig = file(
    'ansible.cfg',
    `[defaults]
inventory = ${join(dir, 'inventory.ini')}
host_key_checking = True
retry_files_enabled = False
interpreter_python = /usr/bin/python3
gathering = explicit
forks = ${hosts.length}
timeout = ${CONNECT_TIMEOUT_S}

[ssh_connection]
pipelining = True
control_path_dir = ${join(dir, 'cp')}
ssh_args = -C -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=${fleet.knownHosts} -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes
`,
  );
  const ansibleInventory = file(
    'inventory.ini',
    `[bench]\n${hosts.map((h) => `${h.name} ansible_host=${h.address} ansible_port=${h.port}`).join('\n')}\n\n[bench:vars]\nansible_user=root\nansible_ssh_private_key_file=${fleet.clientKey}\n`,
  );
  const playbook = file(
    'playbook.yaml',
    stringify([
      {
        hosts: 'bench',
        gather_facts: false,
        tasks: [
          { name: `package ${PACKAGE} is installed`, 'ansible.builtin.apt': { name: PACKAGE, state: 'present' } },
          { name: 'directory', 'ansible.builtin.file': { path: BENCH_DIR, state: 'directory', mode: '0755', owner: 'root', group: 'root' } },
          { name: 'file', 'ansible.builtin.copy': { dest: MOTD, content: '{{ motd }}', mode: '0644', owner: 'root', group: 'root' } },
          { name: 'line', 'ansible.builtin.lineinfile': { path: APP_CONF, line: LINE, regexp: LINE_REGEXP, create: true } },
        ],
      },
    ]),
  );
  const ansibleVars = (revision: number) => `@${file('vars.json', JSON.stringify({ motd: motd(revision) }))}`;

  const sshConfig = file(
    'ssh_config',
    hosts.map((h) => `Host ${h.name}\n  HostName ${h.address}\n  Port ${h.port}\n`).join('') +
      `Host *\n  User root\n  IdentityFile ${fleet.clientKey}\n  IdentitiesOnly yes\n  UserKnownHostsFile ${fleet.knownHosts}\n  StrictHostKeyChecking yes\n  BatchMode yes\n  ControlMaster no\n`,
  );
  const hostsJson = file('hosts.json', JSON.stringify(hosts.map((h) => ({ address: h.address, port: h.port }))));
  const hostNames = file('hosts.txt', hosts.map((h) => h.name).join('\n') + '\n');
  return { dir, hosts, phanesInventory, ansibleVars, ansibleConfig, ansibleInventory, playbook, sshConfig, hostsJson, hostNames };
}

/** Checks Phanes' --json result: every host ok; converged (no-op) or only the motd written (change). */
export function checkPhanes(stdout: string, count: number, expect: 'noop' | 'change'): string | undefined {
  let result: { exitCode: number; hosts: { host: string; status: string; modules: { module: string; status: string; steps: { title: string }[] }[] }[] };
  try {
    result = JSON.parse(stdout);
  } catch {
    return `not JSON: ${stdout.slice(0, 300)}`;
  }
  if (result.hosts.length !== count) return `${result.hosts.length} hosts in the result, expected ${count}`;
  for (const host of result.hosts) {
    if (host.status !== 'ok') return `${host.host}: ${host.status} ${JSON.stringify(host).slice(0, 400)}`;
    const steps = host.modules.flatMap((m) => m.steps.map((s) => s.title));
    const wanted = expect === 'noop' ? [] : [`Write ${MOTD}`];
    if (JSON.stringify(steps) !== JSON.stringify(wanted)) return `${host.host}: ran ${JSON.stringify(steps)}, expected ${JSON.stringify(wanted)}`;
  }
  return undefined;
}

/** Checks Ansible's PLAY RECAP: every host ok, nothing (no-op) or exactly one task (change) changed. */
export function checkAnsible(stdout: string, count: number, expect: 'noop' | 'change'): string | undefined {
  const recap = [...stdout.matchAll(/^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)/gm)];
  if (recap.length !== count) return `${recap.length} hosts in the recap, expected ${count}: ${stdout.slice(-500)}`;
  for (const [, host, ok, changed, unreachable, failed] of recap) {
    const wantChanged = expect === 'noop' ? '0' : '1';
    if (ok !== '4' || changed !== wantChanged || unreachable !== '0' || failed !== '0') {
      return `${host}: ok=${ok} changed=${changed} unreachable=${unreachable} failed=${failed}, expected ok=4 changed=${wantChanged}`;
    }
  }
  return undefined;
}
