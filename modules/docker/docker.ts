import { aptCacheAgeFact } from '../../src/facts/apt-cache-age.js';
import { fileFact } from '../../src/facts/file.js';
import type { FactValues } from '../../src/facts/fact.js';
import { packagesFact } from '../../src/facts/packages.js';
import { defineModule, PlanRefusedError, type HealthCheck, type HostContext } from '../../src/engine/module.js';
import { ensureFile, type RemoteFile, type Step } from '../../src/engine/step.js';
import { aptInstall, aptUpdate } from '../../src/shell/apt.js';
import { sh } from '../../src/shell/command.js';
import { dockerSchema, type DockerSettings } from '../../schemas/modules/docker.js';
import { installPackages } from '../apt-packages.js';
import { DAEMON_JSON, daemonJsonSteps, OWNED_KEYS } from './daemon-json.js';
import { appArmorEnabledFact, architectureFact, aptSourcesNamingFact, groupMembersFact, missingDirectoriesFact, unitEnabledFact } from './docker-facts.js';
import { ALL_PACKAGES, conflictingPackages, distroPackages, enginePackage, OFFICIAL_PACKAGES, OFFICIAL_PREREQUISITES } from './docker-packages.js';
import { DOCKER_DISTRIBUTIONS, DOCKER_KEY, DOCKER_KEYRING, DOCKER_SOURCES, dockerSources } from './docker-repository.js';

const GROUP = 'docker';
const SERVICE = 'docker.service';
const KEYRINGS_DIR = '/etc/apt/keyrings';
const CONFIG_DIR = '/etc/docker';
/** Seconds a health check may take before it counts as failed (a hung daemon must not hang the probe). */
const CHECK_TIMEOUT = 20;
/**
 * docker.io only recommends apparmor, and Phanes installs without recommends: on a kernel with AppArmor
 * enabled dockerd then has no apparmor_parser for its docker-default profile and `docker run` fails. Docker
 * CE's dockerd loads the same profile, so both sources install it there.
 */
const APPARMOR = 'apparmor';
/** Seconds before the apt cache counts as stale when installing the distribution's packages. */
const APT_CACHE_MAX_AGE = 86_400;

/** As src/shell/apt.ts waits for another apt or dpkg run instead of failing on its lock. */
const APT_LOCK_TIMEOUT = 'DPkg::Lock::Timeout=300';

/** apt-get remove as src/shell/apt.ts runs install (step scripts export DEBIAN_FRONTEND=noninteractive). */
function aptRemove(packages: readonly string[]) {
  return sh`apt-get -q -y -o ${APT_LOCK_TIMEOUT} remove ${[...packages]}`;
}

function rootFile(title: string, path: string, content: string, current: RemoteFile | null): Step[] {
  return ensureFile({ title, path, content, mode: '0644', owner: 'root', group: 'root' }, current);
}

/** The facts plan reads, as the engine hands them over. */
type DockerFacts = FactValues<ReturnType<typeof dockerFacts>>;

function dockerFacts() {
  return {
    packages: packagesFact([...ALL_PACKAGES, APPARMOR]),
    aptCacheAge: aptCacheAgeFact,
    architecture: architectureFact,
    directories: missingDirectoriesFact([KEYRINGS_DIR, CONFIG_DIR]),
    keyring: fileFact(DOCKER_KEYRING),
    sources: fileFact(DOCKER_SOURCES),
    otherSources: aptSourcesNamingFact('download.docker.com'),
    daemonJson: fileFact(DAEMON_JSON),
    group: groupMembersFact(GROUP),
    enabled: unitEnabledFact(SERVICE),
    appArmor: appArmorEnabledFact,
  };
}

/** Refuses hosts where Docker publishes no packages, and other sources of its repository apt would reject. */
function refuseUnsupported(otherSources: readonly string[], host: HostContext): void {
  const { id, codename } = host.os;
  if (!DOCKER_DISTRIBUTIONS.has(id) || !codename) {
    throw new PlanRefusedError(
      `docker.source: Docker publishes packages for Debian and Ubuntu; ${host.host} runs ${host.os.prettyName} (ID ${id}${codename ? `, ${codename}` : ', no codename'}): use source: distro`,
    );
  }
  const others = otherSources.filter((file) => file !== DOCKER_SOURCES);
  if (others.length > 0) {
    throw new PlanRefusedError(
      `docker: ${others.join(', ')} on ${host.host} also names download.docker.com; apt refuses two sources for one repository with different keys: remove ${others.length > 1 ? 'them' : 'it'} (Phanes writes ${DOCKER_SOURCES}), then apply again`,
    );
  }
}

/** Docker's key and source (official), or their removal (distro). */
function repositorySteps(settings: DockerSettings, facts: DockerFacts, host: HostContext): Step[] {
  if (settings.source === 'distro') {
    const leftovers = [facts.sources ? DOCKER_SOURCES : null, facts.keyring ? DOCKER_KEYRING : null].filter((path): path is string => path !== null);
    return leftovers.length === 0 ? [] : [{ kind: 'command', title: "Remove Docker's apt repository (source: distro)", command: sh`rm -f ${leftovers}` }];
  }
  const { id, codename } = host.os;
  return [
    ...installPackages(OFFICIAL_PREREQUISITES, facts.packages, facts.aptCacheAge, APT_CACHE_MAX_AGE),
    ...rootFile("Write Docker's apt signing key", DOCKER_KEYRING, DOCKER_KEY, facts.keyring),
    ...rootFile(`Add Docker's apt repository (${id} ${codename}, ${facts.architecture})`, DOCKER_SOURCES, dockerSources(id, codename, facts.architecture), facts.sources),
  ];
}

/** The engine and compose packages of the source. */
function packageSteps(settings: DockerSettings, facts: DockerFacts, wanted: readonly string[]): Step[] {
  if (settings.source === 'distro') return installPackages(wanted, facts.packages, facts.aptCacheAge, APT_CACHE_MAX_AGE);
  const missing = wanted.filter((name) => !facts.packages.has(name));
  if (missing.length === 0) return [];
  // Always refreshed: the repository may be new, and a cache fresh for the distribution's mirror says nothing about it.
  return [
    { kind: 'command', title: "Refresh the apt cache (Docker's repository)", command: aptUpdate() },
    { kind: 'command', title: `Install ${missing.join(', ')}`, command: aptInstall(missing) },
  ];
}

/** The group (when it was lost by hand) and the listed members not in it yet. */
function groupSteps(settings: DockerSettings, facts: DockerFacts, installing: boolean): Step[] {
  const steps: Step[] = [];
  // The packages create the group: only a host that has them but no group lost it by hand.
  if (facts.group === null && !installing) steps.push({ kind: 'command', title: `Create the ${GROUP} group`, command: sh`groupadd --system ${GROUP}` });
  for (const name of settings.users.filter((user) => !facts.group?.members.has(user))) {
    steps.push({ kind: 'command', title: `Add ${name} to the ${GROUP} group (root-equivalent; from ${name}'s next login)`, command: sh`usermod --append --groups ${GROUP} ${name}` });
  }
  return steps;
}

export const docker = defineModule({
  name: 'docker',
  description: 'Docker engine and compose, the docker group, daemon.json',
  requires: [],
  schema: dockerSchema,
  facts: (_settings: DockerSettings) => dockerFacts(),
  plan(settings: DockerSettings, facts, host) {
    const clash = OWNED_KEYS.filter((key) => key in settings.daemon_json);
    if (clash.length > 0) {
      throw new PlanRefusedError(
        `docker.daemon_json: ${clash.join(', ')} ${clash.length > 1 ? 'are' : 'is'} set by docker.log_max_size, log_max_file and address_pools: set ${clash.length > 1 ? 'them' : 'it'} there instead`,
      );
    }
    const official = settings.source === 'official';
    if (official) refuseUnsupported(facts.otherSources, host);
    const installed = facts.packages;
    const engine = official ? OFFICIAL_PACKAGES : distroPackages(host.os);
    const wanted = facts.appArmor ? [...engine, APPARMOR] : engine;
    const steps: Step[] = [];

    const conflicting = conflictingPackages(settings.source).filter((name) => installed.has(name));
    if (conflicting.length > 0) {
      const why = official ? "the distribution's Docker, replaced by Docker CE" : "Docker CE, replaced by the distribution's docker.io";
      steps.push({ kind: 'command', title: `Remove ${conflicting.join(', ')} (${why}; images and volumes in /var/lib/docker stay)`, command: aptRemove(conflicting) });
    }
    const dirs = (official ? [KEYRINGS_DIR, CONFIG_DIR] : [CONFIG_DIR]).filter((dir) => facts.directories.has(dir));
    if (dirs.length > 0) steps.push({ kind: 'command', title: `Create ${dirs.join(', ')}`, command: sh`install -d -m 0755 ${dirs}` });
    steps.push(...repositorySteps(settings, facts, host));
    // daemon.json before the packages: a fresh engine starts with it and needs no restart.
    const daemonSteps = daemonJsonSteps(settings, facts.daemonJson);
    steps.push(...daemonSteps, ...packageSteps(settings, facts, wanted));
    steps.push(...groupSteps(settings, facts, engine.some((name) => !installed.has(name))));

    // Only an engine that was there before this run: a fresh one is enabled by its package and reads the new file.
    const engineStays = installed.has(enginePackage(settings.source)) && conflicting.length === 0;
    if (engineStays && facts.enabled !== 'enabled') {
      steps.push({ kind: 'command', title: `Start docker at boot (systemctl says: ${facts.enabled || 'unknown'})`, command: sh`systemctl unmask ${SERVICE} && systemctl enable ${SERVICE}` });
    }
    // dockerd cannot reload log options or address pools: it restarts, and its containers with it.
    if (engineStays && daemonSteps.length > 0) {
      steps.push({
        kind: 'command',
        title: `Restart docker for the new ${DAEMON_JSON} (running containers stop and start again unless live-restore is set)`,
        command: sh`systemctl restart ${SERVICE}`,
      });
    }
    return steps;
  },
  health(settings: DockerSettings): HealthCheck[] {
    const compose: HealthCheck =
      settings.source === 'official'
        ? {
            title: 'docker compose version',
            command: sh`timeout ${CHECK_TIMEOUT} docker compose version`,
            hint: 'the compose v2 plugin does not run: `docker compose version` shows why; reinstall it with `apt-get install --reinstall docker-compose-plugin`',
          }
        : {
            title: 'docker compose version (or docker-compose version)',
            command: sh`timeout ${CHECK_TIMEOUT} docker compose version || timeout ${CHECK_TIMEOUT} docker-compose version`,
            hint: "neither `docker compose` nor `docker-compose` runs: reinstall the distribution's compose package (docker-compose-v2 on Ubuntu, docker-compose on Debian)",
          };
    return [
      {
        title: 'docker info',
        command: sh`timeout ${CHECK_TIMEOUT} docker info`,
        hint: 'the Docker daemon does not answer: `systemctl start docker` (stopped?), then `journalctl -u docker -n 50` for why it fails (a bad /etc/docker/daemon.json keeps it from starting)',
      },
      compose,
    ];
  },
});
