import { aptCacheAgeFact } from '../../src/facts/apt-cache-age.js';
import type { FactValues } from '../../src/facts/fact.js';
import { fileFact } from '../../src/facts/file.js';
import { packagesFact } from '../../src/facts/packages.js';
import { defineModule, PlanRefusedError, type HealthCheck } from '../../src/engine/module.js';
import { ensureFile, type RemoteFile, type Step } from '../../src/engine/step.js';
import { aptInstall, aptUpdate } from '../../src/shell/apt.js';
import { sh } from '../../src/shell/command.js';
import { devtoolsSchema, type DevtoolsSettings } from '../../schemas/modules/devtools.js';
import { installPackages } from '../apt-packages.js';
// Generic host facts; they belong in src/facts/ (see docs/modules/devtools.md), kept with the docker module for now.
import { architectureFact, aptSourcesNamingFact, missingDirectoriesFact } from '../docker/docker-facts.js';
import {
  isNodesourceMajor,
  NODESOURCE_ARCHITECTURES,
  NODESOURCE_HOST,
  NODESOURCE_KEY,
  NODESOURCE_KEYRING,
  NODESOURCE_PIN,
  NODESOURCE_PIN_CONTENT,
  NODESOURCE_SOURCES,
  nodesourceSources,
} from './nodesource-repository.js';

const PYTHON_PACKAGES = ['python3', 'python3-venv', 'python3-pip'];
const DISTRO_NODE_PACKAGES = ['nodejs', 'npm'];
const GO_PACKAGES = ['golang-go'];
/** apt needs the CA bundle to fetch from NodeSource's https repository (minimal images may lack it). */
const NODESOURCE_PREREQUISITES = ['ca-certificates'];
const KEYRINGS_DIR = '/etc/apt/keyrings';
/** Seconds before the apt cache counts as stale when installing from the distribution's mirror. */
const APT_CACHE_MAX_AGE = 86_400;
/** Seconds a health check may take (a compiler on a slow box, a wedged runtime). */
const CHECK_TIMEOUT = 30;
/** As src/shell/apt.ts waits for another apt or dpkg run instead of failing on its lock. */
const APT_LOCK_TIMEOUT = 'DPkg::Lock::Timeout=300';

/** The distribution's packages these settings want (NodeSource's nodejs is handled apart). */
function distroPackages(settings: DevtoolsSettings): string[] {
  return [...new Set([
    ...settings.packages,
    ...(settings.python ? PYTHON_PACKAGES : []),
    ...(settings.node === 'distro' ? DISTRO_NODE_PACKAGES : []),
    ...(settings.go === 'distro' ? GO_PACKAGES : []),
  ])];
}

/** apt-get install that may go down a version: switching node_major down must. */
function aptInstallAllowingDowngrades(packages: readonly string[]) {
  return sh`apt-get -q -y -o ${APT_LOCK_TIMEOUT} install --no-install-recommends --allow-downgrades ${[...packages]}`;
}

/** apt-get remove as src/shell/apt.ts runs install (step scripts export DEBIAN_FRONTEND=noninteractive). */
function aptRemove(packages: readonly string[]) {
  return sh`apt-get -q -y -o ${APT_LOCK_TIMEOUT} remove ${[...packages]}`;
}

function rootFile(title: string, path: string, content: string, current: RemoteFile | null): Step[] {
  return ensureFile({ title, path, content, mode: '0644', owner: 'root', group: 'root' }, current);
}

function devtoolsFacts(settings: DevtoolsSettings) {
  const node = settings.node === 'none' ? [] : settings.node === 'nodesource' ? [...DISTRO_NODE_PACKAGES, ...NODESOURCE_PREREQUISITES] : DISTRO_NODE_PACKAGES;
  return {
    packages: packagesFact([...new Set([...distroPackages(settings), ...node])]),
    aptCacheAge: aptCacheAgeFact,
    // NodeSource's files matter for node: distro too (they are removed when switching back).
    architecture: architectureFact,
    directories: missingDirectoriesFact([KEYRINGS_DIR]),
    keyring: fileFact(NODESOURCE_KEYRING),
    sources: fileFact(NODESOURCE_SOURCES),
    pin: fileFact(NODESOURCE_PIN),
    otherSources: aptSourcesNamingFact(NODESOURCE_HOST),
  };
}

/** The facts plan reads, as the engine hands them over. */
type DevtoolsFacts = FactValues<ReturnType<typeof devtoolsFacts>>;

/** NodeSource's repository for node_major, and nodejs from it unless NodeSource's build of that major is installed. */
function nodesourceSteps(settings: DevtoolsSettings, facts: DevtoolsFacts, host: string): Step[] {
  const major = settings.node_major;
  const nodejs = facts.packages.get('nodejs');
  if (!NODESOURCE_ARCHITECTURES.has(facts.architecture)) {
    throw new PlanRefusedError(`devtools.node: NodeSource builds Node.js for amd64 and arm64; ${host} is ${facts.architecture || 'unknown'}: use node: distro`);
  }
  const others = facts.otherSources.filter((file) => file !== NODESOURCE_SOURCES);
  if (others.length > 0) {
    throw new PlanRefusedError(
      `devtools.node: ${others.join(', ')} on ${host} also names ${NODESOURCE_HOST} (NodeSource's setup script?); apt refuses two sources for one repository with different keys: remove ${others.length > 1 ? 'them' : 'it'} (Phanes writes ${NODESOURCE_SOURCES}), then apply again`,
    );
  }
  const steps = installPackages(NODESOURCE_PREREQUISITES, facts.packages, facts.aptCacheAge, APT_CACHE_MAX_AGE);
  if (facts.directories.has(KEYRINGS_DIR)) steps.push({ kind: 'command', title: `Create ${KEYRINGS_DIR}`, command: sh`install -d -m 0755 ${KEYRINGS_DIR}` });
  steps.push(
    ...rootFile("Write NodeSource's apt signing key", NODESOURCE_KEYRING, NODESOURCE_KEY, facts.keyring),
    ...rootFile(`Add NodeSource's apt repository for Node.js ${major}.x (${facts.architecture})`, NODESOURCE_SOURCES, nodesourceSources(major, facts.architecture), facts.sources),
    ...rootFile('Pin nodejs to NodeSource', NODESOURCE_PIN, NODESOURCE_PIN_CONTENT, facts.pin),
  );
  if (!isNodesourceMajor(nodejs, major)) {
    const replacing = nodejs === undefined ? '' : nodejs.includes('nodesource') ? ` (replaces ${nodejs})` : ` (replaces the distribution's nodejs ${nodejs} and its npm)`;
    steps.push({ kind: 'command', title: "Refresh the apt cache (NodeSource's repository)", command: aptUpdate() });
    steps.push({ kind: 'command', title: `Install nodejs ${major}.x from NodeSource${replacing}`, command: aptInstallAllowingDowngrades(['nodejs']) });
  }
  return steps;
}

/** Going back to the distribution's nodejs: NodeSource's files go, and its nodejs with a cache refresh after. */
function leaveNodesourceSteps(facts: DevtoolsFacts, nodejs: string | undefined): { steps: Step[]; refreshed: boolean } {
  const files = [facts.sources ? NODESOURCE_SOURCES : null, facts.pin ? NODESOURCE_PIN : null, facts.keyring ? NODESOURCE_KEYRING : null].filter((f): f is string => f !== null);
  const steps: Step[] = [];
  if (files.length > 0) steps.push({ kind: 'command', title: "Remove NodeSource's apt repository (node: distro)", command: sh`rm -f ${files}` });
  if (!nodejs?.includes('nodesource')) return { steps, refreshed: false };
  steps.push({ kind: 'command', title: `Remove NodeSource's nodejs ${nodejs}`, command: aptRemove(['nodejs']) });
  // Its package lists are still cached: without a refresh apt would offer NodeSource's nodejs again.
  steps.push({ kind: 'command', title: 'Refresh the apt cache (without NodeSource)', command: aptUpdate() });
  return { steps, refreshed: true };
}

export const devtools = defineModule({
  name: 'devtools',
  description: 'git, build tools and chosen language runtimes (Python, Node.js, Go)',
  requires: [],
  schema: devtoolsSchema,
  facts: (settings: DevtoolsSettings) => devtoolsFacts(settings),
  plan(settings: DevtoolsSettings, facts, host) {
    const nodejs = facts.packages.get('nodejs');
    const wanted = distroPackages(settings);
    const steps: Step[] = [];
    if (settings.node === 'distro' && (nodejs?.includes('nodesource') || facts.sources || facts.pin || facts.keyring)) {
      // Leaving NodeSource: its repository and nodejs go first, then the distribution's nodejs comes with the rest.
      const left = leaveNodesourceSteps(facts, nodejs);
      steps.push(...left.steps);
      if (left.refreshed) {
        const missing = wanted.filter((name) => name === 'nodejs' || !facts.packages.has(name));
        steps.push({ kind: 'command', title: `Install ${missing.join(', ')}`, command: aptInstall(missing) });
        return steps;
      }
    }
    steps.push(...installPackages(wanted, facts.packages, facts.aptCacheAge, APT_CACHE_MAX_AGE));
    if (settings.node === 'nodesource') steps.push(...nodesourceSteps(settings, facts, host.host));
    return steps;
  },
  health(settings: DevtoolsSettings): HealthCheck[] {
    const checks: HealthCheck[] = [];
    if (settings.packages.includes('git')) {
      checks.push({ title: 'git --version', command: sh`git --version`, hint: 'git does not run: `apt-get install --reinstall git`' });
    }
    if (settings.packages.includes('build-essential')) {
      checks.push({
        title: 'a C program compiles and links (cc)',
        command: sh`printf 'int main(void) { return 0; }\n' | timeout ${CHECK_TIMEOUT} cc -x c -o /dev/null -`,
        hint: 'cc cannot build a program: `cc -v -x c -o /tmp/t - </dev/null` shows the broken part; `apt-get install --reinstall build-essential gcc libc6-dev`',
      });
    }
    if (settings.python) {
      checks.push({
        title: 'python3 with venv and pip',
        // Imports only: `python3 -m pip --version` costs a second on every plan.
        command: sh`timeout ${CHECK_TIMEOUT} python3 -c 'import ensurepip, pip, venv'`,
        hint: 'python3 cannot make a venv (ensurepip is missing) or has no pip: reinstall the venv package of this Python (`dpkg -S ensurepip` names it: python3.11-venv on Debian 12) and python3-pip',
      });
    }
    if (settings.node === 'nodesource') {
      const major = settings.node_major;
      checks.push({
        title: `node ${major}.x and npm`,
        command: sh`timeout ${CHECK_TIMEOUT} node --version | grep -q ${`^v${major}\\.`} && timeout ${CHECK_TIMEOUT} npm --version`,
        hint: `node is missing or not ${major}.x: \`node --version\`, and \`apt-cache policy nodejs\` shows where nodejs comes from (NodeSource's must win: ${NODESOURCE_PIN})`,
      });
    } else if (settings.node === 'distro') {
      checks.push({
        title: 'node and npm',
        command: sh`timeout ${CHECK_TIMEOUT} node --version && timeout ${CHECK_TIMEOUT} npm --version`,
        hint: 'node or npm does not run: `apt-get install --reinstall nodejs npm`',
      });
    }
    if (settings.go === 'distro') {
      checks.push({ title: 'go version', command: sh`timeout ${CHECK_TIMEOUT} go version`, hint: 'go does not run: `apt-get install --reinstall golang-go` (it provides /usr/bin/go)' });
    }
    return checks;
  },
});
