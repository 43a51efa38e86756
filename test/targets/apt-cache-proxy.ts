import { createWriteStream } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { get as httpGet, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, normalize } from 'node:path';

/**
 * A caching HTTP proxy for apt, run by the test harness on the Docker bridge: every target fetches
 * through it, so a .deb comes from the mirror once, however many targets install it, in this run or later
 * ones. Only the mirrors named in this machine's apt sources are forwarded to; index files pass through.
 * (A shared /var/cache/apt/archives does not work: apt refuses to run while another target holds its lock.)
 */
export interface AptCacheProxy {
  /** `http://ADDRESS:PORT` as targets reach it. */
  readonly url: string;
  /** Counts since start: .debs served, .debs fetched from the mirror, other requests passed through. */
  readonly stats: { served: number; fromMirror: number; passed: number };
  close(): Promise<void>;
}

const CACHEABLE = /\.(u?deb)$/;

/** Host names of the http mirrors in this machine's apt sources (deb822 and one-line formats). */
export async function aptSourceHosts(): Promise<Set<string>> {
  const hosts = new Set<string>();
  const files = ['/etc/apt/sources.list'];
  const dir = '/etc/apt/sources.list.d';
  for (const name of await readdir(dir).catch(() => [])) files.push(join(dir, name));
  for (const file of files) {
    if (!/\.(list|sources)$/.test(file)) continue;
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const match of text.matchAll(/\bhttp:\/\/([^/\s]+)/g)) if (match[1]) hosts.add(match[1]);
  }
  return hosts;
}

export async function startAptCacheProxy(cacheDir: string, listenAddress: string): Promise<AptCacheProxy> {
  const allowed = await aptSourceHosts();
  const stats = { served: 0, fromMirror: 0, passed: 0 };
  const downloads = new Map<string, Promise<boolean>>();

  const fetchToCache = (url: URL, file: string): Promise<boolean> => {
    const running = downloads.get(file);
    if (running) return running;
    stats.fromMirror++;
    const download = new Promise<boolean>((resolve) => {
      httpGet(url, (upstream) => {
        if (upstream.statusCode !== 200) {
          upstream.resume();
          return resolve(false);
        }
        const partial = `${file}.${process.pid}.partial`;
        mkdir(dirname(file), { recursive: true }).then(() => {
          const out = createWriteStream(partial);
          upstream.pipe(out);
          out.on('finish', () => rename(partial, file).then(() => resolve(true), () => resolve(false)));
          out.on('error', () => rm(partial, { force: true }).then(() => resolve(false)));
          upstream.on('error', () => out.destroy(new Error('upstream aborted')));
        }, () => resolve(false));
      }).on('error', () => resolve(false));
    }).finally(() => downloads.delete(file));
    downloads.set(file, download);
    return download;
  };

  const passThrough = (url: URL, req: IncomingMessage, res: ServerResponse) => {
    stats.passed++;
    const headers = { ...req.headers };
    delete headers['proxy-connection'];
    const upstream = httpGet(url, { headers }, (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    });
    upstream.on('error', () => res.headersSent ? res.destroy() : res.writeHead(502).end());
  };

  const serveFile = async (file: string, res: ServerResponse) => {
    const { size } = await stat(file);
    res.writeHead(200, { 'content-length': size, 'content-type': 'application/vnd.debian.binary-package' });
    createReadStream(file).pipe(res);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '');
    } catch {
      return res.writeHead(400).end('absolute http URL expected (this is a proxy)\n');
    }
    if (req.method !== 'GET' || url.protocol !== 'http:' || !allowed.has(url.host)) {
      return res.writeHead(403).end(`only GET from the machine's apt mirrors is forwarded\n`);
    }
    if (!CACHEABLE.test(url.pathname)) return passThrough(url, req, res);
    const file = join(cacheDir, url.host, normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.\/)+/, ''));
    const cached = await stat(file).then(() => true, () => false);
    if (cached || (await fetchToCache(url, file))) {
      stats.served++;
      return serveFile(file, res);
    }
    return passThrough(url, req, res);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, listenAddress, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${listenAddress}:${port}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
