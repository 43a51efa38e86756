import { defineModule } from '../../src/engine/module.js';
import { ensureFile, type Step } from '../../src/engine/step.js';
import { sh } from '../../src/shell/command.js';
import { Secret } from '../../src/shell/secret.js';
import { k3sSchema, type K3sSettings } from '../../schemas/modules/k3s.js';
import { installPackages } from '../apt-packages.js';
import { networkText } from './cluster-network.js';
import { CONFIG_DIR, CONFIG_YAML } from './config-yaml.js';
import { desired, type Desired } from './desired-state.js';
import { installerStep, INSTALLER_URL, START_WAIT_SECONDS, startStep, unitOf } from './installer.js';
import { serverHostName } from './join.js';
import { k3sFacts, wantsKubeconfig } from './k3s-facts.js';
import { k3sHealth } from './k3s-health.js';
import { k3sNotes } from './k3s-notes.js';
import { kubeconfigConverged, kubeconfigStep } from './kubeconfig.js';
import type { ReleaseChange } from './release-change.js';

const MAX_CACHE_AGE = 86_400;
/** The API server and supervisor (servers), etcd's client and peer ports (servers with etcd), the kubelet (every node). */
const API_PORT = 6443;
const ETCD_PORTS = [2379, 2380];
const KUBELET_PORT = 10250;
/** ServiceLB publishes Traefik's ports on every node unless one of the two is disabled. */
const INGRESS_PORTS = [80, 443];

/** The config.yaml step's title: the role, how it joins or keeps its data, and the ranges (never the token). */
function configTitle(settings: K3sSettings, desire: Desired): string {
  if (settings.role === 'agent') return `Write ${CONFIG_YAML} (agent of ${desire.join?.url}; token)`;
  const { clusterCidr, serviceCidr, clusterDns } = networkText(desire.network);
  const how = desire.join ? `server joining ${desire.join.url}` : settings.cluster_init ? 'first server, embedded etcd' : 'server, sqlite';
  return `Write ${CONFIG_YAML} (${how}; token; pods ${clusterCidr}, services ${serviceCidr}, dns ${clusterDns})`;
}

/** The installer step's title. */
function installerTitle(settings: K3sSettings, release: ReleaseChange): string {
  if (release.kind === 'upgrade') return `Upgrade k3s ${release.from} to ${settings.version} with its official installer (${INSTALLER_URL}; downloads k3s from GitHub)`;
  return `Install k3s ${settings.version} (${settings.role}) with its official installer (${INSTALLER_URL}; downloads k3s from GitHub)`;
}

export const k3s = defineModule({
  name: 'k3s',
  description: 'k3s (lightweight Kubernetes) server or agent by its official installer, at a pinned release',
  requires: [],
  schema: k3sSchema,
  facts: (settings: K3sSettings) => k3sFacts(settings),
  runsAfter(settings: K3sSettings) {
    const name = serverHostName(settings.server);
    return name === undefined ? [] : [name];
  },
  notes: (settings: K3sSettings, facts, host) => k3sNotes(settings, facts, host),
  plan(settings: K3sSettings, facts, host) {
    const desire = desired(settings, facts, host);
    const { release } = desire;
    const unit = unitOf(settings.role);
    const joins = desire.join?.url ?? null;
    const steps: Step[] = [];
    if (release.kind !== 'none') steps.push(...installPackages(['curl'], facts.packages, facts.aptCacheAge, MAX_CACHE_AGE));
    if (facts.config === null) steps.push({ kind: 'command', title: `Create ${CONFIG_DIR}`, command: sh`mkdir -p ${CONFIG_DIR}` });
    const configChanged = facts.config?.content !== desire.content;
    const config = { title: configTitle(settings, desire), path: CONFIG_YAML, content: new Secret(desire.content, settings.token.source), mode: '0600', owner: 'root', group: 'root' };
    steps.push(...ensureFile(config, facts.config));
    if (release.kind !== 'none') steps.push(installerStep(installerTitle(settings, release), settings.version, settings.role));

    // A first install starts; a running k3s restarts for a new binary or config; a stopped one stays stopped (notes say so).
    const active = (settings.role === 'server' ? facts.serverUnit : facts.agentUnit).active;
    if (release.kind === 'install') {
      steps.push(startStep(`Start ${unit} (waits until it is up, at most ${START_WAIT_SECONDS} s)`, settings.role, joins));
    } else if ((release.kind === 'upgrade' || configChanged) && active) {
      const why = [release.kind === 'upgrade' ? `k3s ${settings.version}` : '', configChanged ? 'the new config.yaml' : ''].filter(Boolean).join(' and ');
      steps.push(startStep(`Restart ${unit} for ${why} (waits until it is up, at most ${START_WAIT_SECONDS} s; running pods keep running)`, settings.role, joins));
    }

    if (wantsKubeconfig(settings) && !(facts.kubeconfig && kubeconfigConverged(facts.kubeconfig, settings.kubeconfig_user))) {
      steps.push(kubeconfigStep(settings.kubeconfig_user, settings.kubeconfig_server));
    }
    return steps;
  },
  ports(settings: K3sSettings) {
    const server = settings.role === 'server';
    const etcd = server && (settings.cluster_init || settings.server !== '');
    const ingress = !settings.disable.includes('traefik') && !settings.disable.includes('servicelb');
    return [...(server ? [API_PORT] : []), ...(etcd ? ETCD_PORTS : []), KUBELET_PORT, ...(ingress ? INGRESS_PORTS : [])];
  },
  health: (settings: K3sSettings) => k3sHealth(settings.role),
});
