import { describe, expect, it } from 'vitest';
import { canonicalRoute } from '../../../modules/tailscale/route-prefix.js';

describe('canonicalRoute', () => {
  // Expected texts as Go's netip.Prefix.String prints them (RFC 5952 for IPv6).
  const canonical: [string, string][] = [
    ['10.0.0.0/24', '10.0.0.0/24'],
    ['192.168.1.128/25', '192.168.1.128/25'],
    ['100.64.0.1/32', '100.64.0.1/32'],
    ['fd00:1:0::/64', 'fd00:1::/64'],
    ['FD00:0001::/64', 'fd00:1::/64'],
    ['fd00:0:0:0:0:0:0:1/128', 'fd00::1/128'],
    ['2001:db8:0:0:1:0:0:1/128', '2001:db8::1:0:0:1/128'],
    ['2001:db8:0:0:1:0:0:0/128', '2001:db8:0:0:1::/128'],
    ['2001:db8:0:1:1:1:1:0/128', '2001:db8:0:1:1:1:1:0/128'],
    ['2001:db8::/32', '2001:db8::/32'],
    ['::1/128', '::1/128'],
    ['fd7a:115c:a1e0:b1a::/64', 'fd7a:115c:a1e0:b1a::/64'],
  ];
  for (const [text, route] of canonical) {
    it(`reads ${text} as ${route}`, () => {
      expect(canonicalRoute(text)).toEqual({ route });
    });
  }

  const refused: [string, RegExp][] = [
    ['10.0.0.1/24', /has bits set past its \/24: write 10\.0\.0\.0\/24/],
    ['fd00::1/64', /write fd00::\/64/],
    ['0.0.0.0/0', /default route/],
    ['::/0', /default route/],
    ['10.0.0.0', /not a CIDR prefix/],
    ['10.0.0.0/33', /not a CIDR prefix/],
    ['fd00::/129', /not a CIDR prefix/],
    ['fd00::1::/64', /not a CIDR prefix/],
    ['1:2:3:4:5:6:7:8:9/128', /not a CIDR prefix/],
    ['1:2:3:4:5:6:7::8/128', /not a CIDR prefix/],
    ['fd00:12345::/32', /not a CIDR prefix/],
  ];
  for (const [text, why] of refused) {
    it(`refuses ${text}`, () => {
      const read = canonicalRoute(text);
      expect('error' in read && read.error).toMatch(why);
    });
  }
});
