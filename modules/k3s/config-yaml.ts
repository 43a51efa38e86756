import { parse } from 'yaml';
import { formatCidr, parseCidr } from './cidr.js';
import { DEFAULT_NODE_MASK, defaultDns, networkText, type ClusterNetwork } from './cluster-network.js';

/** k3s's configuration file: read at every start of `k3s server` and `k3s agent`, key by key as their flags. */
export const CONFIG_DIR = '/etc/rancher/k3s';
export const CONFIG_YAML = `${CONFIG_DIR}/config.yaml`;

/** k3s's ranges when its configuration names none. */
const K3S_DEFAULT_CLUSTER_CIDR = '10.42.0.0/16';
const K3S_DEFAULT_SERVICE_CIDR = '10.43.0.0/16';

/** What Phanes writes into config.yaml. */
export interface K3sConfig {
  readonly role: 'server' | 'agent';
  /** The server URL this host joins; null on the first server. */
  readonly joins: string | null;
  /** First server only: embedded etcd instead of sqlite. */
  readonly clusterInit: boolean;
  readonly token: string;
  /** Servers only. */
  readonly advertiseAddress: string;
  readonly tlsSan: readonly string[];
  readonly disable: readonly string[];
  readonly network: ClusterNetwork;
  /** Every node. */
  readonly nodeLabels: readonly string[];
  readonly nodeTaints: readonly string[];
}

/** A YAML double-quoted scalar: JSON's string syntax is valid YAML (1.1 and 1.2), escapes and all. */
const quoted = (value: string) => JSON.stringify(value);

function list(key: string, values: readonly string[]): string[] {
  return values.length === 0 ? [] : [`${key}:`, ...values.map((value) => `  - ${quoted(value)}`)];
}

/**
 * config.yaml's whole text. An agent gets only agent flags: `k3s agent` drops no unknown key from its config
 * file (only `k3s server` does), it refuses to start on one. The file holds the token: 0600 root, never shown.
 */
export function configContent(config: K3sConfig): string {
  const lines = ['# Written by Phanes (k3s module): changes here are overwritten.', '# k3s reads it at every start, each key as the command-line flag of the same name.'];
  if (config.joins !== null) lines.push(`server: ${quoted(config.joins)}`);
  else if (config.role === 'server' && config.clusterInit) lines.push('cluster-init: true');
  lines.push(`token: ${quoted(config.token)}`);
  if (config.role === 'server') {
    const { clusterCidr, serviceCidr, clusterDns } = networkText(config.network);
    if (config.advertiseAddress !== '') lines.push(`advertise-address: ${quoted(config.advertiseAddress)}`);
    lines.push(...list('tls-san', config.tlsSan));
    lines.push(`cluster-cidr: ${quoted(clusterCidr)}`, `service-cidr: ${quoted(serviceCidr)}`, `cluster-dns: ${quoted(clusterDns)}`);
    if (config.network.nodeMask !== DEFAULT_NODE_MASK) lines.push(...list('kube-controller-manager-arg', [`node-cidr-mask-size=${config.network.nodeMask}`]));
    lines.push(...list('disable', config.disable));
  }
  lines.push(...list('node-label', config.nodeLabels), ...list('node-taint', config.nodeTaints));
  return lines.join('\n') + '\n';
}

/** What plan compares in the config.yaml on the host: the cluster's ranges (k3s's defaults when absent) and the token. */
export interface InstalledConfig {
  readonly clusterCidr: string;
  readonly serviceCidr: string;
  readonly clusterDns: string;
  /** Null when the file names none (k3s then made one up, in /var/lib/rancher/k3s/server/token). */
  readonly token: string | null;
  readonly nodeLabels: readonly string[];
  readonly nodeTaints: readonly string[];
}

/** A flag's value as k3s reads it (a list, as in dual-stack ranges, is comma-joined); undefined when absent. */
function flag(document: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = document[key];
    if (value === undefined || value === null) continue;
    return Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return undefined;
}

/** A list flag's items (one value counts as a list of one). */
function listFlag(document: Record<string, unknown>, key: string): string[] {
  const value = document[key];
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/**
 * Reads the config.yaml on the host (Phanes' or one written by hand), or null when it is not a YAML mapping.
 * The ranges k3s's defaults fill in are filled in the same way: cluster-dns is the service range's 10th address.
 */
export function parseInstalledConfig(content: string): InstalledConfig | null {
  let document: unknown;
  try {
    document = parse(content);
  } catch {
    return null;
  }
  if (document === null || document === undefined) document = {};
  if (typeof document !== 'object' || Array.isArray(document)) return null;
  const values = document as Record<string, unknown>;
  const serviceCidr = flag(values, 'service-cidr') ?? K3S_DEFAULT_SERVICE_CIDR;
  const services = parseCidr(serviceCidr.split(',')[0] ?? '');
  return {
    clusterCidr: flag(values, 'cluster-cidr') ?? K3S_DEFAULT_CLUSTER_CIDR,
    serviceCidr,
    clusterDns: flag(values, 'cluster-dns') ?? (services ? defaultDns(services.cidr) : ''),
    token: flag(values, 'token', 't') ?? null,
    nodeLabels: listFlag(values, 'node-label'),
    nodeTaints: listFlag(values, 'node-taint'),
  };
}

/** Normal form of a range as written on the host (`10.42.0.0/16`), so spacing or host bits do not count as a change. */
export function normalRange(text: string): string {
  const parsed = parseCidr(text.trim());
  return parsed ? formatCidr(parsed.cidr) : text.trim();
}
