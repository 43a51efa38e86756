import type { HealthCheck } from '../../src/engine/module.js';
import { sh, type ShellText } from '../../src/shell/command.js';
import type { AppSettings } from '../../schemas/modules/apps.js';

/** Seconds a check waits for containers to come up (and their healthchecks to pass) after a deploy. */
const WAIT_SECONDS = 60;
/** Retries of a refused connection, a second apart: an app opens its port a moment after its container starts. */
const HTTP_RETRIES = 5;
/** Seconds one HTTP request may take. */
const HTTP_TIMEOUT_SECONDS = 5;

/**
 * Every container of the project is up, and healthy where it has a healthcheck (`Up ... (healthy)`). Prints
 * the containers that are not, as `SERVICE: STATUS`. No waiting here (it also runs in every probe): the
 * deploy step waits for the project to settle.
 */
export function servicesCheck(name: string): HealthCheck {
  return {
    title: `app ${name}: every service running (healthy where it has a healthcheck)`,
    command: sh`out=$(${projectStatus(name)})
bad=$(printf '%s\\n' "$out" | grep -v -E ': Up ' || :)$(printf '%s\\n' "$out" | grep -E '\\((unhealthy|health: starting)\\)' || :)
if [ -z "$out" ]; then echo no container of project ${name}; exit 1; fi
if [ -n "$bad" ]; then printf '%s\\n' "$bad"; exit 1; fi`,
    hint: `a service of ${name} is not running or not healthy: \`docker compose -p ${name} ps\` and \`docker compose -p ${name} logs --tail 50\` (docker-compose on Debian 12) in its directory show why`,
  };
}

/** `SERVICE: STATUS` of each container of a compose project, as `docker ps` prints its status. */
export function projectStatus(name: string): ShellText {
  return sh`docker ps -a --filter label=com.docker.compose.project=${name} --format '{{.Label "com.docker.compose.service"}}: {{.Status}}'`;
}

/**
 * Run after `compose up`: waits (at most WAIT_SECONDS) while a container is still starting, restarting or
 * has a healthcheck starting, so the health check that follows sees the settled state. Never fails itself.
 */
export function waitForProject(name: string): ShellText {
  return sh`i=0
while [ $i -lt ${WAIT_SECONDS} ] && ${projectStatus(name)} | grep -q -E ': (Created|Restarting)|health: starting'; do sleep 2; i=$((i + 2)); done`;
}

/** curl on the host: the URL answers with the expected status (retried while the app starts). */
export function httpCheck(name: string, http: NonNullable<AppSettings['http']>): HealthCheck {
  return {
    title: `app ${name}: ${http.url} answers ${http.status}`,
    command: sh`code=$(curl -sS -o /dev/null -w '%{http_code}' --max-time ${HTTP_TIMEOUT_SECONDS} --retry ${HTTP_RETRIES} --retry-delay 1 --retry-connrefused ${http.url} 2>&1) || :
if [ "$code" != ${String(http.status)} ]; then echo "answered: $code"; exit 1; fi`,
    hint: `${http.url} did not answer ${http.status}: check the port the compose file publishes (\`docker ps\`), the app's logs (\`docker logs\`), and that curl is installed on the host`,
  };
}
