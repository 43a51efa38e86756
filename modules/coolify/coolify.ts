import { aptCacheAgeFact } from '../../src/facts/apt-cache-age.js';
import { packagesFact } from '../../src/facts/packages.js';
import { defineModule, PlanRefusedError, type HealthCheck } from '../../src/engine/module.js';
import type { Step } from '../../src/engine/step.js';
import { sh, type ShellText } from '../../src/shell/command.js';
import { coolifySchema, type CoolifySettings } from '../../schemas/modules/coolify.js';
import { installPackages } from '../apt-packages.js';
import { coolifyInstallationFact } from './installation-fact.js';
import { compareReleases, parseRelease } from './release-version.js';

/** Coolify's official installer; it takes the release to install as its first argument. */
export const INSTALLER_URL = 'https://cdn.coollabs.io/coolify/install.sh';
/** Coolify's web UI and API. */
export const WEB_PORT = 8000;
/**
 * Every port Coolify's containers publish: the UI (8000), realtime (6001) and terminal (6002) websockets,
 * and its Traefik proxy (80, 443, and 8080 for the proxy's dashboard), started on the host by Coolify itself.
 */
export const PORTS: readonly number[] = [80, 443, WEB_PORT, 6001, 6002, 8080];
/** The oldest engine Coolify's installer accepts. */
const MIN_DOCKER_MAJOR = 24;

/**
 * Checks what the installer needs and would otherwise break, then runs it. It fails early, saying which
 * docker setting to change, rather than let the installer stop halfway or rewrite daemon.json (which the
 * docker module owns: it would undo the change on the next apply and restart docker).
 */
function installCommand(version: string): ShellText {
  return sh`docker compose version >/dev/null 2>&1 || { echo 'coolify: Coolify needs the compose v2 plugin (docker compose); set docker.source: official' >&2; exit 1; }
engine=$(docker version --format '{{.Server.Version}}' 2>/dev/null || true)
major=$(printf '%s' "$engine" | cut -d. -f1)
[ "$major" -ge ${MIN_DOCKER_MAJOR} ] 2>/dev/null || { echo "coolify: Coolify needs Docker ${MIN_DOCKER_MAJOR} or newer; the engine reports: $engine (empty: not running)" >&2; exit 1; }
grep -q '"default-address-pools"' /etc/docker/daemon.json 2>/dev/null || { echo 'coolify: set docker.address_pools (Coolify wants [{base: 10.0.0.0/8, size: 24}]): without them its installer rewrites /etc/docker/daemon.json, which the docker module owns' >&2; exit 1; }
installer=$(mktemp)
trap 'rm -f "$installer"' EXIT
curl -fsSL --retry 3 -o "$installer" ${INSTALLER_URL}
AUTOUPDATE=false bash "$installer" ${version}`;
}

export const coolify = defineModule({
  name: 'coolify',
  description: 'Coolify (self-hosted PaaS) by its official installer, at a pinned release',
  requires: ['docker'],
  schema: coolifySchema,
  facts: () => ({
    installation: coolifyInstallationFact,
    packages: packagesFact(['curl']),
    aptCacheAge: aptCacheAgeFact,
  }),
  plan(settings: CoolifySettings, facts, host) {
    const wanted = settings.version;
    const installation = facts.installation;
    let title: string;
    if (!installation.installed) {
      title = `Install Coolify ${wanted} with its official installer (${INSTALLER_URL}; pulls its images, takes minutes)`;
    } else {
      const current = installation.version;
      // Installed, but docker does not answer and the .env names no version: health says what is wrong.
      if (current === null || current === wanted) return [];
      const [have, want] = [parseRelease(current), parseRelease(wanted)];
      if (have === null || want === null) {
        throw new PlanRefusedError(`coolify: ${host.host} runs Coolify "${current}", which cannot be compared with coolify.version ${wanted}: set coolify.version to the release it runs`);
      }
      const order = compareReleases(have, want);
      if (order === 0) return [];
      if (order > 0) {
        throw new PlanRefusedError(
          `coolify: ${host.host} runs Coolify ${current}, newer than coolify.version ${wanted} (updated from its UI?); Phanes does not downgrade: set coolify.version: ${current}`,
        );
      }
      title = `Upgrade Coolify ${current} to ${wanted} with its official installer (${INSTALLER_URL}; its containers restart)`;
    }
    const steps: Step[] = installPackages(['curl'], facts.packages, facts.aptCacheAge, 86_400);
    steps.push({ kind: 'command', title, command: installCommand(wanted) });
    return steps;
  },
  ports: () => PORTS,
  health(): HealthCheck[] {
    return [
      {
        title: `Coolify answers on port ${WEB_PORT}`,
        command: sh`curl -fsS -o /dev/null --max-time 10 ${`http://127.0.0.1:${WEB_PORT}/api/health`}`,
        hint: `nothing answers on http://127.0.0.1:${WEB_PORT}/api/health: \`docker ps -a\` should show coolify, coolify-db, coolify-redis and coolify-realtime up; \`docker logs coolify\` says why one is not; the docker module's own health checks must pass first`,
      },
    ];
  },
});
