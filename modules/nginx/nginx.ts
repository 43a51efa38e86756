import { aptCacheAgeFact } from '../../src/facts/apt-cache-age.js';
import { packagesFact } from '../../src/facts/packages.js';
import { defineModule, PlanRefusedError, type HealthCheck } from '../../src/engine/module.js';
import { ensureFile, type Step } from '../../src/engine/step.js';
import { sh } from '../../src/shell/command.js';
import { nginxSchema, type NginxSettings } from '../../schemas/modules/nginx.js';
import { installPackages } from '../apt-packages.js';
import { httpAnswerCheck } from './http-check.js';
import { nginxTestWith } from './nginx-test.js';
import { DEFAULT_SITE_LINK, defaultSiteFact, managedServerBlocksFact, NGINX_CONF, serverBlocksFact, SITES_ENABLED, sitesIncludedFact } from './nginx-facts.js';
import { serverBlockContent, serverBlockFile, serverBlockPath } from './server-block.js';
import { ensureEnabled, unitActiveCheck, unitStateFact } from './service-unit.js';

const UNIT = 'nginx.service';
/** curl is what the health checks ask with. */
const PACKAGES = ['nginx', 'curl'];
/** The port Debian's default site listens on. */
const DEFAULT_SITE_PORT = 80;

/** Tests the whole configuration as it now is, then reloads (a stopped nginx is started). */
const TEST_AND_RELOAD = sh`nginx -t -q && systemctl reload-or-restart nginx`;

/** TCP ports nginx listens on with these settings: the default site's 80 (unless removed) and every block's. */
export function nginxPorts(settings: NginxSettings): number[] {
  const ports = [...(settings.remove_default_site ? [] : [DEFAULT_SITE_PORT]), ...settings.servers.map((s) => s.listen)];
  return [...new Set(ports)].sort((a, b) => a - b);
}

export const nginx = defineModule({
  name: 'nginx',
  description: 'nginx web server, with server blocks (static files or a reverse proxy) checked by nginx -t',
  requires: [],
  schema: nginxSchema,
  facts: (settings: NginxSettings) => ({
    packages: packagesFact(PACKAGES),
    aptCacheAge: aptCacheAgeFact,
    unit: unitStateFact(UNIT),
    sitesIncluded: sitesIncludedFact,
    defaultSite: defaultSiteFact,
    managed: managedServerBlocksFact,
    serverBlocks: serverBlocksFact(settings.servers.map((server) => serverBlockFile(server.name))),
  }),
  plan(settings: NginxSettings, facts) {
    const names = settings.servers.map((server) => server.name);
    const twice = names.filter((name, i) => names.indexOf(name) !== i);
    if (twice.length > 0) {
      throw new PlanRefusedError(`nginx.servers: the name ${[...new Set(twice)].join(', ')} is used by more than one server block; each block needs its own name (it names the file phanes-NAME.conf)`);
    }
    if (settings.servers.length > 0 && facts.sitesIncluded === false) {
      throw new PlanRefusedError(`nginx: ${NGINX_CONF} on this host does not include ${SITES_ENABLED}/*, so the server blocks Phanes writes there would never load; restore the line \`include ${SITES_ENABLED}/*;\` in its http block`);
    }
    const steps: Step[] = installPackages(PACKAGES, facts.packages, facts.aptCacheAge, 86_400);

    // nginx's package creates the default site: on a host without nginx yet, it will be there to remove.
    if (settings.remove_default_site && (facts.defaultSite || !facts.packages.has('nginx'))) {
      steps.push({
        kind: 'command',
        title: "Remove Debian's default site",
        command: sh`rm -f ${DEFAULT_SITE_LINK} && ${TEST_AND_RELOAD}`,
      });
    }

    for (const server of settings.servers) {
      const target = server.proxy_pass !== undefined ? `proxy to ${server.proxy_pass}` : `files from ${server.root ?? ''}`;
      steps.push(
        ...ensureFile(
          {
            title: `Write the server block ${server.name} (${server.server_names.join(' ')} on port ${server.listen}: ${target})`,
            path: serverBlockPath(server.name),
            content: serverBlockContent(server),
            mode: '0644',
            owner: 'root',
            group: 'root',
            validate: (tmp) => nginxTestWith(serverBlockFile(server.name), tmp),
            reload: 'nginx',
          },
          facts.serverBlocks.get(serverBlockFile(server.name)) ?? null,
        ),
      );
    }

    const wanted = new Set(settings.servers.map((server) => serverBlockFile(server.name)));
    const stale = facts.managed.filter((file) => !wanted.has(file));
    if (stale.length > 0) {
      steps.push({
        kind: 'command',
        title: `Remove the server block${stale.length > 1 ? 's' : ''} Phanes no longer manages: ${stale.join(', ')}`,
        command: sh`rm -f ${stale.map((file) => `${SITES_ENABLED}/${file}`)} && ${TEST_AND_RELOAD}`,
      });
    }

    steps.push(...ensureEnabled('nginx', UNIT, facts.unit));
    return steps;
  },
  ports: (settings: NginxSettings) => nginxPorts(settings),
  health(settings: NginxSettings): HealthCheck[] {
    return [
      unitActiveCheck(UNIT, 'nginx'),
      ...nginxPorts(settings).map((port) =>
        httpAnswerCheck(
          `nginx answers HTTP on port ${port}`,
          `http://127.0.0.1:${port}/`,
          `nothing answers HTTP on 127.0.0.1:${port}: is nginx running (\`systemctl status nginx\`)? \`nginx -T\` shows which blocks listen where, \`ss -ltnp\` who holds the port, /var/log/nginx/error.log why a request failed`,
        ),
      ),
    ];
  },
});
