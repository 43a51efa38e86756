import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants as fsConstants, existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAptCacheProxy, type AptCacheProxy } from './apt-cache-proxy.js';
import { generateKeyPair } from './key-pair.js';
import { sshRun } from './ssh-run.js';
import { APT_CACHE_DIR, SETUP_SCRIPT, TARGET_USERS, type Target, type TargetSet } from './targets.js';

/** Where the VM image is built once and kept (test/targets/build-vm-image.sh). */
export const VM_IMAGE_DIR = join(process.env.PHANES_TARGET_CACHE ?? '/var/tmp/phanes-targets', 'vm-bookworm');
const BUILD_SCRIPT = fileURLToPath(new URL('./build-vm-image.sh', import.meta.url));
/** Under emulation (no KVM) a boot takes minutes on a loaded machine; with KVM seconds. */
const BOOT_TIMEOUT_MS = 10 * 60_000;
/** qemu's user network: the host as the guest sees it. */
const HOST_FROM_GUEST = '10.0.2.2';

/** A Debian 12 VM with its own kernel (swap, reboots, sysctl, nftables, containers inside). */
export interface VmTarget extends Target {
  readonly kind: 'vm';
  /** `kvm` when /dev/kvm is usable, else `tcg` (software emulation, multi-threaded). */
  readonly accel: 'kvm' | 'tcg';
  /** Seconds from starting qemu to the first SSH login that worked. */
  readonly bootSeconds: number;
  /** 127.0.0.1 ports forwarded to guest TCP ports (those asked for in `forwardPorts`). */
  readonly forwarded: ReadonlyMap<number, number>;
  /** Reboots the guest (same qemu process, same disk) and waits for SSH again; resolves to the seconds it took. */
  reboot(): Promise<number>;
  /** Waits until the guest booted again after something else rebooted it (e.g. a Phanes step). */
  waitForReboot(): Promise<number>;
  /** The serial console so far (kernel and seed messages): for error messages. */
  console(): Promise<string>;
}

export interface StartVmOptions {
  /** A directory for the keys, known_hosts, disk overlay and console log (created). */
  readonly dir: string;
  /** Name used in inventories (default `vm1`). */
  readonly name?: string;
  /** Guest TCP ports to forward from 127.0.0.1 besides SSH (e.g. a port a firewall test opens and closes). */
  readonly forwardPorts?: readonly number[];
  /** Guest memory in MiB (default 2048). */
  readonly memoryMb?: number;
  /** `kvm`, `tcg` or `auto` (default: PHANES_VM_ACCEL, else auto: KVM when /dev/kvm opens). */
  readonly accel?: 'kvm' | 'tcg' | 'auto';
}

/** True when this process may open /dev/kvm. */
export function kvmUsable(): boolean {
  try {
    accessSync('/dev/kvm', fsConstants.R_OK | fsConstants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** What PHANES_VM_E2E asks for: `0` never, `1` the VM tests even without KVM, `full` also their package-heavy parts. */
export const VM_E2E = process.env.PHANES_VM_E2E ?? '';

/**
 * Why the VM test files skip on this machine, as one line saying how to run them; undefined when they run.
 * They run by default only where /dev/kvm opens: under software emulation a boot takes minutes, and CI
 * must not get that much slower (docs/testing.md). prepare.sh decides the same way whether to build the image.
 */
export function vmTestsSkipReason(): string | undefined {
  const howTo = 'run them with: npm run build && PHANES_VM_E2E=1 npx vitest run --project e2e test/e2e/vm-target.test.ts test/e2e/vm-modules.test.ts (PHANES_VM_E2E=full adds ufw, docker and lynis; see docs/testing.md)';
  if (VM_E2E === '0') return 'VM tests skipped: PHANES_VM_E2E=0';
  if (VM_E2E !== '') return undefined;
  if (!kvmUsable()) return `VM tests skipped: /dev/kvm is not usable here (software emulation takes minutes per boot); ${howTo}`;
  if (spawnSync('sh', ['-c', 'command -v qemu-system-x86_64']).status !== 0) {
    return `VM tests skipped: qemu-system-x86_64 is not installed (test/targets/prepare.sh installs it where /dev/kvm opens); ${howTo}`;
  }
  return undefined;
}

/** Builds the VM image once (about five minutes; skipped when it exists), or throws one clear error. */
export function ensureVmImage(): void {
  for (const tool of ['qemu-system-x86_64', 'qemu-img', 'mke2fs']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
      throw new Error(`${tool} is missing: run PHANES_VM_E2E=1 test/targets/prepare.sh (it installs qemu-system-x86, qemu-utils, e2fsprogs)`);
    }
  }
  if (existsSync(join(VM_IMAGE_DIR, 'built'))) return;
  const built = spawnSync('bash', [BUILD_SCRIPT, VM_IMAGE_DIR], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (built.status !== 0) throw new Error(`building the VM image failed (exit ${built.status}); see ${join(VM_IMAGE_DIR, 'build.log')}`);
}

/**
 * Boots one VM from a copy-on-write overlay of the cached image: direct kernel boot, virtio disk and net,
 * sshd forwarded to 127.0.0.1, the run's users and keys from a seed disk, host keys read from the serial
 * console (never trusted from the network), apt through the harness's caching proxy.
 */
export async function startVm(options: StartVmOptions): Promise<TargetSet<VmTarget>> {
  ensureVmImage();
  const { dir } = options;
  const name = options.name ?? 'vm1';
  await mkdir(dir, { recursive: true });
  await mkdir(APT_CACHE_DIR, { recursive: true });
  // qemu's user network reaches this machine's 127.0.0.1 as 10.0.2.2.
  const aptProxy: AptCacheProxy = await startAptCacheProxy(APT_CACHE_DIR, '127.0.0.1');
  let qemu: ChildProcess | undefined;
  const stop = async () => {
    const child = qemu;
    qemu = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    await aptProxy.close();
  };

  try {
    const keys = generateKeyPair();
    const privateKeyFile = join(dir, 'id_ed25519');
    await writeFile(privateKeyFile, keys.private, { mode: 0o600 });
    const sudoPassword = randomBytes(12).toString('base64url');
    const seed = await writeSeedDisk(dir, SETUP_SCRIPT(keys.public, `http://${HOST_FROM_GUEST}:${new URL(aptProxy.url).port}`), sudoPassword);

    const overlay = join(dir, 'disk.qcow2');
    run('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'raw', '-b', join(VM_IMAGE_DIR, 'disk.img'), overlay]);
    const sshPort = await freePort();
    const forwarded = new Map<number, number>();
    for (const guestPort of options.forwardPorts ?? []) forwarded.set(guestPort, await freePort());
    const accel = chooseAccel(options.accel ?? (process.env.PHANES_VM_ACCEL as StartVmOptions['accel']) ?? 'auto');
    const consoleFile = join(dir, 'console.log');
    const hostfwd = [`hostfwd=tcp:127.0.0.1:${sshPort}-:22`, ...[...forwarded].map(([g, h]) => `hostfwd=tcp:127.0.0.1:${h}-:${g}`)];
    const args = [
      '-machine', 'q35', '-accel', accel === 'kvm' ? 'kvm' : 'tcg,thread=multi', '-cpu', accel === 'kvm' ? 'host' : 'max',
      '-smp', '2', '-m', String(options.memoryMb ?? 2048),
      '-kernel', join(VM_IMAGE_DIR, 'vmlinuz'), '-initrd', join(VM_IMAGE_DIR, 'initrd.img'),
      // no_timer_check: under emulation on a loaded machine the kernel's IO-APIC timer test can miss its ticks and
      // panic ("IO-APIC + timer doesn't work", seen here). A panic is told from the console (waitForBoot).
      '-append', 'root=/dev/vda rw console=ttyS0 no_timer_check',
      '-drive', `file=${overlay},if=virtio,format=qcow2`,
      '-drive', `file=${seed},if=virtio,format=raw,readonly=on`,
      '-netdev', `user,id=net0,${hostfwd.join(',')}`, '-device', 'virtio-net-pci,netdev=net0',
      '-device', 'virtio-rng-pci',
      '-display', 'none', '-monitor', 'none', '-serial', `file:${consoleFile}`,
    ];
    const started = Date.now();
    qemu = spawn('qemu-system-x86_64', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let qemuErrors = '';
    qemu.stderr?.setEncoding('utf8').on('data', (d: string) => (qemuErrors += d));
    const exitedEarly = new Promise<never>((_, reject) =>
      qemu!.once('exit', (code, signal) => reject(new Error(`qemu exited (${signal ?? code}) before ${name} booted: ${qemuErrors.trim()}`))),
    );
    exitedEarly.catch(() => undefined);

    const readConsole = () => readFile(consoleFile, 'utf8').catch(() => '');
    const knownHostsFile = join(dir, 'known_hosts');
    const credentials = { knownHostsFile, privateKeyFile };
    let hostKeys: string[] = [];
    const target: VmTarget = {
      kind: 'vm',
      name,
      host: '127.0.0.1',
      port: sshPort,
      accel,
      bootSeconds: 0,
      forwarded,
      get hostKeys() {
        return hostKeys;
      },
      exec: async (command) => {
        const r = await sshRun(credentials, target, command, { readyTimeoutMs: 120_000 });
        return { exitCode: r.code, output: r.stdout + r.stderr };
      },
      console: readConsole,
      reboot: async () => {
        const from = (await readConsole()).length;
        // The connection may drop before the command returns: that is the reboot working.
        await sshRun(credentials, target, 'systemctl reboot', { readyTimeoutMs: 120_000 }).catch(() => undefined);
        return waitForBoot(from, Date.now());
      },
      waitForReboot: async () => waitForBoot(0, Date.now(), true),
    };

    // Boots are told apart by the seed's host-key lines on the console: each boot prints them once.
    const waitForBoot = async (consoleFrom: number, since: number, afterNextBoot = false): Promise<number> => {
      const bootsBefore = afterNextBoot ? countBoots(await readConsole()) : 0;
      const deadline = since + BOOT_TIMEOUT_MS;
      for (;;) {
        if (Date.now() > deadline) {
          throw new Error(`${name} did not boot within ${BOOT_TIMEOUT_MS / 60_000} min (accel ${accel}); console tail:\n${(await readConsole()).slice(-3_000)}`);
        }
        const text = (await readConsole()).slice(consoleFrom);
        if (text.includes('Kernel panic')) throw new Error(`${name}: the kernel panicked while booting (accel ${accel}); console tail:\n${text.slice(-3_000)}`);
        const keys = lastBootKeys(text);
        const booted = afterNextBoot ? countBoots(await readConsole()) > bootsBefore : keys.length > 0;
        if (booted && keys.length > 0) {
          hostKeys = keys;
          await writeFile(knownHostsFile, keys.map((k) => `[127.0.0.1]:${sshPort} ${k}`).join('\n') + '\n', { mode: 0o600 });
          const login = await sshRun(credentials, target, 'true', { readyTimeoutMs: 60_000 }).catch(() => undefined);
          if (login?.code === 0) return (Date.now() - since) / 1_000;
        }
        await Promise.race([new Promise((resolve) => setTimeout(resolve, 1_000)), exitedEarly]);
      }
    };

    const bootSeconds = await waitForBoot(0, started);
    Object.assign(target, { bootSeconds });
    return { dir, privateKeyFile, publicKey: keys.public, knownHostsFile, sudoPassword, targets: [target], aptProxy, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

const HOST_KEY_LINE = /^phanes-host-key: (\S+ \S+)\s*$/gm;

function countBoots(consoleText: string): number {
  return consoleText.split('phanes-boot: ').length - 1;
}

/** The host keys printed by the most recent boot in this console text. */
function lastBootKeys(consoleText: string): string[] {
  const lastBoot = consoleText.slice(Math.max(0, consoleText.lastIndexOf('phanes-boot: ')));
  return [...lastBoot.matchAll(HOST_KEY_LINE)].map((m) => m[1]!).filter((k) => k.startsWith('ssh-') || k.startsWith('ecdsa-'));
}

function chooseAccel(wanted: 'kvm' | 'tcg' | 'auto'): 'kvm' | 'tcg' {
  if (wanted === 'kvm' && !kvmUsable()) throw new Error('PHANES_VM_ACCEL=kvm but /dev/kvm cannot be opened here; use tcg or auto');
  if (wanted === 'auto') return kvmUsable() ? 'kvm' : 'tcg';
  return wanted;
}

/** A small ext4 disk labelled phanes-seed: setup.sh and the sudo password (read from a file, never argv). */
async function writeSeedDisk(dir: string, setupScript: string, sudoPassword: string): Promise<string> {
  const seedDir = join(dir, 'seed');
  await mkdir(seedDir, { recursive: true, mode: 0o700 });
  await writeFile(join(seedDir, 'sudo-password'), `${TARGET_USERS.password}:${sudoPassword}\n`, { mode: 0o600 });
  await writeFile(join(seedDir, 'setup.sh'), `${setupScript}\nchpasswd < "$(dirname "$0")/sudo-password"\n`, { mode: 0o600 });
  const image = join(dir, 'seed.img');
  run('mke2fs', ['-q', '-F', '-t', 'ext4', '-L', 'phanes-seed', '-d', seedDir, image, '8M']);
  return image;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args[0]} failed: ${(result.stderr || result.error?.message || '').trim()}`);
}

/** A TCP port free on 127.0.0.1 now (qemu binds it right after). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
