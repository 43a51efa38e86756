import { PlanRefusedError, type HostContext } from '../../src/engine/module.js';
import type { K3sSettings } from '../../schemas/modules/k3s.js';
import { clusterNetwork, networkText, type ClusterNetwork } from './cluster-network.js';

/** Where k3s servers take joiners (the supervisor and the API server share it). */
export const SERVER_PORT = 6443;

/** The server a host joins: its URL, and the inventory host behind it when named by host name. */
export interface JoinTarget {
  readonly url: string;
  readonly peer?: { readonly name: string; readonly settings: K3sSettings };
}

/** The inventory host `server` names, or undefined when it is empty or a URL. */
export function serverHostName(server: string): string | undefined {
  return server === '' || server.startsWith('https://') ? undefined : server;
}

/** `https://ADDRESS:6443`, an IPv6 address in brackets. */
export function serverUrl(address: string): string {
  return `https://${address.includes(':') ? `[${address}]` : address}:${SERVER_PORT}`;
}

/** Whether a server keeps the cluster in sqlite (first server without cluster_init), which holds one server only. */
function usesSqlite(settings: K3sSettings): boolean {
  return settings.role === 'server' && settings.server === '' && !settings.cluster_init;
}

/**
 * The server this host joins, or null for the first server. A host name must be another inventory host
 * running k3s as a server (its URL: its advertise_address, else its inventory address); a server joining
 * one needs embedded etcd there.
 */
export function joinTarget(settings: K3sSettings, host: HostContext): JoinTarget | null {
  if (settings.server === '') {
    if (settings.role === 'server') return null;
    throw new PlanRefusedError(`k3s.server: ${host.host} is an agent, which joins a server: name the server's inventory host (server: cp1) or give its URL (server: https://10.0.0.1:6443)`);
  }
  const name = serverHostName(settings.server);
  if (name === undefined) return { url: settings.server };
  if (name === host.host) {
    throw new PlanRefusedError(`k3s.server names ${host.host} itself: leave server empty on the first server (it starts the cluster) and name it on the hosts that join`);
  }
  const peer = host.peers.get(name);
  if (peer === undefined) throw new PlanRefusedError(`k3s.server names ${name}, which is not an inventory host: correct the name, or give the server's URL`);
  const peerSettings = peer.settings['k3s'] as K3sSettings | undefined;
  if (!peer.modules.includes('k3s') || peerSettings === undefined || peerSettings.role !== 'server') {
    const runs = peer.modules.includes('k3s') ? 'runs k3s as an agent' : 'does not run the k3s module';
    throw new PlanRefusedError(`k3s.server names ${name}, which ${runs}: name a host with k3s role server, or give the server's URL`);
  }
  if (settings.role === 'server' && usesSqlite(peerSettings)) {
    throw new PlanRefusedError(
      `k3s: ${host.host} joins ${name} as a server, but ${name} keeps the cluster in sqlite (k3s.cluster_init is false there), which holds one server only: set cluster_init: true on ${name} (k3s moves a running sqlite cluster to etcd when it restarts with it), or make ${host.host} an agent`,
    );
  }
  return { url: serverUrl(peerSettings.advertise_address || peer.address), peer: { name, settings: peerSettings } };
}

/**
 * Refuses a host whose token or ranges differ from those of the server it names: k3s refuses a joiner with
 * another token, and a server with other ranges ("critical configuration value mismatch").
 */
export function refuseOtherCluster(settings: K3sSettings, network: ClusterNetwork, join: JoinTarget | null, host: HostContext): void {
  if (!join?.peer) return;
  const { name, settings: theirs } = join.peer;
  let theirNetwork: ClusterNetwork;
  try {
    theirNetwork = clusterNetwork(theirs);
  } catch (error) {
    if (!(error instanceof PlanRefusedError)) throw error;
    throw new PlanRefusedError(`k3s: ${name}, which ${host.host} joins, has settings Phanes refuses: ${error.message}`);
  }
  const [mine, their] = [networkText(network), networkText(theirNetwork)];
  const differ: string[] = [];
  if (settings.token.reveal() !== theirs.token.reveal()) differ.push('token');
  if (JSON.stringify(mine) !== JSON.stringify(their)) {
    differ.push(`ranges (here pods ${mine.clusterCidr}, services ${mine.serviceCidr}, dns ${mine.clusterDns}; there ${their.clusterCidr}, ${their.serviceCidr}, ${their.clusterDns})`);
  }
  if (differ.length === 0) return;
  throw new PlanRefusedError(
    `k3s: ${host.host} joins ${name}, but its ${differ.join(' and its ')} ${differ.length > 1 ? 'differ' : 'differs'} from ${name}'s: every host of a cluster needs the same; set k3s.token, cidr_preset, cluster_cidr, service_cidr and cluster_dns once, in the vars of a group holding them all`,
  );
}
