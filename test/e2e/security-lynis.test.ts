import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTargets, type ContainerTarget, type TargetSet } from '../targets/targets.js';
import { baseVars, writeInventory } from './support/inventory.js';
import { runPhanes } from './support/run-phanes.js';
import { shText } from './support/target-shell.js';

/**
 * Debian's lynis (an auditor nobody here wrote) measures what the security module's levels are worth:
 * three fresh targets at once, one left as it is (before), one after the `minimal` profile with default
 * settings (standard), one after `minimal` with `security.level: strict`. The hardening indexes, their
 * deltas and the points each lynis test still misses are printed for docs/modules/security.md.
 */

/** The requirement: strict at least this many points above standard (see the kernel settings below). */
const STRICT_OVER_STANDARD = 10;
/**
 * What strict gains in a container, where /proc/sys is read-only and lynis' KRNL-6000 (one point per kernel
 * setting) cannot move: measured 10 (lynis 3.0.8, Debian 12, 2026-12-05): the issue's +10 holds even there.
 */
const STRICT_OVER_STANDARD_IN_A_CONTAINER = 10;
/** lynis tests that give no hardening points and take the longest (certificate expiry, kernel packages, IPv6). */
const SKIPPED_TESTS = ['CRYP-7902', 'PKGS-7410', 'NETW-2600'];

interface Audit {
  readonly index: number;
  /** Points given and possible. */
  readonly given: number;
  readonly possible: number;
  /** KRNL-6000's kernel settings that differ from lynis' profile: key -> the value lynis expects. */
  readonly sysctlMisses: ReadonlyMap<string, string>;
  /** Hardening points lynis did not give, by test ID (only tests that missed some). */
  readonly missed: ReadonlyMap<string, number>;
}

/** Runs `lynis audit system --quick` on the target and reads its report and log. */
async function audit(target: ContainerTarget): Promise<Audit> {
  const started = Date.now();
  await shText(target, 'lynis audit system --quick --no-colors >/var/log/lynis-run.txt 2>&1');
  console.log(`${target.name}: lynis took ${Math.round((Date.now() - started) / 1000)} s`);
  const index = Number(await shText(target, "sed -n 's/^hardening_index=//p' /var/log/lynis-report.dat"));
  const log = await shText(target, "grep -E 'Performing test ID|Hardening: assigned|Result: sysctl key' /var/log/lynis.log");
  const missed = new Map<string, number>();
  const sysctlMisses = new Map<string, string>();
  let test = '';
  let given = 0;
  let possible = 0;
  for (const line of log.split('\n')) {
    const sysctl = /sysctl key (\S+) has a different value than expected in scan profile\. Expected=(\S+),/.exec(line);
    if (sysctl?.[1] && sysctl[2] !== undefined) sysctlMisses.set(sysctl[1], sysctl[2]);
    const id = /Performing test ID (\S+)/.exec(line)?.[1];
    if (id) test = id;
    const partial = /\((\d+) of (\d+)\)/.exec(line);
    if (partial && Number(partial[1]) < Number(partial[2])) missed.set(test, (missed.get(test) ?? 0) + Number(partial[2]) - Number(partial[1]));
    const total = /Currently having (\d+) points \(out of (\d+)\)/.exec(line);
    if (total) [given, possible] = [Number(total[1]), Number(total[2])];
  }
  return { index, given, possible, sysctlMisses, missed };
}

const shown = (missed: ReadonlyMap<string, number>) =>
  [...missed].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([test, lost]) => `${test} -${lost}`).join(', ');

describe('security levels measured by lynis on real Debian 12 targets', () => {
  let set: TargetSet;
  let standardInventory: string;
  let strictInventory: string;
  const audits = new Map<'before' | 'standard' | 'strict', Audit>();

  beforeAll(async () => {
    set = await startTargets({ count: 3, dir: await mkdtemp(join(tmpdir(), 'phanes-lynis-')) });
    standardInventory = await writeInventory(set, { file: 'standard.yaml', defaults: { modules: undefined, profile: 'minimal' } });
    strictInventory = await writeInventory(set, {
      file: 'strict.yaml',
      defaults: { modules: undefined, profile: 'minimal', vars: baseVars(set, { security: { level: 'strict' } }) },
    });
    // lynis from Debian's archive, the same on all three, before anything else changes them. The tests
    // skipped give no points (no AddHP in lynis' source): the index is the same, each audit 30 s shorter.
    const skips = SKIPPED_TESTS.map((test) => `skip-test=${test}`).join('\n');
    await Promise.all(
      set.targets.map((t) =>
        shText(t, `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends lynis >/dev/null && printf '%s\\n' '${skips}' > /etc/lynis/custom.prf`),
      ),
    );
  });
  afterAll(async () => set?.stop());

  it('audits before, after standard and after strict (in parallel), strict ahead of standard', async () => {
    const [before, standard, strict] = set.targets as [ContainerTarget, ContainerTarget, ContainerTarget];
    const applied = async (inventory: string, target: ContainerTarget, level: 'standard' | 'strict') => {
      const started = Date.now();
      const run = await runPhanes(['apply', '-i', inventory, '--limit', target.name, '--yes', '--json'], { cwd: set.dir });
      expect(run.code, run.stderr).toBe(0);
      console.log(`${target.name}: apply (${level}) took ${Math.round((Date.now() - started) / 1000)} s`);
      audits.set(level, await audit(target));
    };
    await Promise.all([
      audit(before).then((a) => audits.set('before', a)),
      applied(standardInventory, standard, 'standard'),
      applied(strictInventory, strict, 'strict'),
    ]);
    const version = await shText(before, 'lynis show version');
    const a = (level: 'before' | 'standard' | 'strict') => audits.get(level)!;
    // Kernel settings lynis misses on the strict target that strict's boot file sets to lynis' value: a
    // container refuses them (read-only /proc/sys), a VM's or a server's kernel takes them at once.
    const bootFile = `${await shText(strict, 'cat /etc/sysctl.d/60-phanes-hardening.conf')}\n`;
    const refused = [...a('strict').sysctlMisses].filter(([key, value]) => bootFile.includes(`\n${key} = ${value}\n`)).map(([key]) => key);
    const onARealKernel = Math.floor(((a('strict').given + refused.length) * 100) / a('strict').possible);
    const delta = (x: number, y: number) => `${x - y >= 0 ? '+' : ''}${x - y}`;
    console.log(
      [
        `lynis ${version} (audit system --quick, skipping ${SKIPPED_TESTS.join(', ')}: no points), ${await shText(before, '. /etc/os-release && echo "$PRETTY_NAME"')} in a Docker container, ${new Date().toISOString().slice(0, 10)}`,
        `before:   ${a('before').index} (${a('before').given}/${a('before').possible} points)`,
        `standard: ${a('standard').index} (${a('standard').given}/${a('standard').possible} points), ${delta(a('standard').index, a('before').index)} over before`,
        `strict:   ${a('strict').index} (${a('strict').given}/${a('strict').possible} points), ${delta(a('strict').index, a('standard').index)} over standard, ${delta(a('strict').index, a('before').index)} over before`,
        `strict with the ${refused.length} kernel settings the container refuses (set in its sysctl.d file; lynis gives 1 point each): ${onARealKernel}, ${delta(onARealKernel, a('standard').index)} over standard`,
        `  ${refused.join(', ')}`,
        `points standard still misses: ${shown(a('standard').missed)}`,
        `points strict still misses:   ${shown(a('strict').missed)}`,
        `kernel settings strict leaves as lynis would not: ${[...a('strict').sysctlMisses.keys()].filter((key) => !refused.includes(key)).join(', ')}`,
      ].join('\n'),
    );
    expect(a('standard').index).toBeGreaterThan(a('before').index);
    expect(a('strict').index).toBeGreaterThanOrEqual(a('standard').index + STRICT_OVER_STANDARD_IN_A_CONTAINER);
    // The issue's +10 holds once the kernel takes the settings strict writes; measured only in a container here.
    expect(onARealKernel).toBeGreaterThanOrEqual(a('standard').index + STRICT_OVER_STANDARD);
  }, 25 * 60_000); // three lynis audits at once on 2 cores: 475 s measured with other work running, over 900 s under heavy load

  it('converges: a second strict apply runs no step; plan names the kernel settings the container refuses', async () => {
    const target = set.targets[2]!;
    const run = await runPhanes(['apply', '-i', strictInventory, '--limit', target.name, '--yes', '--json'], { cwd: set.dir });
    expect(run.code, run.stderr).toBe(0);
    const host = JSON.parse(run.stdout).hosts[0];
    expect(host.modules.map((m: { module: string; status: string; steps: unknown[] }) => [m.module, m.status, m.steps.length])).toEqual([
      ['baseline', 'converged', 0],
      ['user', 'converged', 0],
      ['security', 'converged', 0],
      ['swap', 'not-applicable', 0],
      ['updates', 'converged', 0],
    ]);
    const security = host.modules.find((m: { module: string }) => m.module === 'security');
    expect(security.health.map((h: { title: string; ok: boolean }) => [h.title, h.ok])).toContainEqual(['sshd shows the legal banner', true]);
    const plan = await runPhanes(['plan', '-i', strictInventory, '--limit', target.name], { cwd: set.dir });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/security: kernel settings the kernel refuses to change here \(read-only; .*net\.ipv4\.conf\.all\.rp_filter \(is 0, wanted 1\)/);
  });

  it('leaves on the strict target what it says, and a standard target untouched by strict', async () => {
    const [, standard, strict] = set.targets as [ContainerTarget, ContainerTarget, ContainerTarget];
    expect(await shText(strict, "grep -E '^(UMASK|PASS_MIN_DAYS|PASS_MAX_DAYS|SHA_CRYPT_MIN_ROUNDS)\\s' /etc/login.defs")).toBe(
      'UMASK\t027\nPASS_MAX_DAYS\t99999\nPASS_MIN_DAYS\t1\nSHA_CRYPT_MIN_ROUNDS\t5000',
    );
    // A login shell of a new session gets the umask and no core files.
    expect(await shText(strict, "su - ops -s /bin/bash -c 'umask; ulimit -c; ulimit -Hc; echo $TMOUT; readonly -p | grep -c TMOUT'")).toBe('0027\n0\n0\n900\n1');
    expect(await shText(strict, "grep -E '^install (usb-storage|dccp) ' /etc/modprobe.d/phanes-hardening.conf")).toBe('install dccp /bin/true\ninstall usb-storage /bin/true');
    expect(await shText(strict, "sshd -T | grep -i '^banner'")).toBe('banner /etc/issue.net');
    expect(await shText(strict, "dpkg-query -W -f '${Package} ${db:Status-Status}\\n' needrestart libpam-tmpdir debsums apt-listchanges libpam-pwquality")).toBe(
      'apt-listchanges installed\ndebsums installed\nlibpam-pwquality installed\nlibpam-tmpdir installed\nneedrestart installed',
    );
    expect(await shText(strict, 'needrestart -b -r l >/dev/null; echo $?')).toBe('0');
    expect(await shText(standard, 'ls /etc/sysctl.d/60-phanes-hardening.conf /etc/modprobe.d/phanes-hardening.conf 2>/dev/null | wc -l; sshd -T | grep -ci "^banner /etc/issue.net" || true')).toBe('0\n0');
  });
});
