import { GenericContainer, Wait } from 'testcontainers';

/** The local image that test/targets/prepare.sh builds. */
export const TARGET_IMAGE = process.env.PHANES_TARGET_IMAGE ?? 'phanes-target:bookworm';
/** Every target carries this label (value: its role), so leftovers of a crashed run can be found and removed. */
export const TARGET_LABEL = 'dev.phanes.target';

/** Test targets live as long as a test file; sandbox targets stay up for a person to try Phanes on. */
export type TargetRole = 'test' | 'sandbox';

/** The process whose run owns a target: a leftover whose owner is gone can be removed without touching others' runs. */
export const OWNER_LABEL = 'dev.phanes.owner-pid';

/** The test run's main process (set by the e2e global setup), else this process. */
export function ownerPid(): string {
  return process.env.PHANES_TEST_OWNER_PID ?? String(process.pid);
}
const SSH_PORT = 22;
const STARTUP_TIMEOUT_MS = 120_000;

/**
 * Makes the target's own cgroup hierarchies writable, so a Docker engine inside can create cgroups for its
 * containers. Its cgroup namespace is private, so the hierarchies mounted afresh start at the target's own
 * cgroup: nothing of this machine's other containers is reachable. cgroup v1 (this machine): one mount per
 * controller; cgroup v2: the one hierarchy.
 */
export const WRITABLE_CGROUPS_SCRIPT = `set -eu
if [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; then
  umount -l /sys/fs/cgroup && mount -t cgroup2 cgroup2 /sys/fs/cgroup
  exit 0
fi
for dir in /sys/fs/cgroup/*; do
  [ ! -L "$dir" ] && mountpoint -q "$dir" || continue
  name=\${dir##*/}
  case $name in
  unified) continue ;;
  systemd) options=none,name=systemd ;;
  *) options=$name ;;
  esac
  umount -l "$dir" && mount -t cgroup -o "$options" cgroup "$dir"
done`;

/** What a target may need besides the defaults. */
export interface TargetOptions {
  /**
   * Run containers inside (a Docker engine): SYS_ADMIN, seccomp and AppArmor unconfined, a private cgroup
   * namespace; the harness then remounts its cgroups writable (WRITABLE_CGROUPS_SCRIPT). Still not
   * --privileged (it fails here): no devices, the host's kernel. Opt-in: most targets do not need it.
   */
  readonly containers?: boolean;
  /** Another image made from TARGET_IMAGE (e.g. with cloud-init added). */
  readonly image?: string;
}

/**
 * A Debian 12 system booted with systemd as PID 1 and sshd published on 127.0.0.1 only, run with the
 * options seen to work on these machines (not --privileged: it fails here).
 */
export class DebianTargetContainer extends GenericContainer {
  constructor(role: TargetRole, options: TargetOptions = {}) {
    super(options.image ?? TARGET_IMAGE);
    this.withCommand(['/lib/systemd/systemd'])
      .withLabels({ [TARGET_LABEL]: role, [OWNER_LABEL]: ownerPid() })
      .withTmpFs({ '/run': 'rw', '/run/lock': 'rw' })
      .withAddedCapabilities('NET_ADMIN')
      .withExposedPorts(SSH_PORT)
      .withStartupTimeout(STARTUP_TIMEOUT_MS)
      .withWaitStrategy(Wait.forSuccessfulCommand('systemctl is-active --quiet ssh'));
    if (options.containers) {
      this.withAddedCapabilities('SYS_ADMIN').withSecurityOpt('seccomp=unconfined', 'apparmor=unconfined');
      // Docker's API takes it; testcontainers' HostConfig type does not list it yet.
      (this.hostConfig as { CgroupnsMode?: string }).CgroupnsMode = 'private';
    } else {
      this.withBindMounts([{ source: '/sys/fs/cgroup', target: '/sys/fs/cgroup', mode: 'ro' }]);
    }
    // testcontainers publishes on every interface; test traffic must stay on 127.0.0.1.
    this.hostConfig.PortBindings = { [`${SSH_PORT}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: '0' }] };
  }
}
