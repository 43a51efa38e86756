import { PlanRefusedError } from '../../src/engine/module.js';
import type { RemoteFile } from '../../src/engine/step.js';
import { networkText, type ClusterNetwork } from './cluster-network.js';
import { CONFIG_YAML, normalRange, parseInstalledConfig, type InstalledConfig } from './config-yaml.js';

/** The config.yaml on a host where k3s is installed; k3s's defaults when there is none. */
export function installedConfig(file: RemoteFile | null, host: string): InstalledConfig {
  const parsed = parseInstalledConfig(file?.content ?? '');
  if (parsed === null) {
    throw new PlanRefusedError(`k3s: ${CONFIG_YAML} on ${host} is not a YAML mapping, so the ranges its cluster runs with are unknown: correct it (or remove it if k3s runs with its defaults), then apply again`);
  }
  return parsed;
}

/**
 * Refuses new ranges for a server's running cluster: k3s cannot move pods, services and CoreDNS to other
 * ranges in place (servers that join with other ranges are refused too).
 */
export function refuseRangeChange(running: InstalledConfig, network: ClusterNetwork, host: string): void {
  const wanted = networkText(network);
  const changes = [
    { key: 'cluster-cidr', has: normalRange(running.clusterCidr), wants: wanted.clusterCidr, origin: network.origin.pods },
    { key: 'service-cidr', has: normalRange(running.serviceCidr), wants: wanted.serviceCidr, origin: network.origin.services },
    { key: 'cluster-dns', has: running.clusterDns.trim(), wants: wanted.clusterDns, origin: network.origin.dns },
  ].filter((change) => change.has !== change.wants);
  if (changes.length === 0) return;
  const listed = changes.map((c) => `${c.key} ${c.has} (the settings ask for ${c.wants}, from ${c.origin})`).join(', ');
  throw new PlanRefusedError(
    `k3s: ${host} runs a cluster with ${listed}, as ${CONFIG_YAML} says (or k3s's defaults, where it says nothing): k3s cannot change a running cluster's ranges; set k3s.cidr_preset, cluster_cidr, service_cidr and cluster_dns back to what runs, or rebuild the cluster (k3s-uninstall.sh on every node, then apply)`,
  );
}

/**
 * Refuses another token for a server that runs: its cluster data is encrypted with the token it started
 * with, and k3s does not take a new one from its config file.
 */
export function refuseTokenChange(running: InstalledConfig, token: string, host: string): void {
  if (running.token === null || running.token === token) return;
  throw new PlanRefusedError(
    `k3s.token differs from the token in ${CONFIG_YAML} on ${host}, which its running cluster was started with: k3s does not take a new token from its config file; keep the old one in k3s.token, or rotate it by hand (k3s token rotate, see k3s's documentation), write the new one into ${CONFIG_YAML}, then change k3s.token`,
  );
}
