import { describe, expect, it } from 'vitest';
import { clientAddress, dropInContent, parseDropIn, redisString, splitRedisArgs } from '../../../modules/redis/redis-config.js';

const HOSTILE = [`p'a"s s\\ #x $(id) \`id\``, 'tab\there\nnewline\r\u0007\u007f', 'ünïcødé 密码', '"', '\\', '\\x41', ''];

describe('redisString', () => {
  it('double-quotes and escapes backslash, double quote and control characters', () => {
    expect(redisString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(redisString('\n\t\u0001\u007f')).toBe('"\\n\\t\\x01\\x7f"');
    expect(redisString('#not a comment')).toBe('"#not a comment"');
  });
  for (const value of HOSTILE) {
    it(`reads back as one argument, unchanged: ${JSON.stringify(value)}`, () => {
      expect(splitRedisArgs(`requirepass ${redisString(value)}`)).toEqual(['requirepass', value]);
    });
  }
});

describe('splitRedisArgs', () => {
  it('splits bare words, double and single quoted arguments', () => {
    expect(splitRedisArgs(`bind 127.0.0.1 -::1`)).toEqual(['bind', '127.0.0.1', '-::1']);
    expect(splitRedisArgs(`CONFIG SET x "a b" 'c\\'d'`)).toEqual(['CONFIG', 'SET', 'x', 'a b', "c'd"]);
  });
  it('refuses unbalanced quotes', () => {
    expect(() => splitRedisArgs('requirepass "abc')).toThrow(/unbalanced/);
  });
});

describe('dropInContent and parseDropIn', () => {
  const config = { bind: ['127.0.0.1', '-::1'], port: 6380, maxmemory: '256mb', maxmemoryPolicy: 'allkeys-lru', password: HOSTILE[0]! };
  it('writes one directive per setting, the password quoted', () => {
    expect(dropInContent(config)).toBe(
      [
        '# Written by Phanes (redis module): changes here are overwritten.',
        '# Included by the last line of /etc/redis/redis.conf, so these settings win over it.',
        'bind 127.0.0.1 -::1',
        'port 6380',
        'maxmemory 256mb',
        'maxmemory-policy allkeys-lru',
        `requirepass "p'a\\"s s\\\\ #x $(id) \`id\`"`,
        '',
      ].join('\n'),
    );
  });
  it('reads back what it wrote', () => {
    expect(parseDropIn(dropInContent(config))).toEqual(config);
  });
  it('gives null for a file it cannot read', () => {
    expect(parseDropIn('requirepass "open')).toBeNull();
  });
});

describe('clientAddress', () => {
  it('uses the loopback when bound there or everywhere, else the first address', () => {
    expect(clientAddress(['127.0.0.1', '-::1'])).toBe('127.0.0.1');
    expect(clientAddress(['*'])).toBe('127.0.0.1');
    expect(clientAddress(['-::*'])).toBe('::1');
    expect(clientAddress(['10.0.0.5'])).toBe('10.0.0.5');
  });
});
