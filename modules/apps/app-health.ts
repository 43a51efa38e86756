import type { HealthCheck } from '../../src/engine/module.js';
import { sh } from '../../src/shell/command.js';
import type { AppSettings } from '../../schemas/modules/apps.js';

/** Seconds a check waits for containers to come up (and their healthchecks to pass) after a deploy. */
const WAIT_SECONDS = 60;
/** Seconds one HTTP request may take. */
const HTTP_TIMEOUT_SECONDS = 5;

/**
 * Every container of the project is up, and healthy where it has a healthcheck (`Up ... (healthy)`); a
 * starting healthcheck is waited for. Prints the containers that are not, as `SERVICE: STATUS`.
 */
export function servicesCheck(name: string): HealthCheck {
  return {
    title: `app ${name}: every service running (healthy where it has a healthcheck)`,
    command: sh`i=0
while :; do
  out=$(docker ps -a --filter label=com.docker.compose.project=${name} --format '{{.Label "com.docker.compose.service"}}: {{.Status}}') || exit 1
  bad=$(printf '%s\\n' "$out" | grep -v -E ': Up .*' || :)
  bad="$bad$(printf '%s\\n' "$out" | grep -E '\\((unhealthy|health: starting)\\)' || :)"
  if [ -n "$out" ] && [ -z "$bad" ]; then exit 0; fi
  i=$((i + 2)); if [ $i -gt ${WAIT_SECONDS} ]; then break; fi
  sleep 2
done
if [ -z "$out" ]; then echo "no container of project ${name}"; else printf '%s\\n' "$bad"; fi
exit 1`,
    hint: `a service of ${name} is not running or not healthy: \`docker compose -p ${name} ps\` and \`docker compose -p ${name} logs --tail 50\` (docker-compose on Debian 12) in its directory show why`,
  };
}

/** curl on the host: the URL answers with the expected status (retried while the app starts). */
export function httpCheck(name: string, http: NonNullable<AppSettings['http']>): HealthCheck {
  return {
    title: `app ${name}: ${http.url} answers ${http.status}`,
    command: sh`i=0
while :; do
  code=$(curl -sS -o /dev/null -w '%{http_code}' --max-time ${HTTP_TIMEOUT_SECONDS} ${http.url} 2>&1) && [ "$code" = ${String(http.status)} ] && exit 0
  i=$((i + 2)); if [ $i -gt ${WAIT_SECONDS} ]; then break; fi
  sleep 2
done
echo "answered: $code"; exit 1`,
    hint: `${http.url} did not answer ${http.status}: check the port the compose file publishes (\`docker ps\`), the app's logs (\`docker logs\`), and that curl is installed on the host`,
  };
}
