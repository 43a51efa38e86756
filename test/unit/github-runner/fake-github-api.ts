import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake API saw it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A stand-in for GitHub's REST API on 127.0.0.1: records every request and answers token requests. */
export interface FakeGithubApi {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * Answers POST .../actions/runners/registration-token and .../remove-token with 201 and a body in the shape
 * GitHub documents ({"token", "expires_at"}, pretty-printed as GitHub sends it), when the Authorization
 * header carries `apiToken`; 401 with GitHub's error shape otherwise; 404 for anything else.
 */
export async function startFakeGithubApi(apiToken: string, tokens: { registration: string; removal: string }, host = '127.0.0.1'): Promise<FakeGithubApi> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const path = request.url ?? '';
      requests.push({ method: request.method ?? '', path, headers: request.headers, body });
      const kind = /\/actions\/runners\/(registration-token|remove-token)$/.exec(path)?.[1];
      if (request.method !== 'POST' || kind === undefined) {
        response.writeHead(404, { 'content-type': 'application/json; charset=utf-8' }).end('{"message":"Not Found","status":"404"}');
        return;
      }
      if (request.headers.authorization !== `Bearer ${apiToken}`) {
        response.writeHead(401, { 'content-type': 'application/json; charset=utf-8' }).end('{"message":"Bad credentials","status":"401"}');
        return;
      }
      const token = kind === 'registration-token' ? tokens.registration : tokens.removal;
      response.writeHead(201, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ token, expires_at: '2026-12-05T14:00:00.000+00:00' }, null, 2));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
