import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StartedTestContainer } from 'testcontainers';
import { startAptCacheProxy, type AptCacheProxy } from './apt-cache-proxy.js';
import { DebianTargetContainer, WRITABLE_CGROUPS_SCRIPT, type TargetOptions, type TargetRole } from './debian-target-container.js';
import { generateKeyPair } from './key-pair.js';

// Targets are built locally and Ryuk's image cannot be pulled: cleanup is ours (stopTargets, global teardown).
process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';

/** Where downloaded .debs are kept across runs, served to all targets by the harness's apt proxy. */
export const APT_CACHE_DIR = join(process.env.PHANES_TARGET_CACHE ?? '/var/tmp/phanes-targets', 'apt-cache');

/** Login users every target has, all with the run's key. */
export const TARGET_USERS = {
  root: 'root',
  /** sudo without a password. */
  nopasswd: 'admin',
  /** sudo that asks for the run's sudo password. */
  password: 'deploy',
} as const;

/** A running Debian target reachable at 127.0.0.1:port, whatever runs it (a container or a VM). */
export interface Target {
  /** `container`: systemd in Docker (fast, shares this machine's kernel); `vm`: its own kernel under qemu. */
  readonly kind: 'container' | 'vm';
  readonly name: string;
  /** 127.0.0.1: where tests connect. */
  readonly host: string;
  readonly port: number;
  /** `type base64` of each host key, as sshd offers them. */
  readonly hostKeys: readonly string[];
  /** Runs a command as root on the target: for setting up and checking tests (output: stdout and stderr). */
  exec(command: string): Promise<{ exitCode: number; output: string }>;
}

/** A Debian 12 container target (see debian-target-container.ts). */
export interface ContainerTarget extends Target {
  readonly kind: 'container';
  readonly container: StartedTestContainer;
  /** The address of the target on Docker's bridge, reachable from the other targets (jump host tests). */
  readonly bridgeAddress: string;
}

/** The targets of one run and the credentials to reach them. */
export interface TargetSet<T extends Target = ContainerTarget> {
  readonly dir: string;
  /** OpenSSH private key (ed25519) accepted by every user on every target. */
  readonly privateKeyFile: string;
  readonly publicKey: string;
  /** known_hosts with every target's keys, for host key checking in tests. */
  readonly knownHostsFile: string;
  /** The password of TARGET_USERS.password; random per run. */
  readonly sudoPassword: string;
  readonly targets: T[];
  /** The caching apt proxy every test target fetches through (none for the sandbox). */
  readonly aptProxy: AptCacheProxy | undefined;
  /** Stops and removes every target; safe to call twice. */
  stop(): Promise<void>;
}

export interface StartTargetsOptions {
  readonly count: number;
  /** A directory for keys and known_hosts (created). */
  readonly dir: string;
  /** Names used in inventories: PREFIX1, PREFIX2, ... (default `target`). */
  readonly namePrefix?: string;
  /** Default `test`. Sandbox targets fetch packages from the mirror directly (no harness proxy outlives the command). */
  readonly role?: TargetRole;
  /** Options of every target of the set (e.g. containers: a Docker engine can run containers inside). */
  readonly target?: TargetOptions;
}

/** Users, sudo rules, the run's key and the apt proxy; prints the host keys. Shared by containers and VMs. */
export const SETUP_SCRIPT = (publicKey: string, aptProxyUrl: string | undefined) => `set -eu
${aptProxyUrl ? `echo 'Acquire::http::Proxy "${aptProxyUrl}";' > /etc/apt/apt.conf.d/01phanes-test-proxy` : ''}
for u in ${TARGET_USERS.nopasswd} ${TARGET_USERS.password}; do
  id "$u" >/dev/null 2>&1 || useradd -m -s /bin/bash "$u"
done
echo '${TARGET_USERS.nopasswd} ALL=(ALL:ALL) NOPASSWD:ALL' > /etc/sudoers.d/90-test-${TARGET_USERS.nopasswd}
echo '${TARGET_USERS.password} ALL=(ALL:ALL) ALL' > /etc/sudoers.d/90-test-${TARGET_USERS.password}
chmod 0440 /etc/sudoers.d/90-test-*
for home in /root /home/${TARGET_USERS.nopasswd} /home/${TARGET_USERS.password}; do
  mkdir -p "$home/.ssh" && echo '${publicKey}' > "$home/.ssh/authorized_keys"
  chmod 700 "$home/.ssh" && chmod 600 "$home/.ssh/authorized_keys"
  chown -R "$(stat -c %U "$home"):$(stat -c %G "$home")" "$home/.ssh"
done
cat /etc/ssh/ssh_host_*_key.pub
`;

/** Starts `count` targets at once, each booted, with sshd up, the run's key installed and its users made. */
export async function startTargets(options: StartTargetsOptions): Promise<TargetSet> {
  const { dir, count } = options;
  const prefix = options.namePrefix ?? 'target';
  const role = options.role ?? 'test';
  await mkdir(dir, { recursive: true });
  await mkdir(APT_CACHE_DIR, { recursive: true });
  // The proxy listens on the bridge gateway, which exists only once a container runs: start it with the first.
  let aptProxy: Promise<AptCacheProxy> | undefined;
  const proxyFor = (container: StartedTestContainer) =>
    (aptProxy ??= bridgeGateway(container).then((gateway) => startAptCacheProxy(APT_CACHE_DIR, gateway)));

  const keys = generateKeyPair();
  const privateKeyFile = join(dir, 'id_ed25519');
  await writeFile(privateKeyFile, keys.private, { mode: 0o600 });
  const sudoPassword = randomBytes(12).toString('base64url');

  const started: StartedTestContainer[] = [];
  const stop = async () => {
    const all = started.splice(0);
    await Promise.allSettled(all.map((c) => c.stop({ timeout: 1_000 })));
    await aptProxy?.then((p) => p.close(), () => undefined);
  };

  try {
    const targets = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const container = await new DebianTargetContainer(role, options.target).start();
        started.push(container);
        if (options.target?.containers) {
          const cgroups = await container.exec(['/bin/sh', '-c', WRITABLE_CGROUPS_SCRIPT]);
          if (cgroups.exitCode !== 0) throw new Error(`a target for containers: making its cgroups writable failed:\n${cgroups.output}`);
        }
        const proxyUrl = role === 'test' ? (await proxyFor(container)).url : undefined;
        return prepareTarget(`${prefix}${i + 1}`, container, SETUP_SCRIPT(keys.public, proxyUrl), sudoPassword);
      }),
    );
    const knownHostsFile = join(dir, 'known_hosts');
    // Each target is known at its published port and at its bridge address (as a jump host's peers see it).
    const lines = targets.flatMap((t) => t.hostKeys.flatMap((key) => [`[${t.host}]:${t.port} ${key}`, `${t.bridgeAddress} ${key}`]));
    await writeFile(knownHostsFile, lines.join('\n') + '\n', { mode: 0o600 });
    return { dir, privateKeyFile, publicKey: keys.public, knownHostsFile, sudoPassword, targets, aptProxy: await aptProxy, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function prepareTarget(
  name: string,
  container: StartedTestContainer,
  setupScript: string,
  sudoPassword: string,
): Promise<ContainerTarget> {
  const exec = async (command: string) => {
    const result = await container.exec(['/bin/sh', '-c', command]);
    return { exitCode: result.exitCode, output: result.output };
  };
  const setup = await exec(setupScript);
  if (setup.exitCode !== 0) throw new Error(`target ${name}: setting up users and keys failed:\n${setup.output}`);
  // The password goes through stdin, never a command line.
  const chpasswd = await container.exec(['/bin/sh', '-c', `printf '%s:%s\\n' ${TARGET_USERS.password} "$PW" | chpasswd`], {
    env: { PW: sudoPassword },
  });
  if (chpasswd.exitCode !== 0) throw new Error(`target ${name}: setting the sudo password failed:\n${chpasswd.output}`);
  const hostKeys = setup.output
    .split('\n')
    .map((line) => line.trim().split(/\s+/).slice(0, 2).join(' '))
    .filter((line) => line.startsWith('ssh-') || line.startsWith('ecdsa-'));
  const bridgeAddress = container.getIpAddress(container.getNetworkNames()[0] ?? 'bridge');
  return { kind: 'container', name, container, host: '127.0.0.1', port: container.getMappedPort(22), bridgeAddress, hostKeys, exec };
}

/** The default gateway a target sees: this machine's address on the Docker bridge. */
async function bridgeGateway(container: StartedTestContainer): Promise<string> {
  const route = await container.exec(['ip', '-4', 'route', 'show', 'default']);
  const gateway = /^default via (\S+)/m.exec(route.output)?.[1];
  if (!gateway) throw new Error(`no default route in a target (ip route said: ${route.output.trim()})`);
  return gateway;
}
