import { secretSetting, type ModuleSettings } from '../module-settings.js';

/** A dotted IPv4 address, each part 0..255. */
const IPV4 = '((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])';
/** An https URL of a host (a name, an IPv4 address or a bracketed IPv6 address) and an optional port. */
const HTTPS_URL = 'https://(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?';
/** An inventory host name (as schemas/inventory.ts names them). */
const HOST_NAME = '[A-Za-z0-9_][A-Za-z0-9_.-]*';

/** Settings of the k3s module: a k3s server or agent by the official installer, at a pinned release. */
export const k3sSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'token'],
  properties: {
    version: {
      type: 'string',
      pattern: '^v[0-9]+\\.[0-9]+\\.[0-9]+(-rc[0-9]+)?\\+k3s[0-9]+$',
      description:
        "the k3s release to install, as k3s tags it, e.g. v1.30.4+k3s1 (no default: pick one from k3s's releases); Phanes upgrades one minor release at a time and never downgrades",
    },
    token: secretSetting(
      'the cluster token, the same for every host of the cluster: give them all one reference in group vars; written to /etc/rancher/k3s/config.yaml (0600 root), never to argv, an environment line, plan output or logs; no newlines',
    ),
    role: {
      type: 'string',
      enum: ['server', 'agent'],
      default: 'server',
      description: 'server: runs the control plane (and workloads); agent: runs workloads and joins a server named in `server`',
    },
    server: {
      type: 'string',
      pattern: `^(|${HOST_NAME}|${HTTPS_URL})$`,
      default: '',
      description:
        "the server this host joins: an inventory host name (applied first; the URL is https://ADDRESS:6443 from its advertise_address, else its inventory address) or an https URL; empty on the first server, which starts the cluster; required for an agent",
    },
    cluster_init: {
      type: 'boolean',
      default: false,
      description:
        'first server only (ignored on hosts that join): keep the cluster in embedded etcd, so more servers can join; false: sqlite, one server only',
    },
    advertise_address: {
      type: 'string',
      pattern: `^(|${IPV4})$`,
      default: '',
      description:
        "servers only: the IPv4 address the API server advertises to the cluster, and the one hosts that name this server in `server` connect to; empty: k3s picks the node's address, and joiners use the inventory address",
    },
    tls_san: {
      type: 'array',
      items: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9.:-]*$' },
      uniqueItems: true,
      default: [],
      description: "servers only: extra names and addresses in the API server's certificate (a load balancer, a DNS name you give kubectl)",
    },
    disable: {
      type: 'array',
      items: { type: 'string', enum: ['traefik', 'servicelb', 'metrics-server', 'local-storage', 'coredns'] },
      uniqueItems: true,
      default: [],
      description: "servers only: packaged components k3s does not deploy, e.g. [traefik] to bring your own ingress; keep the same list on every server (and on agents: it decides whether ports 80 and 443 are claimed)",
    },
    node_labels: {
      type: 'array',
      items: { type: 'string', pattern: '^[A-Za-z0-9./_-]+=[A-Za-z0-9._-]*$' },
      uniqueItems: true,
      default: [],
      description: 'labels of this node, each KEY=VALUE (node-label); k3s sets them at every start but never removes one taken off this list',
    },
    node_taints: {
      type: 'array',
      items: { type: 'string', pattern: '^[A-Za-z0-9./_-]+(=[A-Za-z0-9._-]*)?:(NoSchedule|PreferNoSchedule|NoExecute)$' },
      uniqueItems: true,
      default: [],
      description: 'taints of this node, each KEY=VALUE:EFFECT (node-taint); the kubelet applies them only when the node first registers',
    },
    cidr_preset: {
      type: 'string',
      enum: ['small', 'medium', 'large'],
      default: 'large',
      description:
        "pod and service ranges by size: small 10.42.0.0/24 + 10.43.0.0/24 (2 nodes), medium /20 + /20 (16 nodes), large /16 + /16 (256 nodes, k3s's own defaults); cluster_cidr and service_cidr override it; fixed once the cluster runs",
    },
    cluster_cidr: {
      type: 'string',
      pattern: `^(|${IPV4}/([89]|1[0-9]|2[0-5]))$`,
      default: '',
      description: 'the pod range (cluster-cidr), /8 to /25, instead of the preset; every node takes a /24 of it (a /25 when it is a /24 or /25); fixed once the cluster runs',
    },
    service_cidr: {
      type: 'string',
      pattern: `^(|${IPV4}/(1[2-9]|2[0-8]))$`,
      default: '',
      description: 'the service range (service-cidr), /12 to /28, instead of the preset; fixed once the cluster runs',
    },
    cluster_dns: {
      type: 'string',
      pattern: `^(|${IPV4})$`,
      default: '',
      description: "CoreDNS's service address (cluster-dns), inside the service range; empty: its 10th address (10.43.0.10 for the presets); fixed once the cluster runs",
    },
    kubeconfig_user: {
      type: 'string',
      pattern: '^(|[a-z_][a-z0-9_-]{0,31})$',
      default: '',
      description:
        "servers only: an existing user who gets ~/.kube/config, a copy of /etc/rancher/k3s/k3s.yaml (cluster admin) readable by that user alone (0600); empty: none",
    },
    kubeconfig_server: {
      type: 'string',
      pattern: `^(|${HTTPS_URL})$`,
      default: '',
      description:
        "the API server URL written into that user's kubeconfig, e.g. https://k3s.example.net:6443 for a copy used elsewhere (add the name to tls_san); empty: k3s's own https://127.0.0.1:6443",
    },
  },
} as const;

export type K3sSettings = ModuleSettings<typeof k3sSchema>;
