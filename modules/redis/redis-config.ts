/** Debian's main configuration file: Phanes only appends one `include` line to it. */
export const REDIS_CONF = '/etc/redis/redis.conf';
/** Phanes' drop-in: included last, so its settings override redis.conf's. */
export const DROP_IN = '/etc/redis/phanes.conf';
/** The line that makes redis-server read the drop-in; it must be redis.conf's last directive. */
export const INCLUDE_LINE = `include ${DROP_IN}`;
export const SERVICE = 'redis-server';

const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\x07': '\\a', '\b': '\\b' };

/**
 * One double-quoted argument as redis reads it, in its configuration files and from redis-cli's standard
 * input alike (sdssplitargs): backslash escapes for `\` and `"`, `\xHH` for other control characters.
 */
export function redisString(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (ESCAPES[char]) out += ESCAPES[char];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return out + '"';
}

/**
 * Splits a line the way redis does (sdssplitargs): bare words, "double quoted" with escapes, 'single
 * quoted' with only \' . Throws on unbalanced quotes. Used to read back what Phanes wrote.
 */
export function splitRedisArgs(line: string): string[] {
  const args: string[] = [];
  let i = 0;
  const hex = /^[0-9a-fA-F]{2}$/;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i]!)) i++;
    if (i >= line.length) break;
    let arg = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) throw new Error(`unbalanced quotes in: ${line}`);
        const c = line[i]!;
        if (c === '\\' && line[i + 1] === 'x' && hex.test(line.slice(i + 2, i + 4))) {
          arg += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
          i += 4;
        } else if (c === '\\' && i + 1 < line.length) {
          const next = line[i + 1]!;
          arg += { n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' }[next] ?? next;
          i += 2;
        } else if (c === '"') {
          i++;
          break;
        } else {
          arg += c;
          i++;
        }
      }
    } else if (line[i] === "'") {
      i++;
      for (;;) {
        if (i >= line.length) throw new Error(`unbalanced quotes in: ${line}`);
        const c = line[i]!;
        if (c === '\\' && line[i + 1] === "'") {
          arg += "'";
          i += 2;
        } else if (c === "'") {
          i++;
          break;
        } else {
          arg += c;
          i++;
        }
      }
    } else {
      while (i < line.length && !/\s/.test(line[i]!)) arg += line[i++];
    }
    args.push(arg);
  }
  return args;
}

/** The settings Phanes writes, as strings the way redis takes them. */
export interface RedisConfig {
  readonly bind: readonly string[];
  readonly port: number;
  readonly maxmemory: string;
  readonly maxmemoryPolicy: string;
  readonly password: string;
}

/** The drop-in's whole text. It holds the password: it is written 0640 redis:redis and never shown. */
export function dropInContent(config: RedisConfig): string {
  return [
    '# Written by Phanes (redis module): changes here are overwritten.',
    `# Included by the last line of ${REDIS_CONF}, so these settings win over it.`,
    `bind ${config.bind.join(' ')}`,
    `port ${config.port}`,
    `maxmemory ${config.maxmemory}`,
    `maxmemory-policy ${config.maxmemoryPolicy}`,
    `requirepass ${redisString(config.password)}`,
    '',
  ].join('\n');
}

/** The directives of a drop-in Phanes wrote (last one wins, as in redis), or null when it cannot be read. */
export function parseDropIn(content: string): Partial<RedisConfig> | null {
  const found: { -readonly [K in keyof RedisConfig]?: RedisConfig[K] } = {};
  try {
    for (const line of content.split('\n')) {
      if (/^\s*(#|$)/.test(line)) continue;
      const [name, ...args] = splitRedisArgs(line);
      if (name === 'bind') found.bind = args;
      else if (name === 'port' && args.length === 1 && /^\d+$/.test(args[0]!)) found.port = Number(args[0]);
      else if (name === 'maxmemory' && args.length === 1) found.maxmemory = args[0]!;
      else if (name === 'maxmemory-policy' && args.length === 1) found.maxmemoryPolicy = args[0]!;
      else if (name === 'requirepass' && args.length === 1) found.password = args[0]!;
    }
  } catch {
    return null;
  }
  return found;
}

/** The address a client on the host itself reaches redis-server at, given what it binds to. */
export function clientAddress(bind: readonly string[]): string {
  const addresses = bind.map((address) => address.replace(/^-/, ''));
  if (addresses.some((a) => a === '*' || a === '0.0.0.0' || a === '127.0.0.1')) return '127.0.0.1';
  if (addresses.some((a) => a === '::*' || a === '::' || a === '::1')) return '::1';
  return addresses[0] ?? '127.0.0.1';
}
