// SCRATCH: records golden case facts on real targets; deleted after use.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { builtInCatalog } from '../../modules/catalog.js';
import { goldenCaseYaml, recordModuleFacts, viaContainer, viaSsh, type GoldenCase } from '../targets/record-facts.js';
import { startTargets, type Target, type TargetSet } from '../targets/targets.js';

const K1 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGdLdSgOXc3yuXybaGBj67d6CzzM+i2Ymmx251fq5Bew alice@laptop';
const K2 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAjFB6b8MvoQBnQ1ihRZwd9RshKCmfjx/s7GHkKl+TuT alice@desktop';
const HOSTILE_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGdLdSgOXc3yuXybaGBj67d6CzzM+i2Ymmx251fq5Bew Jane "JD" O\'Brien $(reboot) `id` ; rm -rf ~ *';
const HOSTILE_SHELL = "/opt/o'brien/$(id)/`sh`;x|y&z";

interface Rec { name: string; description: string; settings: Record<string, unknown>; host?: GoldenCase['host']; refused?: string }
interface Stage { setup?: string; cases: Rec[] }

const ROOT = new URL('../../', import.meta.url).pathname;

async function sh(t: Target, cmd: string) {
  const r = await t.container.exec(['/bin/sh', '-c', cmd]);
  console.log(`[${t.name}] $ ${cmd.split('\n')[0]}\n${r.output.slice(-1500)}`);
  if (r.exitCode !== 0) throw new Error(`setup failed (${r.exitCode}): ${cmd}\n${r.output}`);
}

async function runStages(set: TargetSet, t: Target, module: string, stages: Stage[]) {
  const mod = builtInCatalog.modules.get(module)!;
  await mkdir(join(ROOT, 'modules', module, 'golden'), { recursive: true });
  for (const stage of stages) {
    if (stage.setup) await sh(t, stage.setup);
    for (const c of stage.cases) {
      const facts = await recordModuleFacts(mod, c.settings, viaContainer(t));
      const golden: GoldenCase = { description: c.description, settings: c.settings, ...(c.host ? { host: c.host } : {}), facts, ...(c.refused ? { refused: c.refused } : {}) };
      await writeFile(join(ROOT, 'modules', module, 'golden', `${c.name}.yaml`), goldenCaseYaml(golden));
      console.log(`recorded ${module}/${c.name}`);
    }
  }
  // Same probe over SSH as root: same answers (but the clock) as through the container.
  const a = await recordModuleFacts(mod, stages[0]!.cases[0]!.settings, viaContainer(t));
  const b = await recordModuleFacts(mod, stages[0]!.cases[0]!.settings, viaSsh(set, t));
  delete a['aptCacheAge']; delete b['aptCacheAge'];
  expect(b).toStrictEqual(a);
}

const DIAG = `echo PATH=$PATH; ls -la /var/lib/apt/lists/ | head; readlink /etc/localtime; cat /etc/timezone; ls -la /etc/default/locale; dpkg-query -W -f '\${Package} \${db:Status-Status}\\n' tzdata locales curl gnupg ca-certificates sudo; getent group adm docker staff sudo; ls -la /etc/sudoers.d; locale -a`;

const WITH_JQ = { packages: ['ca-certificates', 'curl', 'gnupg', 'jq'] };
const baseline: Stage[] = [
  { setup: DIAG, cases: [
    { name: 'fresh-defaults', description: 'A fresh target (the test image: ca-certificates, curl and gnupg come with it, apt lists from the image build) with default settings: /etc/localtime points to Etc/UTC, not UTC, and there is no /etc/default/locale.', settings: {} },
    { name: 'locale-en-us-without-locales', description: 'en_US.UTF-8 wanted on a fresh host without the locales package: locales is installed, the locale generated, LANG written.', settings: { locale: 'en_US.UTF-8' } },
    { name: 'unknown-timezone', description: 'A misspelt time zone with the default packages. The module means to refuse this, but it only refuses when tzdata is in its packages fact, which asks only for settings.packages (+ locales): so tzdata is never seen and plan returns a step that fails at apply (test -f). Expected output shows this CURRENT behaviour (bug reported).', settings: { timezone: 'Mars/Olympus_Mons' } },
    { name: 'unknown-timezone-tzdata-listed', description: 'A misspelt time zone when tzdata is among the packages (so the packages fact sees it): plan refuses.', settings: { timezone: 'Mars/Olympus_Mons', packages: ['ca-certificates', 'curl', 'gnupg', 'tzdata'] }, refused: 'unknown time zone "Mars/Olympus_Mons"' },
  ] },
  { setup: 'apt-get -q update >/dev/null', cases: [
    { name: 'apt-cache-fresh', description: 'jq missing and apt lists fetched seconds ago: install without refreshing the cache.', settings: WITH_JQ },
  ] },
  { setup: 'touch -d "3 days ago" /var/lib/apt/lists/*Release', cases: [
    { name: 'apt-cache-stale', description: 'jq missing and apt lists three days old (older than apt_cache_max_age): refresh, then install.', settings: WITH_JQ },
    { name: 'apt-cache-max-age-zero', description: 'apt_cache_max_age 0 always refreshes before installing a missing package (jq), even with lists three days old or newer.', settings: { apt_cache_max_age: 0, packages: ['curl', 'jq'] } },
  ] },
  { setup: 'rm -rf /var/lib/apt/lists/* && mkdir -p /var/lib/apt/lists/partial', cases: [
    { name: 'apt-lists-missing', description: 'jq missing and no apt lists at all (the cache age fact prints only the clock): refresh, then install.', settings: WITH_JQ },
  ] },
  { setup: `apt-get -q update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get -q -y install --no-install-recommends ca-certificates curl gnupg >/dev/null
ln -sfn /usr/share/zoneinfo/UTC /etc/localtime && echo UTC > /etc/timezone
printf '# Written by Phanes (baseline module).\\nLANG=C.UTF-8\\n' > /etc/default/locale && chmod 0644 /etc/default/locale
${DIAG}`, cases: [
    { name: 'converged-defaults', description: 'Default settings on a host brought into that state by hand: packages installed, UTC in both places, /etc/default/locale as the module writes it.', settings: {} },
    { name: 'timezone-changed', description: 'A converged host where only the time zone setting changed (UTC to Europe/Berlin).', settings: { timezone: 'Europe/Berlin' }, host: { host: 'web1', loginUser: 'admin', os: { id: 'debian', versionId: '12', codename: 'bookworm', prettyName: 'Debian GNU/Linux 12 (bookworm)' } } },
  ] },
  { setup: 'touch -d "30 days ago" /var/lib/apt/lists/*Release', cases: [
    { name: 'converged-stale-apt-cache', description: 'A converged host with month-old apt lists: nothing is missing, so the cache is left alone and the host stays converged.', settings: {} },
  ] },
  { setup: 'ln -sfn ../usr/share/zoneinfo/UTC /etc/localtime', cases: [
    { name: 'timezone-relative-link', description: 'The right zone, but /etc/localtime is a relative link (../usr/share/zoneinfo/UTC, as systemd\'s timedatectl writes it): the fact parser only knows absolute links, so plan re-links a zone that is already right.', settings: {} },
  ] },
  { setup: `ln -sfn /usr/share/zoneinfo/UTC /etc/localtime
DEBIAN_FRONTEND=noninteractive apt-get -q -y install --no-install-recommends locales >/dev/null
sed -i 's/^# *en_US.UTF-8 UTF-8$/en_US.UTF-8 UTF-8/' /etc/locale.gen && locale-gen
printf '# Written by Phanes (baseline module).\\nLANG=en_US.UTF-8\\n' > /etc/default/locale`, cases: [
    { name: 'locale-en-us-converged', description: 'en_US.UTF-8 wanted on a host where locales is installed, en_US.UTF-8 generated and LANG written by hand: converged.', settings: { locale: 'en_US.UTF-8' } },
  ] },
  { setup: `printf '# Written by Phanes (baseline module).\\nLANG=en_US\\n' > /etc/default/locale`, cases: [
    { name: 'locale-without-charset', description: 'locale en_US (no charset) on the host an apply of that setting leaves (en_US.UTF-8 generated, LANG=en_US written): plan generates en_US.UTF-8 again, since `locale -a` never lists plain en_US. Never converges; expected output shows this CURRENT behaviour (bug reported).', settings: { locale: 'en_US' } },
  ] },
];

const alice = { name: 'alice', authorized_keys: [K1], groups: ['adm', 'docker'] };
const user: Stage[] = [
  { setup: DIAG, cases: [
    { name: 'new-user-with-key', description: 'A fresh host: alice does not exist, one key, sudo without a password, extra groups adm (exists) and docker (missing, created first).', settings: alice },
    { name: 'new-user-sudo-password', description: 'A fresh host: alice with one key and sudo that asks for her password.', settings: { name: 'alice', authorized_keys: [K1], sudo: 'password' } },
    { name: 'new-user-no-keys-no-sudo', description: 'A fresh host: a plain account, no keys and no sudo rule (no packages asked for).', settings: { name: 'alice', sudo: 'none' } },
    { name: 'hostile-values', description: 'Values the schema allows that need quoting: a shell path with a quote, $(), backticks and ;|&, and a key whose comment has spaces, double and single quotes, $(), backticks and a glob (it travels base64-encoded).', settings: { name: 'o_brien-2', shell: HOSTILE_SHELL, authorized_keys: [HOSTILE_KEY] } },
  ] },
  { setup: `groupadd docker
useradd --create-home --user-group --shell /bin/bash --groups adm,docker alice
install -d -m 0700 -o alice -g alice /home/alice/.ssh
printf '%s\\n' '${K1}' > /home/alice/.ssh/authorized_keys && chown alice:alice /home/alice/.ssh/authorized_keys && chmod 0600 /home/alice/.ssh/authorized_keys
printf '# Written by Phanes (user module).\\nalice ALL=(ALL:ALL) NOPASSWD:ALL\\n' > /etc/sudoers.d/90-phanes-alice && chmod 0440 /etc/sudoers.d/90-phanes-alice
id alice; ls -la /home/alice/.ssh /etc/sudoers.d`, cases: [
    { name: 'converged', description: 'alice made by hand exactly as new-user-with-key wants her: converged.', settings: alice },
    { name: 'keys-changed', description: 'alice converged, but the wanted key is another one: authorized_keys is rewritten (plan shows the diff).', settings: { ...alice, authorized_keys: [K2] } },
    { name: 'sudo-password', description: 'alice converged with NOPASSWD sudo; the setting changes to password: the sudoers file is rewritten and validated.', settings: { ...alice, sudo: 'password' } },
    { name: 'sudo-none-removes-rule', description: 'alice converged with a sudo rule; the setting changes to none: the rule file is removed.', settings: { ...alice, sudo: 'none' } },
    { name: 'group-added', description: 'alice converged; staff (an existing group) is added to her groups: she joins it, the others are left as they are.', settings: { ...alice, groups: ['adm', 'docker', 'staff'] } },
  ] },
  { setup: 'usermod --shell /bin/sh alice', cases: [
    { name: 'shell-changed', description: 'alice converged but her shell is /bin/sh; the setting wants /bin/bash.', settings: alice },
  ] },
  { setup: 'usermod --shell /bin/bash alice && chmod 0644 /home/alice/.ssh/authorized_keys', cases: [
    { name: 'authorized-keys-wrong-mode', description: 'alice converged but authorized_keys has mode 0644: the file is rewritten with 0600 (same content).', settings: alice },
  ] },
  { setup: 'chmod 0600 /home/alice/.ssh/authorized_keys && chmod 0755 /home/alice/.ssh', cases: [
    { name: 'ssh-dir-wrong-mode', description: 'alice converged but ~/.ssh has mode 0755: install -d sets 0700 again.', settings: alice },
  ] },
  { setup: 'chmod 0700 /home/alice/.ssh && SUDO_FORCE_REMOVE=yes DEBIAN_FRONTEND=noninteractive apt-get -q -y remove sudo >/dev/null && rm -rf /var/lib/apt/lists/* && mkdir -p /var/lib/apt/lists/partial', cases: [
    { name: 'sudo-not-installed', description: 'alice converged, but the sudo package was removed and there are no apt lists: refresh, install sudo; nothing else changes.', settings: alice },
  ] },
];

it('records golden facts', async () => {
  const set = await startTargets({ count: 2, dir: await mkdtemp(join(tmpdir(), 'phanes-golden-')), namePrefix: 'golden' });
  try {
    const [b, u] = set.targets;
    await Promise.all([runStages(set, b!, 'baseline', baseline), runStages(set, u!, 'user', user)]);
  } finally {
    await set.stop();
  }
});
