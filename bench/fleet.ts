import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

/**
 * N lightweight SSH hosts on this machine: one OpenSSH sshd per host, on its own 127.0.0.x address and
 * port, in its own mount namespace where /etc, /var/lib and /root are per-host overlays (so every tool
 * converges its own copy of the same files, and Phanes keeps one state record per host), and
 * /var/cache/apt is a read-only apt binary cache (as a normal Debian server has; this machine's
 * docker-clean config turns it off, which would make Ansible's apt module 3x slower than on a real host).
 * Every SSH command goes through a ForceCommand wrapper that counts it; sshd's VERBOSE log counts logins.
 * root's ~/.bashrc (bash reads it for every SSH command) is Debian's stock one, as on a fresh server.
 */

/** One host of the fleet. */
export interface BenchHost {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  /** Its sshd's log (LogLevel VERBOSE), where logins are counted. */
  readonly log: string;
}

export interface Fleet {
  readonly dir: string;
  readonly hosts: readonly BenchHost[];
  readonly clientKey: string;
  readonly knownHosts: string;
  /** One line per remote command, naming the host (written by the ForceCommand wrapper). */
  readonly commandLog: string;
  /** The sshd listeners' cpuacct cgroup (with measureCpu): target-side CPU (sshd, shells, remote python) is read here. */
  readonly targetCgroup: string;
  stop(): void;
}

const SSHD = '/usr/sbin/sshd';
/** First host: 127.0.0.11, port 22001. */
const FIRST_OCTET = 11;
const FIRST_PORT = 22001;
export const CPUACCT_ROOT = '/sys/fs/cgroup/cpuacct/phanes-bench';

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

function sshdConfig(dir: string, host: BenchHost): string {
  return `ListenAddress ${host.address}:${host.port}
HostKey ${dir}/keys/host_ed25519
PidFile none
AuthorizedKeysFile ${dir}/keys/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
UseDNS no
PrintMotd no
PrintLastLog no
LogLevel VERBOSE
MaxStartups 100:30:400
MaxSessions 100
Subsystem sftp /usr/lib/openssh/sftp-server
ForceCommand ${dir}/bin/count-command ${host.name}
`;
}

/** The per-host namespace: overlays, the apt cache, then sshd in the foreground (its pid is the child's). */
function hostScript(dir: string, host: BenchHost): string {
  const root = join(dir, 'hosts', host.name);
  const overlay = (lower: string, name: string) =>
    `mount -t overlay overlay -o lowerdir=${lower},upperdir=${root}/${name}/upper,workdir=${root}/${name}/work ${lower}`;
  return [
    'set -e',
    overlay('/etc', 'etc'),
    overlay('/var/lib', 'var-lib'),
    overlay('/root', 'root'),
    `mount --bind -o ro ${dir}/apt-cache /var/cache/apt`,
    `exec ${SSHD} -D -e -f ${dir}/sshd/${host.name}.conf`,
  ].join('\n');
}

function waitForPort(host: BenchHost, deadline: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = connect(host.port, host.address);
      socket.once('data', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`${host.name}: sshd did not answer on ${host.address}:${host.port}; see ${host.log}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

export interface FleetOptions {
  /** Port of the first host, the others counting up from it: fleets that share this machine keep apart. */
  readonly firstPort?: number;
  /** Puts the sshd's in the bench's cpuacct cgroup (cgroup v1) to measure their CPU; tests leave it off. */
  readonly measureCpu?: boolean;
}

/** Creates (once) keys, the apt cache and every host's directories, then starts `count` sshd's. */
export async function startFleet(dir: string, count: number, { firstPort = FIRST_PORT, measureCpu = true }: FleetOptions = {}): Promise<Fleet> {
  for (const sub of ['keys', 'bin', 'sshd', 'hosts', 'logs', 'apt-cache']) mkdirSync(join(dir, sub), { recursive: true });
  const hostKey = join(dir, 'keys', 'host_ed25519');
  const clientKey = join(dir, 'keys', 'client_ed25519');
  if (!existsSync(hostKey)) run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'phanes-bench-host', '-f', hostKey]);
  if (!existsSync(clientKey)) run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'phanes-bench-client', '-f', clientKey]);
  writeFileSync(join(dir, 'keys', 'authorized_keys'), readFileSync(`${clientKey}.pub`));
  if (!existsSync(join(dir, 'apt-cache', 'pkgcache.bin'))) {
    run('apt-cache', ['-o', `Dir::Cache=${dir}/apt-cache`, '-o', 'Dir::Cache::pkgcache=pkgcache.bin', '-o', 'Dir::Cache::srcpkgcache=srcpkgcache.bin', 'gencaches']);
  }
  const commandLog = join(dir, 'logs', 'commands.log');
  writeFileSync(
    join(dir, 'bin', 'count-command'),
    `#!/bin/sh\n# ForceCommand of every bench host: counts the command, then runs it as sshd would have.\nprintf '%s\\n' "$1" >> ${commandLog}\nexec /bin/sh -c "$SSH_ORIGINAL_COMMAND"\n`,
    { mode: 0o755 },
  );
  const hostKeyPublic = readFileSync(`${hostKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');

  const hosts: BenchHost[] = Array.from({ length: count }, (_, i) => ({
    name: `bench${i + 1}`,
    address: `127.0.0.${FIRST_OCTET + i}`,
    port: firstPort + i,
    log: join(dir, 'logs', `sshd-bench${i + 1}.log`),
  }));
  const knownHosts = join(dir, 'keys', 'known_hosts');
  writeFileSync(knownHosts, hosts.map((h) => `[${h.address}]:${h.port} ${hostKeyPublic}`).join('\n') + '\n');

  // sshd's privilege separation directory; the openssh-server service makes it at boot, which never ran here.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const targetCgroup = join(CPUACCT_ROOT, 'targets');
  if (measureCpu) mkdirSync(targetCgroup, { recursive: true });

  const children: ChildProcess[] = [];
  const stop = () => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGTERM');
  };
  process.once('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stop();
      process.exit(130);
    });
  }
  try {
    for (const host of hosts) {
      const root = join(dir, 'hosts', host.name);
      for (const name of ['etc', 'var-lib', 'root']) for (const sub of ['upper', 'work']) mkdirSync(join(root, name, sub), { recursive: true });
      // apt's binary cache is off on this machine (docker-clean); a normal Debian host has it.
      mkdirSync(join(root, 'etc', 'upper', 'apt', 'apt.conf.d'), { recursive: true });
      writeFileSync(join(root, 'etc', 'upper', 'apt', 'apt.conf.d', 'zz-phanes-bench'), 'Dir::Cache::pkgcache "pkgcache.bin";\nDir::Cache::srcpkgcache "srcpkgcache.bin";\n');
      // Debian's stock root .bashrc: this machine's own (pyenv init) costs 0.5 s per SSH command, a server's nothing.
      writeFileSync(join(root, 'root', 'upper', '.bashrc'), readFileSync('/etc/skel/.bashrc'));
      writeFileSync(join(dir, 'sshd', `${host.name}.conf`), sshdConfig(dir, host));
      const log = openSync(host.log, 'a');
      const child = spawn('unshare', ['--mount', '--propagation', 'private', '/bin/sh', '-c', hostScript(dir, host)], { stdio: ['ignore', log, log] });
      closeSync(log);
      children.push(child);
      if (measureCpu) writeFileSync(join(targetCgroup, 'cgroup.procs'), String(child.pid));
    }
    const deadline = Date.now() + 30_000;
    await Promise.all(hosts.map((h) => waitForPort(h, deadline)));
  } catch (error) {
    stop();
    throw error;
  }
  return { dir, hosts, clientKey, knownHosts, commandLog, targetCgroup, stop };
}

/** Byte offsets of the logs now, to count what one run adds. */
export interface LogMarks {
  readonly commands: number;
  readonly sshd: ReadonlyMap<string, number>;
}

function size(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

function tail(file: string, from: number): string {
  const buffer = readFileSync(file);
  return buffer.subarray(from).toString('utf8');
}

export function markLogs(fleet: Fleet, hosts: readonly BenchHost[]): LogMarks {
  return { commands: size(fleet.commandLog), sshd: new Map(hosts.map((h) => [h.name, size(h.log)])) };
}

/** Logins and commands per host since `marks`, counted from sshd's log and the ForceCommand wrapper's. */
export function countSince(fleet: Fleet, hosts: readonly BenchHost[], marks: LogMarks): Map<string, { connections: number; commands: number }> {
  const counts = new Map(hosts.map((h) => [h.name, { connections: 0, commands: 0 }]));
  for (const name of tail(fleet.commandLog, marks.commands).split('\n')) {
    const entry = counts.get(name);
    if (entry) entry.commands++;
  }
  for (const host of hosts) {
    const text = tail(host.log, marks.sshd.get(host.name) ?? 0);
    counts.get(host.name)!.connections = text.split('\n').filter((line) => line.startsWith('Accepted publickey for ')).length;
  }
  return counts;
}

/** Removes the bench's cgroups (after every process in them ended). */
export function removeCgroups(): void {
  for (const dir of [join(CPUACCT_ROOT, 'targets'), CPUACCT_ROOT]) {
    try {
      rmdirSync(dir);
    } catch {
      // still busy or already gone: left for the next run, which reuses it
    }
  }
}
