import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isLoopback, loopbackHostHeader, sameOrigin, sameToken, tokenOf } from '../../../src/dashboard/access.js';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('dashboard access', () => {
  it('knows loopback addresses from the others', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].map(isLoopback)).toEqual([true, true, true, true]);
    expect(['0.0.0.0', '192.168.1.5', '::', '127.0.0.1.example'].map(isLoopback)).toEqual([false, false, false, false]);
  });

  it('compares tokens whole, whatever their lengths', () => {
    expect(sameToken('abc', 'abc')).toBe(true);
    expect(sameToken('abd', 'abc')).toBe(false);
    expect(sameToken('ab', 'abc')).toBe(false);
    expect(sameToken('', 'abc')).toBe(false);
  });

  it('takes the token from a Bearer header, the cookie, or ?token=', () => {
    const url = new URL('http://h/runs?token=q');
    expect(tokenOf(request({ authorization: 'Bearer h' }), url)).toEqual({ token: 'h', from: 'header' });
    expect(tokenOf(request({ cookie: 'a=1; phanes_dashboard=c=d' }), url)).toEqual({ token: 'c=d', from: 'cookie' });
    expect(tokenOf(request({}), url)).toEqual({ token: 'q', from: 'query' });
    expect(tokenOf(request({}), new URL('http://h/'))).toBeUndefined();
  });

  it('refuses another site: a Host header naming it (DNS rebinding), a form posted from it', () => {
    expect(loopbackHostHeader(request({ host: '127.0.0.1:7411' }), 7411)).toBe(true);
    expect(loopbackHostHeader(request({ host: 'localhost:7411' }), 7411)).toBe(true);
    expect(loopbackHostHeader(request({ host: 'evil.example:7411' }), 7411)).toBe(false);
    expect(loopbackHostHeader(request({ host: '127.0.0.1:80' }), 7411)).toBe(false);
    expect(sameOrigin(request({ host: '127.0.0.1:7411', origin: 'http://127.0.0.1:7411' }))).toBe(true);
    expect(sameOrigin(request({ host: '127.0.0.1:7411', origin: 'http://evil.example' }))).toBe(false);
    expect(sameOrigin(request({ host: '127.0.0.1:7411', 'sec-fetch-site': 'cross-site' }))).toBe(false);
    expect(sameOrigin(request({ host: '127.0.0.1:7411' }))).toBe(false);
  });
});
