import { mkdtemp } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetSet } from '../targets/targets.js';
import { kvmUsable, startVm, VM_E2E, vmTestsSkipReason, type VmTarget } from '../targets/vm-target.js';
import { baseVars, writeInventory } from './support/inventory.js';
import { runPhanes } from './support/run-phanes.js';
import { shText } from './support/target-shell.js';

/**
 * What only a real kernel can prove, on a Debian 12 VM (test/targets/vm-target.ts): swap made, resized and
 * back after a reboot. The file runs where /dev/kvm opens, or when PHANES_VM_E2E asks (vmTestsSkipReason).
 * Under software emulation every apt install takes minutes, so the package-heavy parts (ufw in the kernel,
 * docker running a container, lynis) run only with KVM or PHANES_VM_E2E=full; docs/testing.md has the times.
 */
const FULL = kvmUsable() || VM_E2E === 'full';
/** A guest port with a listener, forwarded from 127.0.0.1: ufw's rules decide whether it answers. */
const PROBE_PORT = 8080;
const PROBE_REPLY = 'phanes-port-open';
/** lynis tests that give no hardening points and take the longest (as in security-lynis.test.ts). */
const LYNIS_SKIPPED = ['CRYP-7902', 'PKGS-7410', 'NETW-2600'];
/** Measured in a container for minimal (standard): 61 (docs/modules/security.md); a VM should not score lower. */
const MIN_STANDARD_INDEX = 61;
/** The requirement for strict over standard, which a container could not show (read-only /proc/sys). */
const STRICT_OVER_STANDARD = 10;

interface ModuleJson {
  module: string;
  status: string;
  steps: { title: string }[];
  health?: { title: string; ok: boolean }[];
  error?: string;
}
const modulesOf = (stdout: string) => (JSON.parse(stdout).hosts[0] as { modules: ModuleJson[] }).modules;

/** What 127.0.0.1:port answers within `waitMs` (qemu accepts at once; the guest's firewall decides the rest). */
function readPort(port: number, waitMs: number): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    const socket = connect(port, '127.0.0.1');
    const done = () => {
      socket.destroy();
      resolve(data);
    };
    socket.setEncoding('utf8').on('data', (d: string) => (data += d));
    socket.on('end', done).on('error', done);
    setTimeout(done, waitMs);
  });
}

/** `lynis audit system --quick` on the target; its hardening index. */
async function lynisIndex(target: VmTarget): Promise<number> {
  const started = Date.now();
  await shText(target, 'lynis audit system --quick --no-colors >/var/log/lynis-run.txt 2>&1');
  console.log(`lynis took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return Number(await shText(target, "sed -n 's/^hardening_index=//p' /var/log/lynis-report.dat"));
}

/** The first reply of 127.0.0.1:port, trying again until `withinMs` (a listener may still be starting). */
async function replyOf(port: number, withinMs: number): Promise<string> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const reply = await readPort(port, 5_000);
    if (reply !== '' || Date.now() > deadline) return reply;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

const skipReason = vmTestsSkipReason();
if (skipReason) console.log(skipReason);

describe.skipIf(skipReason !== undefined)('modules on a real Debian 12 VM', () => {
  let set: TargetSet<VmTarget>;
  let vm: VmTarget;
  const apply = async (file: string, defaults: Record<string, unknown>) => {
    const inventory = await writeInventory(set, { file, defaults });
    const started = Date.now();
    const run = await runPhanes(['apply', '-i', inventory, '--yes', '--json'], { cwd: set.dir });
    console.log(`${file}: apply took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(run.stderr).toBe('');
    expect(run.code, run.stdout).toBe(0);
    return modulesOf(run.stdout);
  };
  const swapFile = async () => shText(vm, "awk '$1 == \"/swapfile\" { print $2, $3 }' /proc/swaps");
  /** /proc/swaps' size of a swap file of `mb` MiB: the kernel does not count the header page (4 KiB). */
  const swapKiB = (mb: number) => `file ${mb * 1024 - 4}`;

  beforeAll(async () => {
    set = await startVm({ dir: await mkdtemp(join(tmpdir(), 'phanes-vm-modules-')), forwardPorts: [PROBE_PORT] });
    vm = set.targets[0]!;
    console.log(`vm boot: ${vm.bootSeconds.toFixed(1)} s (accel ${vm.accel}); full VM suite: ${FULL ? 'yes' : 'no (set PHANES_VM_E2E=full)'}`);
  });
  afterAll(async () => set?.stop());

  it('swap: creates the file, turns it on, fstab and swappiness; a second apply changes nothing', async () => {
    const vars = { swap: { size_mb: 256, swappiness: 20 } };
    const modules = await apply('swap.yaml', { modules: ['swap'], vars });
    expect(modules.map((m) => [m.module, m.status, m.steps.map((s) => s.title)])).toEqual([
      ['swap', 'installed', ['Create a 256 MiB swap file at /swapfile', 'Mount /swapfile at boot (/etc/fstab)', 'vm.swappiness = 20 at boot', 'vm.swappiness = 20 now']],
    ]);
    expect(modules[0]!.health).toEqual([{ title: 'swap file is active', ok: true }]);
    expect(await swapFile()).toBe(swapKiB(256));
    expect(await shText(vm, 'cat /proc/sys/vm/swappiness')).toBe('20');
    expect(await shText(vm, "grep -c '^/swapfile none swap sw 0 0$' /etc/fstab")).toBe('1');
    const again = await apply('swap.yaml', { modules: ['swap'], vars });
    expect(again.map((m) => [m.module, m.status, m.steps.length])).toEqual([['swap', 'converged', 0]]);
  });

  it('swap: resizes an active swap file, then a reboot brings it back with its swappiness', async () => {
    const modules = await apply('swap-resized.yaml', { modules: ['swap'], vars: { swap: { size_mb: 384, swappiness: 35 } } });
    expect(modules[0]!.steps.map((s) => s.title)).toEqual(['Resize /swapfile to 384 MiB', 'vm.swappiness = 35 at boot', 'vm.swappiness = 35 now']);
    expect(await swapFile()).toBe(swapKiB(384));
    const bootId = await shText(vm, 'cat /proc/sys/kernel/random/boot_id');
    const seconds = await vm.reboot();
    console.log(`vm reboot: ${seconds.toFixed(1)} s`);
    expect(await shText(vm, 'cat /proc/sys/kernel/random/boot_id')).not.toBe(bootId);
    expect(await swapFile()).toBe(swapKiB(384));
    expect(await shText(vm, 'cat /proc/sys/vm/swappiness')).toBe('35');
    expect(await shText(vm, "grep -c '^/swapfile ' /etc/fstab")).toBe('1');
    // Same disk, same host key: the console of the new boot printed the key that answers now.
    expect(vm.hostKeys).toContain(await shText(vm, "cut -d' ' -f1,2 /etc/ssh/ssh_host_ed25519_key.pub"));
  });

  it.runIf(FULL)('security (minimal profile): ufw rules in the kernel drop a port that answered before, until it is allowed', async () => {
    // A listener on the guest port that qemu forwards from 127.0.0.1: systemd's own socket activator.
    await shText(vm, `systemd-run --unit=phanes-probe systemd-socket-activate -l ${PROBE_PORT} -a --inetd /bin/echo ${PROBE_REPLY}`);
    const hostPort = vm.forwarded.get(PROBE_PORT)!;
    expect(await replyOf(hostPort, 60_000)).toBe(`${PROBE_REPLY}\n`);

    const swap = { size_mb: 384, swappiness: 35 };
    const minimal = { modules: undefined, profile: 'minimal', vars: baseVars(set, { swap }) };
    const modules = await apply('minimal.yaml', minimal);
    expect(modules.map((m) => [m.module, m.status])).toEqual([
      // swap is converged after the swap tests, installed when this test runs alone (vitest -t).
      ['baseline', 'installed'], ['user', 'installed'], ['security', 'installed'], ['swap', expect.stringMatching(/^(converged|installed)$/)], ['updates', 'installed'],
    ]);
    // The kernel holds ufw's chains: SSH accepted, the probe port not.
    const rules = await shText(vm, 'iptables-save');
    expect(rules).toMatch(/-A ufw-user-input -p tcp -m tcp --dport 22 .*-j ACCEPT/);
    expect(rules).not.toContain(`--dport ${PROBE_PORT}`);
    expect(await readPort(hostPort, 10_000)).toBe('');

    await apply('minimal-8080.yaml', { ...minimal, vars: baseVars(set, { swap, security: { firewall: { allow: [`${PROBE_PORT}/tcp`] } } }) });
    expect(await shText(vm, 'iptables-save')).toMatch(new RegExp(`-A ufw-user-input -p tcp -m tcp --dport ${PROBE_PORT} .*-j ACCEPT`));
    expect(await replyOf(hostPort, 60_000)).toBe(`${PROBE_REPLY}\n`);
  });

  it.runIf(FULL)('docker (source: distro): dockerd runs a container of an image built here from scratch', async () => {
    // Debian's kernel enables AppArmor and the image has no apparmor package: the module installs it with docker.io.
    expect(await shText(vm, 'cat /sys/module/apparmor/parameters/enabled')).toBe('Y');
    expect(await shText(vm, "dpkg-query -W -f='${Status}' apparmor 2>/dev/null || true")).not.toContain('ok installed');
    const modules = await apply('docker.yaml', { modules: ['docker'], vars: { docker: { source: 'distro' } } });
    expect(modules.map((m) => [m.module, m.status])).toEqual([['docker', 'installed']]);
    expect(modules[0]!.steps.map((s) => s.title)).toContain('Install docker.io, docker-compose, apparmor');
    expect(modules[0]!.health?.filter((h) => !h.ok)).toEqual([]);
    // No registry here: an image FROM scratch holding Debian's static busybox, built by this dockerd.
    // Unpacked, not installed: installing it triggers update-initramfs, minutes under emulation.
    await shText(vm, `set -e
mkdir -p /root/scratch-image && cd /root/scratch-image
apt-get download -qq busybox-static && dpkg-deb -x busybox-static_*.deb unpacked && cp unpacked/bin/busybox busybox
printf 'FROM scratch\\nCOPY busybox /bin/busybox\\nENTRYPOINT ["/bin/busybox"]\\n' > Dockerfile
docker build -q -t phanes-e2e/busybox .`);
    // Its own PID namespace (the shell is PID 1) and its own hostname: a container, not a chroot. Without
    // apparmor (apparmor_parser) dockerd refused this on this kernel (docs/modules/docker.md).
    const inside = await shText(vm, 'docker run --rm --hostname in-a-container phanes-e2e/busybox sh -c \'echo "pid $$ on $(hostname)"\'');
    expect(inside).toBe('pid 1 on in-a-container');
  });

  it.runIf(FULL)('lynis: the hardening index of minimal (standard), then strict, on a kernel that takes the sysctls (docker installed too)', async () => {
    const skips = LYNIS_SKIPPED.map((test) => `skip-test=${test}`).join('\n');
    await shText(vm, `DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends lynis >/dev/null && printf '%s\\n' '${skips}' > /etc/lynis/custom.prf`);
    const standard = await lynisIndex(vm);
    console.log(`lynis on the VM, minimal (standard): index ${standard}`);
    await apply('minimal-strict.yaml', {
      modules: undefined,
      profile: 'minimal',
      vars: baseVars(set, { swap: { size_mb: 384, swappiness: 35 }, security: { level: 'strict', firewall: { allow: [`${PROBE_PORT}/tcp`] } } }),
    });
    // Strict's kernel settings are live at once on a VM (a container refuses them).
    expect(await shText(vm, 'sysctl -n kernel.kptr_restrict')).toBe('2');
    const strict = await lynisIndex(vm);
    console.log(`lynis on the VM, minimal (strict): index ${strict} (+${strict - standard} over standard)`);
    expect(standard).toBeGreaterThanOrEqual(MIN_STANDARD_INDEX);
    expect(strict - standard).toBeGreaterThanOrEqual(STRICT_OVER_STANDARD);
  });

});
