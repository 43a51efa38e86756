import { describe, expect, it } from 'vitest';
import { formatCidr } from '../../../modules/k3s/cidr.js';
import { parseAddresses, parseRoutes } from '../../../modules/k3s/host-networks-fact.js';
import { compareK3sVersions, parseInstalledVersion, parseK3sVersion } from '../../../modules/k3s/k3s-version.js';
import { kubeconfigConverged, parseKubeconfigState } from '../../../modules/k3s/kubeconfig.js';

const shown = (networks: ReturnType<typeof parseAddresses>) => networks.map((n) => `${formatCidr(n.cidr)} ${n.where}`);

describe('host networks: ip -o -4 addr show', () => {
  it("gives each address's network, k3s's own interfaces left out", () => {
    const output = [
      '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
      '2: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0\\       valid_lft forever preferred_lft forever',
      '5: docker0    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0\\       valid_lft forever preferred_lft forever',
      '6: wg0    inet 10.8.0.2 peer 10.8.0.1/32 scope global wg0\\       valid_lft forever preferred_lft forever',
      '7: flannel.1    inet 10.42.0.0/32 scope global flannel.1\\       valid_lft forever preferred_lft forever',
      '8: cni0    inet 10.42.0.1/24 brd 10.42.0.255 scope global cni0\\       valid_lft forever preferred_lft forever',
      '9: eth1@if12    inet 198.51.100.7/26 scope global eth1\\       valid_lft forever preferred_lft forever',
      '',
    ].join('\n');
    expect(shown(parseAddresses(output))).toEqual([
      '127.0.0.0/8 lo address 127.0.0.1/8',
      '192.0.2.0/24 eth0 address 192.0.2.2/24',
      '172.17.0.0/16 docker0 address 172.17.0.1/16',
      '10.8.0.1/32 wg0 address 10.8.0.1/32',
      '198.51.100.0/26 eth1 address 198.51.100.7/26',
    ]);
  });

  it('gives nothing when ip prints nothing (not installed)', () => {
    expect(parseAddresses('')).toEqual([]);
  });
});

describe('host networks: ip -o -4 route', () => {
  it('keeps networks, leaves out the default route, catch-alls and k3s routes', () => {
    const output = [
      'default via 192.0.2.1 dev eth0 ',
      '0.0.0.0/1 via 10.8.0.1 dev tun0 ',
      '128.0.0.0/1 via 10.8.0.1 dev tun0 ',
      '172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 linkdown ',
      '192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.2 ',
      '198.51.100.0/24 via 192.0.2.254 dev eth0 ',
      '169.254.169.254 via 192.0.2.1 dev eth0 ',
      'blackhole 10.99.0.0/16 ',
      '10.42.0.0/24 dev cni0 proto kernel scope link src 10.42.0.1 ',
      '10.42.1.0/24 via 10.42.1.0 dev flannel.1 onlink ',
      '',
    ].join('\n');
    expect(shown(parseRoutes(output))).toEqual([
      '172.17.0.0/16 route 172.17.0.0/16 via docker0',
      '192.0.2.0/24 route 192.0.2.0/24 via eth0',
      '198.51.100.0/24 route 198.51.100.0/24 via eth0',
      '169.254.169.254/32 route 169.254.169.254/32 via eth0',
      '10.99.0.0/16 route 10.99.0.0/16',
    ]);
  });
});

describe('k3s releases', () => {
  it('reads `k3s --version`, or nothing when k3s is missing', () => {
    expect(parseInstalledVersion('k3s version v1.30.4+k3s1 (98262b5d)\ngo version go1.22.5\n')).toBe('v1.30.4+k3s1');
    expect(parseInstalledVersion('')).toBeNull();
    expect(parseInstalledVersion('sh: 1: k3s: not found\n')).toBeNull();
  });

  it('orders releases: Kubernetes version, release candidates before the final release, then the k3s revision', () => {
    const order = (a: string, b: string) => Math.sign(compareK3sVersions(parseK3sVersion(a)!, parseK3sVersion(b)!));
    expect(order('v1.29.8+k3s1', 'v1.30.4+k3s1')).toBe(-1);
    expect(order('v1.30.4+k3s1', 'v1.30.4+k3s2')).toBe(-1);
    expect(order('v1.30.10+k3s1', 'v1.30.9+k3s1')).toBe(1);
    expect(order('v1.31.0-rc1+k3s1', 'v1.31.0+k3s1')).toBe(-1);
    expect(order('v1.31.0-rc1+k3s1', 'v1.31.0-rc2+k3s1')).toBe(-1);
    expect(order('v1.31.0+k3s1', 'v1.31.0-rc2+k3s1')).toBe(1);
    expect(order('v1.30.4+k3s1', 'v1.30.4+k3s1')).toBe(0);
    expect(parseK3sVersion('v1.30.4-dirty')).toBeNull();
    expect(parseK3sVersion('1.30.4+k3s1')).toBeNull();
  });
});

describe("a user's kubeconfig", () => {
  it('reads the fact: no user, no k3s.yaml yet, missing, or mode, owner and whether it matches', () => {
    expect(parseKubeconfigState('')).toEqual({ kind: 'no-user' });
    expect(parseKubeconfigState('no-source\n')).toEqual({ kind: 'no-source' });
    expect(parseKubeconfigState('missing\n')).toEqual({ kind: 'missing' });
    expect(parseKubeconfigState('600 ops\nsame\n')).toEqual({ kind: 'present', mode: '0600', owner: 'ops', same: true });
  });

  it('is converged only when it matches, is 0600 and the user owns it', () => {
    expect(kubeconfigConverged(parseKubeconfigState('600 ops\nsame\n'), 'ops')).toBe(true);
    expect(kubeconfigConverged(parseKubeconfigState('600 ops\ndiffers\n'), 'ops')).toBe(false);
    expect(kubeconfigConverged(parseKubeconfigState('644 ops\nsame\n'), 'ops')).toBe(false);
    expect(kubeconfigConverged(parseKubeconfigState('600 root\nsame\n'), 'ops')).toBe(false);
    expect(kubeconfigConverged(parseKubeconfigState('777 ops\nsame\n'), 'ops')).toBe(false);
  });
});
