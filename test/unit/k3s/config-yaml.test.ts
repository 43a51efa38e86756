import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { clusterNetwork } from '../../../modules/k3s/cluster-network.js';
import { configContent, normalRange, parseInstalledConfig, type K3sConfig } from '../../../modules/k3s/config-yaml.js';

const HEADER = '# Written by Phanes (k3s module): changes here are overwritten.\n# k3s reads it at every start, each key as the command-line flag of the same name.\n';
const LARGE = clusterNetwork({ cidr_preset: 'large', cluster_cidr: '', service_cidr: '', cluster_dns: '' });
const base: K3sConfig = { role: 'server', joins: null, clusterInit: false, token: 'tok', advertiseAddress: '', tlsSan: [], disable: [], network: LARGE, nodeLabels: [], nodeTaints: [] };

/** The golden cases mask config.yaml (it holds the token): its exact text is pinned here. */
describe('config.yaml as written', () => {
  it('first server, sqlite, default ranges', () => {
    expect(configContent(base)).toBe(`${HEADER}token: "tok"\ncluster-cidr: "10.42.0.0/16"\nservice-cidr: "10.43.0.0/16"\ncluster-dns: "10.43.0.10"\n`);
  });

  it('first server with etcd and every server key', () => {
    const config = { ...base, clusterInit: true, advertiseAddress: '10.0.1.11', tlsSan: ['k3s.example.net', '203.0.113.11'], disable: ['traefik', 'servicelb'], nodeLabels: ['tier=control'], nodeTaints: ['dedicated=infra:NoSchedule'] };
    expect(configContent(config)).toBe(
      HEADER +
        [
          'cluster-init: true',
          'token: "tok"',
          'advertise-address: "10.0.1.11"',
          'tls-san:',
          '  - "k3s.example.net"',
          '  - "203.0.113.11"',
          'cluster-cidr: "10.42.0.0/16"',
          'service-cidr: "10.43.0.0/16"',
          'cluster-dns: "10.43.0.10"',
          'disable:',
          '  - "traefik"',
          '  - "servicelb"',
          'node-label:',
          '  - "tier=control"',
          'node-taint:',
          '  - "dedicated=infra:NoSchedule"',
          '',
        ].join('\n'),
    );
  });

  it('small preset: each node takes a /25 (kube-controller-manager-arg)', () => {
    const small = clusterNetwork({ cidr_preset: 'small', cluster_cidr: '', service_cidr: '', cluster_dns: '' });
    expect(configContent({ ...base, network: small })).toBe(
      `${HEADER}token: "tok"\ncluster-cidr: "10.42.0.0/24"\nservice-cidr: "10.43.0.0/24"\ncluster-dns: "10.43.0.10"\nkube-controller-manager-arg:\n  - "node-cidr-mask-size=25"\n`,
    );
  });

  it('medium preset and explicit ranges keep the /24 node share (no kube-controller-manager-arg)', () => {
    const medium = clusterNetwork({ cidr_preset: 'medium', cluster_cidr: '', service_cidr: '', cluster_dns: '' });
    expect(configContent({ ...base, network: medium })).toBe(`${HEADER}token: "tok"\ncluster-cidr: "10.42.0.0/20"\nservice-cidr: "10.43.0.0/20"\ncluster-dns: "10.43.0.10"\n`);
    const explicit = clusterNetwork({ cidr_preset: 'large', cluster_cidr: '172.20.0.0/16', service_cidr: '172.21.0.0/20', cluster_dns: '172.21.0.53' });
    expect(configContent({ ...base, network: explicit })).toBe(`${HEADER}token: "tok"\ncluster-cidr: "172.20.0.0/16"\nservice-cidr: "172.21.0.0/20"\ncluster-dns: "172.21.0.53"\n`);
  });

  it('second server: the server URL, no cluster-init, the cluster ranges', () => {
    expect(configContent({ ...base, clusterInit: true, joins: 'https://10.0.1.11:6443' })).toBe(
      `${HEADER}server: "https://10.0.1.11:6443"\ntoken: "tok"\ncluster-cidr: "10.42.0.0/16"\nservice-cidr: "10.43.0.0/16"\ncluster-dns: "10.43.0.10"\n`,
    );
  });

  it('agent: agent keys only (k3s agent refuses unknown keys in its config file)', () => {
    const agent = { ...base, role: 'agent' as const, joins: 'https://10.0.0.11:6443', tlsSan: ['ignored'], disable: ['traefik'], nodeLabels: ['tier=web'] };
    expect(configContent(agent)).toBe(`${HEADER}server: "https://10.0.0.11:6443"\ntoken: "tok"\nnode-label:\n  - "tier=web"\n`);
  });

  for (const token of [`p'a"s s\\ #x $(id)`, 'tab\there', 'ünïcødé 密码', 'yes', '0123', 'K10abc::server:def', '- a: b', '"']) {
    it(`reads back the token ${JSON.stringify(token)} unchanged`, () => {
      const text = configContent({ ...base, token });
      expect((parse(text) as Record<string, unknown>)['token']).toBe(token);
      expect(parseInstalledConfig(text)?.token).toBe(token);
    });
  }
});

describe('config.yaml as found on a host', () => {
  it("fills in k3s's defaults for what it does not say, cluster-dns from its service range", () => {
    expect(parseInstalledConfig('')).toEqual({ clusterCidr: '10.42.0.0/16', serviceCidr: '10.43.0.0/16', clusterDns: '10.43.0.10', token: null, nodeLabels: [], nodeTaints: [] });
    expect(parseInstalledConfig('service-cidr: 10.96.0.0/12\nwrite-kubeconfig-mode: "0644"\n')).toMatchObject({ serviceCidr: '10.96.0.0/12', clusterDns: '10.96.0.10' });
  });

  it('reads lists (dual-stack ranges, labels) and the short token flag', () => {
    const found = parseInstalledConfig('cluster-cidr: [10.42.0.0/16, "fd00:42::/56"]\nt: abc\nnode-label: a=b\nnode-taint: [x=y:NoSchedule]\n');
    expect(found).toMatchObject({ clusterCidr: '10.42.0.0/16,fd00:42::/56', token: 'abc', nodeLabels: ['a=b'], nodeTaints: ['x=y:NoSchedule'] });
  });

  it('gives null for a file that is not a mapping', () => {
    expect(parseInstalledConfig('- a\n- b\n')).toBeNull();
    expect(parseInstalledConfig('token: "open')).toBeNull();
    expect(parseInstalledConfig('just text')).toBeNull();
  });

  it('compares ranges in normal form', () => {
    expect(normalRange(' 10.42.0.5/16 ')).toBe('10.42.0.0/16');
    expect(normalRange('10.42.0.0/16,fd00::/56')).toBe('10.42.0.0/16,fd00::/56');
  });
});
