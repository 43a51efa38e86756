import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APP_SCRIPT } from './assets/app-script.js';
import { STYLE_SHEET } from './assets/style-sheet.js';
import { loopbackHostHeader, sameOrigin, sameToken, tokenOf, TOKEN_COOKIE } from './access.js';
import type { DriftChecks } from './drift-checks.js';
import type { LiveMessage } from './live-runs.js';
import { hostPage, hostsPage, notFoundPage, runPage, runsPage, type HostView } from './pages.js';
import type { RunFilter, RunStore } from './run-store.js';

/** Runs per page of the history. */
export const PAGE_SIZE = 50;

const SECURITY_HEADERS = {
  // No inline script or style at all: whatever text got into a page, it cannot run.
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

export interface DashboardServerOptions {
  /** The address to listen on (127.0.0.1 unless --listen). */
  readonly address: string;
  readonly port: number;
  /** Set for a non-loopback address: every request must carry it. */
  readonly token?: string | undefined;
  readonly store: RunStore;
  readonly drift: DriftChecks;
  /** The inventory's host names, and what is wrong with the inventory when it cannot be read. */
  hosts(): Promise<{ names: readonly string[]; problem?: string }>;
  /** The messages of the runs going on, for a page that just connected. */
  replay(): readonly LiveMessage[];
}

export interface DashboardServer {
  readonly url: string;
  /** Sends a live message (or a drift state change) to every connected page. */
  broadcast(kind: string, data: unknown): void;
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, ...headers });
  response.end(body);
}

const HTML = 'text/html; charset=utf-8';
const TEXT = 'text/plain; charset=utf-8';

/** A filter value from the query: absent or empty is "any". */
const param = (url: URL, name: string): string | undefined => url.searchParams.get(name) || undefined;

/** Serves the dashboard's pages, its script and style, the live feed (SSE) and the drift check button. */
export async function startDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
  const clients = new Set<ServerResponse>();
  const { store } = options;

  // The newest run usually answers all three: one query per host instead of three.
  const hostView = (name: string): HostView => {
    const latest = store.latest(name);
    const reached = latest?.host.vitals ? latest.host : store.latestReached(name);
    return { name, reached, latest, plan: latest?.host.mode === 'plan' ? latest : store.latest(name, 'plan') };
  };

  async function route(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    const drift = options.drift.state;
    if (request.method === 'POST' && path === '/drift') {
      if (!sameOrigin(request)) return send(response, 403, TEXT, 'refused: a drift check is started from the dashboard page itself\n');
      options.drift.trigger();
      const back = new URL(request.headers.referer ?? '/', url).pathname;
      return send(response, 303, TEXT, '', { Location: back.startsWith('/') ? back : '/' });
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, TEXT, 'method not allowed\n', { Allow: 'GET, HEAD' });
    if (path === '/app.js') return send(response, 200, 'text/javascript; charset=utf-8', APP_SCRIPT);
    if (path === '/style.css') return send(response, 200, 'text/css; charset=utf-8', STYLE_SHEET);
    if (path === '/events') return openEvents(response);
    if (path === '/') {
      const hosts = await options.hosts();
      return send(response, 200, HTML, hostsPage(hosts.names.map(hostView), drift, hosts.problem));
    }
    const host = /^\/hosts\/([^/]+)$/.exec(path);
    if (host) {
      const name = decodeURIComponent(host[1]!);
      const known = (await options.hosts()).names.includes(name) || store.latest(name) !== undefined;
      if (!known) return send(response, 404, HTML, notFoundPage(`No host ${name} in the inventory or the history.`, drift));
      return send(response, 200, HTML, hostPage(hostView(name), store.runs({ host: name }, 20).runs, drift));
    }
    const filter: RunFilter = { host: param(url, 'host'), module: param(url, 'module'), status: param(url, 'status') };
    if (path === '/runs') {
      const offset = Math.max(0, Math.floor(Number(url.searchParams.get('offset') ?? 0)) || 0);
      const choices = { hosts: store.names('host'), modules: store.names('module') };
      return send(response, 200, HTML, runsPage(store.runs(filter, PAGE_SIZE, offset), filter, choices, offset, PAGE_SIZE, drift));
    }
    const run = /^\/runs\/([^/]+)$/.exec(path);
    if (run) {
      const detail = store.run(decodeURIComponent(run[1]!));
      if (!detail) return send(response, 404, HTML, notFoundPage('No such run in the history.', drift));
      return send(response, 200, HTML, runPage(detail, filter, drift));
    }
    return send(response, 404, HTML, notFoundPage('No such page.', drift));
  }

  function openEvents(response: ServerResponse): void {
    response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
    response.write(': phanes live runs\n\n');
    response.write(frame('drift', options.drift.message));
    for (const message of options.replay()) response.write(frame(message.kind, message.data));
    clients.add(response);
    response.on('close', () => clients.delete(response));
  }

  const frame = (kind: string, data: unknown) => `event: ${kind}\ndata: ${JSON.stringify(data)}\n\n`;

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://dashboard.invalid');
    if (options.token === undefined) {
      if (!loopbackHostHeader(request, options.port === 0 ? Number((server.address() as AddressInfo).port) : options.port)) {
        return send(response, 403, TEXT, 'refused: open the dashboard as http://127.0.0.1:PORT/ (this Host header names another site)\n');
      }
    } else {
      const given = tokenOf(request, url);
      if (!given || !sameToken(given.token, options.token)) {
        return send(response, 401, TEXT, 'refused: this dashboard needs the token `phanes dashboard` printed when it started (open the address it printed)\n');
      }
      if (given.from === 'query') {
        // Into a cookie, and out of the address bar (and the browser's history).
        url.searchParams.delete('token');
        return send(response, 303, TEXT, '', {
          Location: url.pathname + url.search,
          'Set-Cookie': `${TOKEN_COOKIE}=${options.token}; HttpOnly; SameSite=Strict; Path=/`,
        });
      }
    }
    route(request, response, url).catch((error: Error) => {
      if (!response.headersSent) send(response, 500, TEXT, `the dashboard failed on this page: ${error.message}\n`);
      else response.end();
    });
  });

  const keepAlive = setInterval(() => {
    for (const client of clients) client.write(': keep-alive\n\n');
  }, 15_000);
  keepAlive.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.address, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.address.includes(':') ? `[${options.address}]` : options.address;
  return {
    url: `http://${host}:${port}/`,
    broadcast(kind, data) {
      const text = frame(kind, data);
      for (const client of clients) client.write(text);
    },
    async close() {
      clearInterval(keepAlive);
      for (const client of clients) client.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
