import { aptCacheAgeFact } from '../../src/facts/apt-cache-age.js';
import { fileFact } from '../../src/facts/file.js';
import { packagesFact } from '../../src/facts/packages.js';
import { serviceFact } from '../../src/facts/service.js';
import { defineModule, PlanRefusedError } from '../../src/engine/module.js';
import { ensureFile, type Step } from '../../src/engine/step.js';
import { sh } from '../../src/shell/command.js';
import { Secret } from '../../src/shell/secret.js';
import { redisSchema, type RedisSettings } from '../../schemas/modules/redis.js';
import { installPackages } from '../apt-packages.js';
import { clientAddress, DROP_IN, dropInContent, INCLUDE_LINE, parseDropIn, REDIS_CONF, redisString, SERVICE, type RedisConfig } from './redis-config.js';
import { includeLastFact } from './redis-facts.js';

const PACKAGE = 'redis-server';
/** Debian's redis.conf listens here; a client of a server without Phanes' drop-in reaches it there. */
const DEBIAN_DEFAULT_BIND = ['127.0.0.1', '-::1'];
const DEBIAN_DEFAULT_PORT = 6379;

/** printf's format for one line; passed as a value, so the shell sees the backslash whatever the template does. */
const LINE = '%s\\n';

/** The settings as redis takes them, the password refused when redis could not read it back. */
function wantedConfig(settings: RedisSettings): RedisConfig {
  const password = settings.password.reveal();
  if (password === '') throw new PlanRefusedError('redis.password is empty, which would turn authentication off: set a password');
  if (/[\r\n\0]/.test(password)) throw new PlanRefusedError('redis.password contains a newline or NUL character, which redis-cli cannot read: choose another password');
  return { bind: settings.bind, port: settings.port, maxmemory: settings.maxmemory, maxmemoryPolicy: settings.maxmemory_policy, password };
}

/** `CONFIG SET` arguments for every setting that differs from what the running server was given. */
function changedParameters(before: Partial<RedisConfig>, wanted: RedisConfig): { words: string[]; password: boolean } {
  const words: string[] = [];
  if (before.bind?.join(' ') !== wanted.bind.join(' ')) words.push('bind', redisString(wanted.bind.join(' ')));
  if (before.port !== wanted.port) words.push('port', String(wanted.port));
  if (before.maxmemory !== wanted.maxmemory) words.push('maxmemory', wanted.maxmemory);
  if (before.maxmemoryPolicy !== wanted.maxmemoryPolicy) words.push('maxmemory-policy', wanted.maxmemoryPolicy);
  const password = before.password !== wanted.password;
  if (password) words.push('requirepass', redisString(wanted.password));
  return { words, password };
}

/**
 * Applies changed settings to the running server with one atomic CONFIG SET: no restart. It authenticates
 * with the password the drop-in on the host holds, then with the wanted one (a server left with the new
 * password by an interrupted apply still takes the change); the CONFIG SET's answer must be OK. The
 * commands reach redis-cli on stdin from the shell's builtin printf: no password is ever in an argv.
 */
function liveApply(before: Partial<RedisConfig>, wanted: RedisConfig, source: string): Step | undefined {
  const { words, password } = changedParameters(before, wanted);
  if (words.length === 0) return undefined;
  const configSet = `CONFIG SET ${words.join(' ')}`;
  const passwords = [...new Set([before.password, wanted.password])].filter((p): p is string => p !== undefined);
  const lines = [...passwords.map((p) => new Secret(`AUTH ${redisString(p)}`, source)), password ? new Secret(configSet, source) : configSet];
  const host = clientAddress(before.bind ?? DEBIAN_DEFAULT_BIND);
  const port = before.port ?? DEBIAN_DEFAULT_PORT;
  return {
    kind: 'command',
    title: `Apply the new settings to the running ${SERVICE} (CONFIG SET, no restart)`,
    command: sh`answer=$(printf ${LINE} ${lines} | redis-cli -h ${host} -p ${port} 2>&1) || true
if [ "$(printf ${LINE} "$answer" | grep -v '^$' | tail -n 1)" != OK ]; then printf ${'%s refused the new settings: %s\\n'} ${SERVICE} "$answer" >&2; exit 1; fi`,
  };
}

export const redis = defineModule({
  name: 'redis',
  description: 'Redis server with a password, bind addresses and a memory limit',
  requires: [],
  schema: redisSchema,
  facts: () => ({
    packages: packagesFact([PACKAGE]),
    aptCacheAge: aptCacheAgeFact,
    dropIn: fileFact(DROP_IN),
    includeLast: includeLastFact,
    service: serviceFact(SERVICE),
  }),
  notes(settings: RedisSettings, facts) {
    const changes = facts.dropIn?.content !== dropInContent(wantedConfig(settings)) || !facts.includeLast;
    if (!facts.packages.has(PACKAGE) || !changes || facts.service.active) return [];
    return [`${SERVICE} is not running: the new settings take effect when it starts (Phanes does not start a server stopped by hand)`];
  },
  plan(settings: RedisSettings, facts) {
    const wanted = wantedConfig(settings);
    const installing = !facts.packages.has(PACKAGE);
    const steps: Step[] = installPackages([PACKAGE], facts.packages, facts.aptCacheAge, 86_400);

    if (!facts.includeLast) {
      steps.push({
        kind: 'command',
        title: `Include ${DROP_IN} at the end of ${REDIS_CONF}`,
        // A copy of the line elsewhere would be overridden by what follows it: only the last one counts.
        command: sh`sed -i ${`\\#^${INCLUDE_LINE.replaceAll('.', '\\.')}$#d`} ${REDIS_CONF} && printf ${LINE} ${INCLUDE_LINE} >> ${REDIS_CONF}`,
      });
    }
    const content = dropInContent(wanted);
    const contentChanged = facts.dropIn?.content !== content;
    const before = facts.dropIn ? parseDropIn(facts.dropIn.content) : null;
    // A server already running with Phanes' drop-in takes changes live; any other must read the file.
    const running = !installing && facts.service.active;
    const liveCapable = running && facts.includeLast && before !== null;
    const live = liveCapable && contentChanged ? liveApply(before, wanted, settings.password.source) : undefined;
    if (live) steps.push(live);

    const count = settings.bind.length;
    steps.push(
      ...ensureFile(
        {
          title: `Write ${DROP_IN} (password, ${count} bind address${count > 1 ? 'es' : ''}, port ${wanted.port}, maxmemory ${wanted.maxmemory} ${wanted.maxmemoryPolicy})`,
          path: DROP_IN,
          content: new Secret(content, settings.password.source),
          mode: '0640',
          owner: 'redis',
          group: 'redis',
        },
        facts.dropIn,
      ),
    );

    if (installing) {
      steps.push({ kind: 'command', title: `Restart ${SERVICE} to load ${DROP_IN}`, command: sh`systemctl restart ${SERVICE}` });
    } else if (running && !liveCapable && (contentChanged || !facts.includeLast)) {
      steps.push({ kind: 'command', title: `Restart ${SERVICE} to load ${DROP_IN} (it does not run with Phanes' settings yet)`, command: sh`systemctl restart ${SERVICE}` });
    }
    return steps;
  },
  ports: (settings: RedisSettings) => [settings.port],
  health(settings: RedisSettings) {
    const host = clientAddress(settings.bind);
    return [
      {
        title: `redis-server answers PING with PONG at ${host}:${settings.port} (with the password)`,
        // --askpass reads the password from stdin: never in argv (-a) nor the environment (REDISCLI_AUTH).
        command: sh`test "$(printf ${LINE} ${settings.password} | redis-cli --askpass -h ${host} -p ${settings.port} PING 2>/dev/null)" = PONG`,
        hint: `see systemctl status ${SERVICE} and journalctl -u ${SERVICE}; start it with systemctl start ${SERVICE}. If it runs, it does not use the password, address or port of ${DROP_IN}: restart it to load that file`,
      },
    ];
  },
});
