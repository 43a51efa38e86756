import { PlanRefusedError, type HostContext } from '../../src/engine/module.js';
import type { K3sSettings } from '../../schemas/modules/k3s.js';
import { clusterNetwork, type ClusterNetwork } from './cluster-network.js';
import { configContent } from './config-yaml.js';
import { refuseHostOverlap } from './host-overlap.js';
import { joinTarget, refuseOtherCluster, type JoinTarget } from './join.js';
import type { K3sFacts } from './k3s-facts.js';
import { releaseChange, type ReleaseChange } from './release-change.js';
import { installedConfig, refuseRangeChange, refuseTokenChange } from './running-cluster.js';

/** What the settings ask of a host, given its facts: the server it joins, its ranges, config.yaml, the release change. */
export interface Desired {
  readonly join: JoinTarget | null;
  readonly network: ClusterNetwork;
  readonly content: string;
  readonly release: ReleaseChange;
}

/** The token as config.yaml takes it: refused when empty or when a newline or NUL would cut it. */
function tokenOf(settings: K3sSettings): string {
  const token = settings.token.reveal();
  if (token === '') throw new PlanRefusedError('k3s.token is empty: give every host of the cluster the same secret reference (${env:NAME} or ${file:PATH})');
  if (/[\r\n\0]/.test(token)) throw new PlanRefusedError('k3s.token contains a newline or NUL character, which k3s would cut: choose another token');
  return token;
}

/** Refuses turning a server into an agent or back: the installer would leave both units on the host. */
function refuseRoleChange(role: K3sSettings['role'], facts: K3sFacts, host: string): void {
  const other = role === 'server' ? facts.agentUnit : facts.serverUnit;
  if (!other.active && !other.enabled) return;
  const [runs, uninstall] = role === 'server' ? ['an agent (k3s-agent)', 'k3s-agent-uninstall.sh'] : ['a server (k3s)', 'k3s-uninstall.sh'];
  throw new PlanRefusedError(`k3s.role is ${role}, but ${host} runs k3s as ${runs}: Phanes does not turn one into the other; set role back, or remove k3s first (${uninstall}), then apply`);
}

/**
 * Everything plan and notes derive from the settings and facts, every refusal included (PlanRefusedError):
 * the token, the role, the server to join, the ranges against each other, the peer and the host's networks,
 * the release change, and a running server's ranges and token.
 */
export function desired(settings: K3sSettings, facts: K3sFacts, host: HostContext): Desired {
  const token = tokenOf(settings);
  refuseRoleChange(settings.role, facts, host.host);
  const join = joinTarget(settings, host);
  const network = clusterNetwork(settings);
  refuseOtherCluster(settings, network, join, host);
  refuseHostOverlap(network, [...facts.addresses, ...facts.routes], host.host);
  const release = releaseChange(facts.version, settings.version, host.host);
  const server = settings.role === 'server';
  if (facts.version !== null && server) {
    const running = installedConfig(facts.config, host.host);
    refuseRangeChange(running, network, host.host);
    refuseTokenChange(running, token, host.host);
  }
  const content = configContent({
    role: settings.role,
    joins: join?.url ?? null,
    clusterInit: settings.cluster_init,
    token,
    advertiseAddress: server ? settings.advertise_address : '',
    tlsSan: server ? settings.tls_san : [],
    disable: server ? settings.disable : [],
    network,
    nodeLabels: settings.node_labels,
    nodeTaints: settings.node_taints,
  });
  return { join, network, content, release };
}
