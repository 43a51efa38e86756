import type { HealthCheck } from '../../src/engine/module.js';
import { sh } from '../../src/shell/command.js';

/** Seconds a health check waits for an HTTP answer. */
const HTTP_TIMEOUT_SECONDS = 5;

export interface HttpCheckOptions {
  /** `HOST:PORT:ADDRESS`: a request for a host name goes to a local address, so a name-based site is asked for by its name. */
  readonly resolve?: string;
  /** Only a 2xx or 3xx answer passes (an API), instead of any HTTP answer (a web server's 404 or 502 still proves it serves). */
  readonly successOnly?: boolean;
  /** Seconds to keep retrying a refused connection: for a service that opens its port a moment after systemd started it. */
  readonly waitSeconds?: number;
}

/**
 * Health check run on the host itself with curl: by default any HTTP answer passes, and only no answer at
 * all (refused, timed out, not HTTP) fails.
 */
export function httpAnswerCheck(title: string, url: string, hint: string, options: HttpCheckOptions = {}): HealthCheck {
  const resolve = options.resolve === undefined ? sh`` : sh` --resolve ${options.resolve}`;
  const fail = options.successOnly ? sh` -f` : sh``;
  const wait = options.waitSeconds === undefined ? sh`` : sh` --retry ${options.waitSeconds} --retry-delay 1 --retry-connrefused`;
  return {
    title,
    command: sh`curl -sS${fail} -o /dev/null --max-time ${HTTP_TIMEOUT_SECONDS}${wait}${resolve} ${url}`,
    hint,
  };
}
