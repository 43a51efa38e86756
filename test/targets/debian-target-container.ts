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
 * A Debian 12 system booted with systemd as PID 1 and sshd published on 127.0.0.1 only, run with the
 * options seen to work on these machines (not --privileged: it fails here).
 */
export class DebianTargetContainer extends GenericContainer {
  /** `image`: another image made from TARGET_IMAGE (e.g. with cloud-init added). */
  constructor(role: TargetRole, image: string = TARGET_IMAGE) {
    super(image);
    this.withCommand(['/lib/systemd/systemd'])
      .withLabels({ [TARGET_LABEL]: role, [OWNER_LABEL]: ownerPid() })
      .withBindMounts([{ source: '/sys/fs/cgroup', target: '/sys/fs/cgroup', mode: 'ro' }])
      .withTmpFs({ '/run': 'rw', '/run/lock': 'rw' })
      .withAddedCapabilities('NET_ADMIN')
      .withExposedPorts(SSH_PORT)
      .withStartupTimeout(STARTUP_TIMEOUT_MS)
      .withWaitStrategy(Wait.forSuccessfulCommand('systemctl is-active --quiet ssh'));
    // testcontainers publishes on every interface; test traffic must stay on 127.0.0.1.
    this.hostConfig.PortBindings = { [`${SSH_PORT}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: '0' }] };
  }
}
