import { PlanRefusedError } from '../../src/engine/module.js';
import type { K3sSettings } from '../../schemas/modules/k3s.js';
import { formatAddress, formatCidr, nthAddress, overlaps, parseAddress, parseCidr, sizeOf, type Cidr } from './cidr.js';

export type CidrPreset = K3sSettings['cidr_preset'];

/** The settings that decide a cluster's ranges. */
export type NetworkSettings = Pick<K3sSettings, 'cidr_preset' | 'cluster_cidr' | 'service_cidr' | 'cluster_dns'>;

/** Where the presets start: k3s's own default ranges (10.42.0.0/16 for pods, 10.43.0.0/16 for services). */
export const POD_BASE = '10.42.0.0';
export const SERVICE_BASE = '10.43.0.0';
/** Prefix length of both ranges, by preset. */
export const PRESET_PREFIX: Readonly<Record<CidrPreset, number>> = { small: 24, medium: 20, large: 16 };

/** The per-node pod range kube-controller-manager hands out by default (node-cidr-mask-size). */
export const DEFAULT_NODE_MASK = 24;
/**
 * The smallest per-node range that still holds the kubelet's default 110 pods: a /25 has 128 addresses, of
 * which flannel's bridge (cni0) takes the first, and the network and broadcast addresses two more.
 */
export const SMALLEST_NODE_MASK = 25;
/** CoreDNS's address in the service range when cluster_dns is empty (k3s: 10.43.0.10 in 10.43.0.0/16). */
export const DNS_INDEX = 10;

/** A cluster's ranges, and which setting each came from (for messages). */
export interface ClusterNetwork {
  readonly pods: Cidr;
  readonly services: Cidr;
  /** CoreDNS's service address. */
  readonly dns: number;
  /** Prefix length of each node's share of `pods`. */
  readonly nodeMask: number;
  readonly origin: { readonly pods: string; readonly services: string; readonly dns: string };
}

/**
 * Each node's share of the pod range: k3s's /24 when the range holds two or more of them; in a /24 or /25,
 * a /25 (a /24 node share in a /24 range would leave room for one node only).
 */
export function nodeMaskFor(podPrefix: number): number {
  return podPrefix < DEFAULT_NODE_MASK ? DEFAULT_NODE_MASK : SMALLEST_NODE_MASK;
}

/** How many nodes a pod range holds, each taking its node share. */
export function nodesHeld(network: Pick<ClusterNetwork, 'pods' | 'nodeMask'>): number {
  return 2 ** (network.nodeMask - network.pods.prefix);
}

/** The range of an explicit setting, refused when its host bits are set; else the preset's. */
function rangeOf(setting: 'cluster_cidr' | 'service_cidr', explicit: string, base: string, preset: CidrPreset): { cidr: Cidr; origin: string } {
  if (explicit === '') return { cidr: { base: parseAddress(base)!, prefix: PRESET_PREFIX[preset] }, origin: `cidr_preset ${preset}` };
  const parsed = parseCidr(explicit);
  if (parsed === null) throw new PlanRefusedError(`k3s.${setting} ${explicit} is not an IPv4 range (A.B.C.D/N)`);
  if (!parsed.exact) {
    throw new PlanRefusedError(`k3s.${setting} ${explicit} is not a network address (host bits are set): write ${formatCidr(parsed.cidr)}`);
  }
  return { cidr: parsed.cidr, origin: setting };
}

/** CoreDNS's address when cluster_dns is empty: the service range's 10th address, as text. */
export function defaultDns(services: Cidr): string {
  return formatAddress(nthAddress(services, DNS_INDEX));
}

/**
 * The cluster's ranges from the settings, refused when pods and services overlap or CoreDNS's address is
 * not a usable address of the service range; each message names the setting to change.
 */
export function clusterNetwork(settings: NetworkSettings): ClusterNetwork {
  const pods = rangeOf('cluster_cidr', settings.cluster_cidr, POD_BASE, settings.cidr_preset);
  const services = rangeOf('service_cidr', settings.service_cidr, SERVICE_BASE, settings.cidr_preset);
  if (overlaps(pods.cidr, services.cidr)) {
    throw new PlanRefusedError(
      `k3s: the pod range ${formatCidr(pods.cidr)} (${pods.origin}) and the service range ${formatCidr(services.cidr)} (${services.origin}) overlap: set k3s.cluster_cidr or k3s.service_cidr so that neither holds the other (the presets never overlap)`,
    );
  }
  let dns = nthAddress(services.cidr, DNS_INDEX);
  let dnsOrigin = `the 10th address of ${services.origin}`;
  if (settings.cluster_dns !== '') {
    dns = parseAddress(settings.cluster_dns)!;
    dnsOrigin = 'cluster_dns';
    const offset = dns - services.cidr.base;
    // The network's own address, the kubernetes API service's (the first) and the last are not for services.
    if (offset < 2 || offset > sizeOf(services.cidr.prefix) - 2) {
      throw new PlanRefusedError(
        `k3s.cluster_dns ${settings.cluster_dns} is not a service address of the service range ${formatCidr(services.cidr)} (${services.origin}): give one inside it past its first two addresses, or leave cluster_dns empty for ${defaultDns(services.cidr)}`,
      );
    }
  }
  return {
    pods: pods.cidr,
    services: services.cidr,
    dns,
    nodeMask: nodeMaskFor(pods.cidr.prefix),
    origin: { pods: pods.origin, services: services.origin, dns: dnsOrigin },
  };
}

/** The ranges as config.yaml writes them, for comparisons. */
export function networkText(network: ClusterNetwork): { clusterCidr: string; serviceCidr: string; clusterDns: string } {
  return { clusterCidr: formatCidr(network.pods), serviceCidr: formatCidr(network.services), clusterDns: formatAddress(network.dns) };
}
