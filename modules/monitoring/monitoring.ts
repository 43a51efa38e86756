import { aptCacheAgeFact } from '../../src/facts/apt-cache-age.js';
import { fileFact } from '../../src/facts/file.js';
import { packagesFact } from '../../src/facts/packages.js';
import { defineModule, PlanRefusedError, type HealthCheck } from '../../src/engine/module.js';
import { ensureFile, type Step } from '../../src/engine/step.js';
import { monitoringSchema, type MonitoringSettings } from '../../schemas/modules/monitoring.js';
import { sh } from '../../src/shell/command.js';
import { installPackages } from '../apt-packages.js';
import { httpAnswerCheck } from '../nginx/http-check.js';
import { ensureEnabled, unitActiveCheck, unitStateFact } from '../nginx/service-unit.js';
import { apiAddress, NETDATA_CONF, netdataConfContent } from './netdata-conf.js';
import { installerStep, isPinnedVersion } from './netdata-installer.js';

const UNIT = 'netdata.service';
/** Netdata's statsd server listens here (TCP and UDP, on localhost) unless turned off in its own config. */
const STATSD_PORT = 8125;
const MAX_CACHE_AGE = 86_400;
/** How long the API may take to answer after Netdata (re)started. */
const API_WAIT_SECONDS = 10;

/** TCP ports Netdata listens on: the dashboard and API, and statsd. */
export function monitoringPorts(settings: MonitoringSettings): number[] {
  return [...new Set([settings.port, STATSD_PORT])].sort((a, b) => a - b);
}

export const monitoring = defineModule({
  name: 'monitoring',
  description: 'Netdata: real-time metrics dashboard and API, from the distribution or the official installer',
  requires: [],
  schema: monitoringSchema,
  facts: () => ({
    // curl: the installer downloads with it, the health check asks with it.
    packages: packagesFact(['netdata', 'curl']),
    aptCacheAge: aptCacheAgeFact,
    unit: unitStateFact(UNIT),
    config: fileFact(NETDATA_CONF),
  }),
  plan(settings: MonitoringSettings, facts) {
    const steps: Step[] = [];
    if (settings.source === 'distro') {
      steps.push(...installPackages(['netdata', 'curl'], facts.packages, facts.aptCacheAge, MAX_CACHE_AGE));
    } else {
      if (settings.installer_version === '') {
        throw new PlanRefusedError('monitoring.installer_version: source is installer, so set the Netdata release to install, e.g. 1.44.3 (Phanes pins it so every host gets the same one)');
      }
      steps.push(...installPackages(['curl'], facts.packages, facts.aptCacheAge, MAX_CACHE_AGE));
      const installed = facts.packages.get('netdata');
      if (!isPinnedVersion(installed, settings.installer_version)) steps.push(installerStep(settings, installed));
    }
    steps.push(
      ...ensureFile(
        {
          title: `Write netdata.conf (listen on ${settings.bind}:${settings.port})`,
          path: NETDATA_CONF,
          content: netdataConfContent(settings),
          mode: '0644',
          owner: 'root',
          group: 'root',
          // Netdata has no config checker and no reload: its unit has no ExecReload, so systemd restarts it
          // (reload-or-restart), which a new listen address needs anyway. Only ever after a change.
          reload: 'netdata',
        },
        facts.config,
      ),
      ...ensureEnabled('monitoring', UNIT, facts.unit),
    );
    return steps;
  },
  ports: (settings: MonitoringSettings) => monitoringPorts(settings),
  health(settings: MonitoringSettings): HealthCheck[] {
    const address = apiAddress(settings);
    const api = httpAnswerCheck(
      `Netdata's API answers on ${address}:${settings.port}`,
      `http://${address}:${settings.port}/api/v1/info`,
      `no answer from http://${address}:${settings.port}/api/v1/info: is Netdata running (\`systemctl status netdata\`, \`journalctl -u netdata -n 50\`)? \`ss -ltnp\` shows where it listens`,
      // Netdata's unit is Type=simple: systemctl returns before its web server listens.
      { successOnly: true, waitSeconds: API_WAIT_SECONDS },
    );
    return [
      unitActiveCheck(UNIT, 'Netdata'),
      // Waiting only makes sense while the service is up: a stopped one fails at once.
      { ...api, command: sh`systemctl is-active --quiet ${UNIT} && ${api.command}` },
    ];
  },
});
