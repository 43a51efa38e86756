import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The cookie a browser keeps the token in after opening the printed address. */
export const TOKEN_COOKIE = 'phanes_dashboard';

/** Whether `address` is this machine only (127.0.0.0/8, ::1, localhost). */
export function isLoopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compares in constant time (of the digests: the token's length leaks nothing either). */
export function sameToken(given: string, token: string): boolean {
  return timingSafeEqual(digest(given), digest(token));
}

function cookie(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** The token a request carries: `Authorization: Bearer`, the cookie, or `?token=` (the printed address). */
export function tokenOf(request: IncomingMessage, url: URL): { token: string; from: 'header' | 'cookie' | 'query' } | undefined {
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (bearer) return { token: bearer, from: 'header' };
  const fromCookie = cookie(request, TOKEN_COOKIE);
  if (fromCookie) return { token: fromCookie, from: 'cookie' };
  const query = url.searchParams.get('token');
  return query ? { token: query, from: 'query' } : undefined;
}

/**
 * On a loopback address without a token, the Host header must name this machine: a page elsewhere that
 * points its own name at 127.0.0.1 (DNS rebinding) must not read the dashboard.
 */
export function loopbackHostHeader(request: IncomingMessage, port: number): boolean {
  const host = request.headers.host ?? '';
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host);
}

/** A form post from the dashboard's own page (not another site's): Origin, else Sec-Fetch-Site, must say so. */
export function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined) return origin === `http://${request.headers.host ?? ''}`;
  return request.headers['sec-fetch-site'] === 'same-origin';
}
