import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sshRun } from '../targets/ssh-run.js';
import { startTargets, TARGET_USERS, type TargetSet } from '../targets/targets.js';

describe('real Debian targets', () => {
  let set: TargetSet;

  beforeAll(async () => {
    set = await startTargets({ count: 3, dir: await mkdtemp(join(tmpdir(), 'phanes-smoke-')) });
  });
  afterAll(async () => set?.stop());

  it('boots systemd on each target and answers over SSH with the host key checked', async () => {
    const states = await Promise.all(
      set.targets.map((t) => sshRun(set, t, 'systemctl is-system-running; systemctl --failed --no-legend --plain')),
    );
    for (const [i, { stdout }] of states.entries()) {
      const [state, ...failed] = stdout.trim().split('\n');
      // degraded is acceptable only with the failed units named, so a regression shows what broke.
      expect({ target: set.targets[i]?.name, state, failed }).toMatchObject({
        state: expect.stringMatching(/^(running|degraded)$/),
      });
      if (state === 'degraded') console.warn(`${set.targets[i]?.name} degraded; failed units: ${failed.join(', ')}`);
    }
  });

  it('refuses a host key that is not the one recorded for that address', async () => {
    const [a, b] = set.targets;
    await expect(sshRun(set, b!, 'true', { keysOf: a! })).rejects.toThrow(/verification failed/);
  });

  it('installs a small package from the Debian mirror on every target in parallel', async () => {
    const results = await Promise.all(
      set.targets.map((t) =>
        sshRun(set, t, 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq cowsay >/dev/null && dpkg-query -W -f=\'${Status}\' cowsay'),
      ),
    );
    for (const r of results) expect(r).toMatchObject({ code: 0, stdout: 'install ok installed' });
    // Every .deb went through the harness's cache; none was fetched from the mirror more than once.
    const { served, fromMirror } = set.aptProxy!.stats;
    expect(served).toBeGreaterThanOrEqual(3);
    expect(fromMirror * 3).toBeLessThanOrEqual(served);
  });

  it('has a NOPASSWD sudo user and one whose sudo needs the run password', async () => {
    const target = set.targets[0]!;
    const nopasswd = await sshRun(set, target, 'sudo -n id -u', { user: TARGET_USERS.nopasswd });
    expect(nopasswd).toMatchObject({ code: 0, stdout: '0\n' });
    const refused = await sshRun(set, target, 'sudo -n id -u', { user: TARGET_USERS.password });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('a password is required');
  });
});
