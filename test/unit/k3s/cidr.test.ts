import { describe, expect, it } from 'vitest';
import { contains, formatAddress, formatCidr, nthAddress, overlaps, parseAddress, parseCidr, type Cidr } from '../../../modules/k3s/cidr.js';
import { clusterNetwork, defaultDns, nodeMaskFor, nodesHeld, PRESET_PREFIX, type NetworkSettings } from '../../../modules/k3s/cluster-network.js';
import { PlanRefusedError } from '../../../src/engine/module.js';

const cidr = (text: string): Cidr => parseCidr(text)!.cidr;
const network = (partial: Partial<NetworkSettings>) => clusterNetwork({ cidr_preset: 'large', cluster_cidr: '', service_cidr: '', cluster_dns: '', ...partial });

describe('IPv4 arithmetic', () => {
  it('reads and writes addresses', () => {
    expect(parseAddress('10.42.0.1')).toBe(10 * 2 ** 24 + 42 * 2 ** 16 + 1);
    expect(formatAddress(parseAddress('255.255.255.255')!)).toBe('255.255.255.255');
    expect(formatAddress(0)).toBe('0.0.0.0');
    for (const bad of ['10.42.0', '10.42.0.256', '10.42.0.1.2', 'a.b.c.d', '']) expect(parseAddress(bad)).toBeNull();
  });

  it('reads ranges, keeps a bare address as /32, and tells a network address from one with host bits', () => {
    expect(parseCidr('10.42.0.0/16')).toEqual({ cidr: { base: parseAddress('10.42.0.0'), prefix: 16 }, exact: true });
    expect(parseCidr('10.42.0.5/16')).toEqual({ cidr: { base: parseAddress('10.42.0.0'), prefix: 16 }, exact: false });
    expect(formatCidr(cidr('169.254.169.254'))).toBe('169.254.169.254/32');
    expect(formatCidr(cidr('0.0.0.0/0'))).toBe('0.0.0.0/0');
    for (const bad of ['10.42.0.0/33', '10.42.0.0/x', '10.42.0.0/16/1', '10.42.0.0/']) expect(parseCidr(bad)).toBeNull();
  });

  it('finds overlaps: one range inside another, the same range, and neighbours that only touch', () => {
    expect(overlaps(cidr('10.42.0.0/16'), cidr('10.42.128.0/20'))).toBe(true);
    expect(overlaps(cidr('10.42.128.0/20'), cidr('10.42.0.0/16'))).toBe(true);
    expect(overlaps(cidr('10.42.0.0/24'), cidr('10.42.0.0/24'))).toBe(true);
    expect(overlaps(cidr('10.42.0.0/16'), cidr('10.43.0.0/16'))).toBe(false);
    expect(overlaps(cidr('10.42.0.0/24'), cidr('10.42.1.0/24'))).toBe(false);
    expect(overlaps(cidr('0.0.0.0/0'), cidr('192.0.2.7/32'))).toBe(true);
    expect(overlaps(cidr('255.255.255.0/24'), cidr('255.255.255.255/32'))).toBe(true);
  });

  it('counts addresses inside a range', () => {
    expect(formatAddress(nthAddress(cidr('10.43.0.0/16'), 10))).toBe('10.43.0.10');
    expect(contains(cidr('10.43.0.0/24'), parseAddress('10.43.0.255')!)).toBe(true);
    expect(contains(cidr('10.43.0.0/24'), parseAddress('10.43.1.0')!)).toBe(false);
    expect(() => nthAddress(cidr('10.43.0.0/29'), 8)).toThrow(RangeError);
  });
});

describe('cluster ranges', () => {
  it('sizes the presets from k3s own bases (10.42.0.0 pods, 10.43.0.0 services)', () => {
    expect(PRESET_PREFIX).toEqual({ small: 24, medium: 20, large: 16 });
    const text = (preset: 'small' | 'medium' | 'large') => {
      const n = network({ cidr_preset: preset });
      return [formatCidr(n.pods), formatCidr(n.services), formatAddress(n.dns), n.nodeMask, nodesHeld(n)];
    };
    expect(text('small')).toEqual(['10.42.0.0/24', '10.43.0.0/24', '10.43.0.10', 25, 2]);
    expect(text('medium')).toEqual(['10.42.0.0/20', '10.43.0.0/20', '10.43.0.10', 24, 16]);
    expect(text('large')).toEqual(['10.42.0.0/16', '10.43.0.0/16', '10.43.0.10', 24, 256]);
  });

  it('gives each node a /24, or a /25 when the pod range is a /24 or /25 (110 pods still fit)', () => {
    expect(nodeMaskFor(8)).toBe(24);
    expect(nodeMaskFor(23)).toBe(24);
    expect(nodeMaskFor(24)).toBe(25);
    expect(nodeMaskFor(25)).toBe(25);
    // A /25 node range: 128 addresses less the network, broadcast and cni0 bridge addresses.
    expect(2 ** (32 - nodeMaskFor(24)) - 3).toBeGreaterThanOrEqual(110);
  });

  it('derives cluster-dns as the 10th address of the service range unless given', () => {
    expect(defaultDns(cidr('172.21.0.0/20'))).toBe('172.21.0.10');
    expect(formatAddress(network({ service_cidr: '172.21.16.0/20' }).dns)).toBe('172.21.16.10');
    expect(formatAddress(network({ service_cidr: '172.21.0.0/20', cluster_dns: '172.21.0.53' }).dns)).toBe('172.21.0.53');
  });

  it('says where each range came from', () => {
    expect(network({ cidr_preset: 'small', service_cidr: '172.21.0.0/20' }).origin).toEqual({
      pods: 'cidr_preset small',
      services: 'service_cidr',
      dns: 'the 10th address of service_cidr',
    });
  });

  it('refuses overlapping pod and service ranges, naming both settings', () => {
    expect(() => network({ cluster_cidr: '10.42.0.0/16', service_cidr: '10.42.128.0/20' })).toThrow(
      'the pod range 10.42.0.0/16 (cluster_cidr) and the service range 10.42.128.0/20 (service_cidr) overlap',
    );
    expect(() => network({ service_cidr: '10.40.0.0/14' })).toThrow('the pod range 10.42.0.0/16 (cidr_preset large)');
  });

  it('refuses a CoreDNS address outside the service range or on its first two or its last address', () => {
    for (const dns of ['10.44.0.10', '10.43.0.0', '10.43.0.1', '10.43.255.255']) {
      expect(() => network({ cluster_dns: dns }), dns).toThrow(PlanRefusedError);
    }
    expect(formatAddress(network({ cluster_dns: '10.43.0.2' }).dns)).toBe('10.43.0.2');
    expect(formatAddress(network({ cluster_dns: '10.43.255.254' }).dns)).toBe('10.43.255.254');
  });

  it('refuses ranges with host bits set, saying the network address', () => {
    expect(() => network({ service_cidr: '10.43.0.1/16' })).toThrow('write 10.43.0.0/16');
  });
});
