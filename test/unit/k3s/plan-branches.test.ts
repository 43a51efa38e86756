import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../../modules/k3s/cidr.js';
import { clusterNetwork } from '../../../modules/k3s/cluster-network.js';
import { configContent } from '../../../modules/k3s/config-yaml.js';
import { refuseHostOverlap } from '../../../modules/k3s/host-overlap.js';
import { joinTarget, refuseOtherCluster } from '../../../modules/k3s/join.js';
import { k3s } from '../../../modules/k3s/k3s.js';
import { releaseChange } from '../../../modules/k3s/release-change.js';
import { refuseTokenChange } from '../../../modules/k3s/running-cluster.js';
import type { PeerHost } from '../../../src/engine/module.js';
import { hostWith, k3sSettings } from './settings.js';

const BASE = { version: 'v1.30.4+k3s1', token: 'tok' };
const peer = (k3sSettingsPartial: Record<string, unknown>): PeerHost => ({ address: '10.0.0.11', modules: ['k3s'], settings: { k3s: k3sSettings({ ...BASE, ...k3sSettingsPartial }) } });
const hostNetwork = (text: string, where: string) => ({ cidr: parseCidr(text)!.cidr, where });

describe('release changes', () => {
  it('installs, keeps, upgrades by one minor or a patch, and refuses the rest', () => {
    expect(releaseChange(null, 'v1.30.4+k3s1', 'h')).toEqual({ kind: 'install' });
    expect(releaseChange('v1.30.4+k3s1', 'v1.30.4+k3s1', 'h')).toEqual({ kind: 'none' });
    expect(releaseChange('v1.30.04+k3s1', 'v1.30.4+k3s1', 'h')).toEqual({ kind: 'none' });
    expect(releaseChange('v1.30.2+k3s1', 'v1.30.4+k3s1', 'h')).toEqual({ kind: 'upgrade', from: 'v1.30.2+k3s1' });
    expect(releaseChange('v1.29.8+k3s1', 'v1.30.4+k3s1', 'h')).toEqual({ kind: 'upgrade', from: 'v1.29.8+k3s1' });
    expect(() => releaseChange('v1.28.13+k3s1', 'v1.30.4+k3s1', 'h')).toThrow('set k3s.version to a v1.29 release first');
    expect(() => releaseChange('v1.30.4+k3s1', 'v2.0.0+k3s1', 'h')).toThrow('skips a minor release');
    expect(() => releaseChange('v1.30.4+k3s2', 'v1.30.4+k3s1', 'h')).toThrow('Phanes does not downgrade');
    expect(() => releaseChange('v1.30.4-dirty', 'v1.30.4+k3s1', 'h')).toThrow('cannot be compared');
  });
});

describe('joining a peer', () => {
  const agent = k3sSettings({ ...BASE, role: 'agent', server: 'cp1' });

  it('refuses ranges that differ from the server it joins, saying both', () => {
    const join = joinTarget(agent, hostWith('w1', { cp1: peer({ cidr_preset: 'small' }) }));
    expect(() => refuseOtherCluster(agent, clusterNetwork(agent), join, hostWith('w1'))).toThrow(
      "k3s: w1 joins cp1, but its ranges (here pods 10.42.0.0/16, services 10.43.0.0/16, dns 10.43.0.10; there 10.42.0.0/24, 10.43.0.0/24, 10.43.0.10) differs from cp1's",
    );
  });

  it("says so when the server's own settings are refused", () => {
    const join = joinTarget(agent, hostWith('w1', { cp1: peer({ cluster_dns: '10.99.0.1' }) }));
    expect(() => refuseOtherCluster(agent, clusterNetwork(agent), join, hostWith('w1'))).toThrow('k3s: cp1, which w1 joins, has settings Phanes refuses: k3s.cluster_dns 10.99.0.1');
  });

  it('takes a URL as it is, with nothing to compare', () => {
    const byUrl = k3sSettings({ ...BASE, role: 'agent', server: 'https://10.0.0.11:6443', cidr_preset: 'small' });
    const join = joinTarget(byUrl, hostWith('w1'));
    expect(join).toEqual({ url: 'https://10.0.0.11:6443' });
    expect(() => refuseOtherCluster(byUrl, clusterNetwork(byUrl), join, hostWith('w1'))).not.toThrow();
  });
});

describe('host networks', () => {
  it('refuses a service range over a route, naming service_cidr', () => {
    const network = clusterNetwork({ cidr_preset: 'large', cluster_cidr: '', service_cidr: '172.30.0.0/16', cluster_dns: '' });
    expect(() => refuseHostOverlap(network, [hostNetwork('172.30.5.0/24', 'route 172.30.5.0/24 via wg0')], 'cp1')).toThrow(
      'k3s: the service range 172.30.0.0/16 (service_cidr) overlaps 172.30.5.0/24, a network of cp1 (route 172.30.5.0/24 via wg0): the cluster would take its traffic; set k3s.service_cidr to a range cp1 does not use',
    );
  });

  it('lets ranges beside the host networks pass', () => {
    const network = clusterNetwork({ cidr_preset: 'large', cluster_cidr: '', service_cidr: '', cluster_dns: '' });
    expect(() => refuseHostOverlap(network, [hostNetwork('10.41.0.0/16', 'eth1'), hostNetwork('10.44.0.0/16', 'eth2')], 'cp1')).not.toThrow();
  });
});

describe('a running server', () => {
  it('does not compare a token its config.yaml does not hold (k3s made one up)', () => {
    expect(() => refuseTokenChange({ clusterCidr: '', serviceCidr: '', clusterDns: '', token: null, nodeLabels: [], nodeTaints: [] }, 'tok', 'cp1')).not.toThrow();
  });

  it('restarts once for a new release and a new config.yaml together', () => {
    const settings = k3sSettings({ ...BASE, tls_san: ['k3s.example.net'] });
    const network = clusterNetwork(settings);
    const old = configContent({ role: 'server', joins: null, clusterInit: false, token: 'tok', advertiseAddress: '', tlsSan: [], disable: [], network, nodeLabels: [], nodeTaints: [] });
    const facts = {
      version: 'v1.29.8+k3s1',
      config: { content: old, mode: '0600', owner: 'root', group: 'root' },
      serverUnit: { active: true, enabled: true },
      agentUnit: { active: false, enabled: false },
      packages: new Map([['curl', '7.88.1-10+deb12u15']]),
      aptCacheAge: 60,
      addresses: [],
      routes: [],
      kubeconfig: null,
    };
    const titles = k3s.plan(settings, facts, hostWith('cp1')).map((step) => step.title);
    expect(titles).toEqual([
      'Write /etc/rancher/k3s/config.yaml (server, sqlite; token; pods 10.42.0.0/16, services 10.43.0.0/16, dns 10.43.0.10)',
      'Upgrade k3s v1.29.8+k3s1 to v1.30.4+k3s1 with its official installer (https://get.k3s.io; downloads k3s from GitHub)',
      'Restart k3s for k3s v1.30.4+k3s1 and the new config.yaml (waits until it is up, at most 300 s; running pods keep running)',
    ]);
  });
});
