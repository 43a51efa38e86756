import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../targets/key-pair.js';
import { sshRun } from '../targets/ssh-run.js';
import { TARGET_USERS, type TargetSet } from '../targets/targets.js';
import { startVm, vmTestsSkipReason, type VmTarget } from '../targets/vm-target.js';
import { shText } from './support/target-shell.js';

/**
 * The VM target kind: a debootstrapped Debian 12 disk with its own kernel under qemu (KVM when /dev/kvm
 * opens, else software emulation), sshd forwarded to 127.0.0.1, host keys read from the serial console.
 * The boot time is printed. Reboots are proved where they matter, in vm-modules.test.ts (swap survives one).
 */
const skipReason = vmTestsSkipReason();
if (skipReason) console.log(skipReason);

describe.skipIf(skipReason !== undefined)('a real Debian 12 VM target', () => {
  let set: TargetSet<VmTarget>;
  let vm: VmTarget;

  beforeAll(async () => {
    set = await startVm({ dir: await mkdtemp(join(tmpdir(), 'phanes-vm-')) });
    vm = set.targets[0]!;
    console.log(`vm boot: ${vm.bootSeconds.toFixed(1)} s to the first SSH login (accel ${vm.accel})`);
  });
  afterAll(async () => set?.stop());

  it('runs its own kernel under qemu with systemd up, reached over SSH with the console-read host key', async () => {
    expect(await shText(vm, 'systemd-detect-virt')).toMatch(vm.accel === 'kvm' ? /^kvm$/ : /^qemu$/);
    expect(await shText(vm, 'systemd-detect-virt --container || true')).toBe('none');
    expect(await shText(vm, 'cat /proc/cmdline')).toContain('root=/dev/vda');
    const state = await shText(vm, 'systemctl is-system-running --wait || systemctl --failed --no-legend --plain');
    expect(state).toBe('running');
    // The key that answered is one the console printed, and it is the VM's own (made at its first boot).
    const offered = await shText(vm, "cut -d' ' -f1,2 /etc/ssh/ssh_host_ed25519_key.pub");
    expect(vm.hostKeys).toContain(offered);
  });

  it('refuses the VM when known_hosts holds another key for its address', async () => {
    const other = generateKeyPair().public.trim().split(' ').slice(0, 2).join(' ');
    const wrong = join(set.dir, 'known_hosts.wrong');
    await writeFile(wrong, `[${vm.host}]:${vm.port} ${other}\n`);
    await expect(sshRun({ knownHostsFile: wrong, privateKeyFile: set.privateKeyFile }, vm, 'true')).rejects.toThrow(/verification failed/);
  });

  it('has the harness users: NOPASSWD sudo, and sudo with the run password', async () => {
    expect(await sshRun(set, vm, 'sudo -n id -u', { user: TARGET_USERS.nopasswd })).toMatchObject({ code: 0, stdout: '0\n' });
    const refused = await sshRun(set, vm, 'sudo -n id -u', { user: TARGET_USERS.password });
    expect(refused.stderr).toContain('a password is required');
  });
});
