import { describe, expect, it } from 'vitest';
import { parseHostSpec } from '../../../src/cli/command-line-inventory.js';

describe('--host [user@]address[:port]', () => {
  it.each([
    ['203.0.113.10', { name: '203.0.113.10', address: '203.0.113.10' }],
    ['root@203.0.113.10', { name: '203.0.113.10', address: '203.0.113.10', user: 'root' }],
    ['deploy@web1.example.com:2222', { name: 'web1.example.com-2222', address: 'web1.example.com', user: 'deploy', port: 2222 }],
    ['ops@[2001:db8::1]:22', { name: '2001-db8--1-22', address: '2001:db8::1', user: 'ops', port: 22 }],
    ['[2001:db8::1]', { name: '2001-db8--1', address: '2001:db8::1' }],
    ['[::1]', { name: 'host--1', address: '::1' }],
    ['a@b@host', { name: 'host', address: 'host', user: 'a@b' }],
  ])('%s', (spec, expected) => {
    expect(parseHostSpec(spec)).toEqual(expected);
  });

  it.each(['', 'root@', '@host', 'host:', 'host:abc', 'ho st', '2001:db8::1'])('refuses %j', (spec) => {
    expect(() => parseHostSpec(spec)).toThrow(/--host .*: write \[user@\]address\[:port\]/);
  });
});
