import { PlanRefusedError } from '../../src/engine/module.js';
import { formatCidr, overlaps } from './cidr.js';
import type { ClusterNetwork } from './cluster-network.js';
import type { HostNetwork } from './host-networks-fact.js';

/** The settings to change for a range, by where it came from. */
function settingFor(kind: 'pod' | 'service', origin: string): string {
  const own = kind === 'pod' ? 'k3s.cluster_cidr' : 'k3s.service_cidr';
  return origin.startsWith('cidr_preset') ? `${own} (or k3s.cidr_preset)` : own;
}

/**
 * Refuses pod and service ranges that overlap a network of the host (an address's network or a route's
 * destination): flannel's routes and kube-proxy's rules would take that network's traffic for the cluster.
 */
export function refuseHostOverlap(network: ClusterNetwork, hostNetworks: readonly HostNetwork[], host: string): void {
  const ranges = [
    { kind: 'pod' as const, cidr: network.pods, origin: network.origin.pods },
    { kind: 'service' as const, cidr: network.services, origin: network.origin.services },
  ];
  for (const range of ranges) {
    const clash = hostNetworks.find((candidate) => overlaps(range.cidr, candidate.cidr));
    if (clash === undefined) continue;
    throw new PlanRefusedError(
      `k3s: the ${range.kind} range ${formatCidr(range.cidr)} (${range.origin}) overlaps ${formatCidr(clash.cidr)}, a network of ${host} (${clash.where}): the cluster would take its traffic; set ${settingFor(range.kind, range.origin)} to a range ${host} does not use`,
    );
  }
}
