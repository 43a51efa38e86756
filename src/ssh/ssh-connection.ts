import { readFile } from 'node:fs/promises';
import ssh2, { type AgentAuthMethod, type Client, type ClientChannel, type ConnectConfig, type PublicKeyAuthMethod } from 'ssh2';
import type { ShellText } from '../shell/command.js';
import type { Secret } from '../shell/secret.js';
import { ConnectionError, type Connection, type RunOptions, type RunResult } from './connection.js';
import { appendKnownHost, checkHostKey, fingerprint, keyTypeOf, lookupHostKeys, parseKnownHosts, type KnownHostEntry, type KnownHostKey } from './known-hosts.js';
import { commandLineFor, runScript } from './script-session.js';

/** Everything needed to open one SSH connection, after the inventory and ~/.ssh/config were merged. */
export interface SshEndpoint {
  /** The inventory name (or jump spec), for messages. */
  readonly label: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** Private key files tried in order, after the ssh-agent (when SSH_AUTH_SOCK is set). */
  readonly identityFiles: readonly string[];
  readonly knownHostsFile: string;
  readonly hostKeyPolicy: 'strict' | 'accept-new';
  readonly connectTimeoutMs: number;
  readonly jump?: SshEndpoint;
}

export interface SshConnectionOptions {
  readonly sudoPassword?: Secret | undefined;
  readonly agentSocket?: string | undefined;
  /**
   * A key this host already proved on another port (sshd moved): accepted and recorded for the new port when
   * known_hosts has no entry for it. Any other key is checked as usual.
   */
  readonly provenKey?: Buffer | undefined;
}

/**
 * A host that sends nothing, not even an answer to a keepalive, for SILENCE_MS is given up on: ssh2 pings
 * every KEEPALIVE_MS of silence and ends the connection after SILENCE_MS / KEEPALIVE_MS unanswered pings.
 */
export const SILENCE_MS = 30_000;
const KEEPALIVE_MS = 5_000;

/** Host key algorithm names ssh2 offers for a key type on file. */
function algorithmsFor(keyType: string): string[] {
  return keyType === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [keyType];
}

/** OpenSSH 9.2's default HostKeyAlgorithms order (certificates aside): the order of known_hosts lines does not matter. */
const HOST_KEY_PREFERENCE = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'sk-ssh-ed25519@openssh.com', 'sk-ecdsa-sha2-nistp256@openssh.com', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];

/** The host key algorithms to ask for, best first, for the key types on file. */
function hostKeyAlgorithms(keyTypes: readonly string[]): string[] {
  const rank = (algorithm: string) => (HOST_KEY_PREFERENCE.indexOf(algorithm) + HOST_KEY_PREFERENCE.length + 1) % (HOST_KEY_PREFERENCE.length + 1);
  return [...new Set(keyTypes.flatMap(algorithmsFor))].sort((a, b) => rank(a) - rank(b));
}

function describe(endpoint: SshEndpoint): string {
  const self = `${endpoint.user}@${endpoint.host}:${endpoint.port}`;
  return endpoint.jump ? `${self} via ${endpoint.jump.label}` : self;
}

/**
 * Parsed known_hosts files and private keys, read once per process (one run) rather than once per host:
 * at 200 hosts that is 200 reads and parses saved each. A file Phanes appends to is dropped from the cache.
 */
const knownHostsCache = new Map<string, Promise<KnownHostEntry[]>>();
const keyCache = new Map<string, Promise<Buffer | undefined>>();

function readKnownKeys(endpoint: SshEndpoint): Promise<KnownHostEntry[]> {
  const file = endpoint.knownHostsFile;
  let entries = knownHostsCache.get(file);
  if (!entries) {
    entries = readFile(file, 'utf8').then(parseKnownHosts, (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      knownHostsCache.delete(file);
      throw new ConnectionError('host-key', `cannot read ${file}: ${error.message}`);
    });
    knownHostsCache.set(file, entries);
  }
  return entries;
}

function readKey(file: string): Promise<Buffer | undefined> {
  let key = keyCache.get(file);
  if (!key) {
    key = readFile(file).catch(() => undefined);
    keyCache.set(file, key);
  }
  return key;
}

async function authMethods(endpoint: SshEndpoint, agentSocket: string | undefined): Promise<(AgentAuthMethod | PublicKeyAuthMethod)[]> {
  const methods: (AgentAuthMethod | PublicKeyAuthMethod)[] = [];
  if (agentSocket) methods.push({ type: 'agent' as const, username: endpoint.user, agent: agentSocket });
  for (const file of endpoint.identityFiles) {
    const key = await readKey(file);
    if (key) methods.push({ type: 'publickey' as const, username: endpoint.user, key });
  }
  if (methods.length === 0) {
    throw new ConnectionError(
      'auth',
      `${endpoint.label}: no SSH key to log in with (no ssh-agent, and none of ${endpoint.identityFiles.join(', ') || 'the identity files'} is readable)`,
      'set identity_file for this host in the inventory, or start ssh-agent and add a key',
    );
  }
  return methods;
}

function hostKeyMessage(endpoint: SshEndpoint, verdict: string, presented: Buffer, known: readonly KnownHostKey[]): ConnectionError {
  const where = `${endpoint.label} (${endpoint.host}:${endpoint.port})`;
  const offered = `${keyTypeOf(presented)} ${fingerprint(presented)}`;
  if (verdict === 'changed' || verdict === 'revoked') {
    // Keys of the offered type are the ones it contradicts; list all only when none has that type.
    const sameType = known.filter((k) => k.keyType === keyTypeOf(presented));
    const expected = (sameType.length > 0 ? sameType : known).map((k) => `${k.keyType} ${fingerprint(k.key)} (${endpoint.knownHostsFile}:${k.line})`);
    return new ConnectionError(
      'host-key',
      `${where}: HOST KEY ${verdict === 'revoked' ? 'IS REVOKED' : 'HAS CHANGED'}: the host offered ${offered}` +
        (expected.length ? `, known_hosts expects ${expected.join(', ')}` : ''),
      'someone may be intercepting the connection; if the host was really reinstalled, remove its old line from known_hosts',
    );
  }
  return new ConnectionError(
    'host-key',
    `${where}: host key not in ${endpoint.knownHostsFile} (offered ${offered})`,
    'check the fingerprint out of band, then add the key (ssh-keyscan) or run with --host-key-policy accept-new',
  );
}

/** Opens an authenticated ssh2 client, through the jump host's tunnel when there is one. */
async function openClient(endpoint: SshEndpoint, options: SshConnectionOptions, opened: Client[]): Promise<{ client: Client; hostKey: Buffer }> {
  let sock: ConnectConfig['sock'];
  if (endpoint.jump) {
    const { client: jumpClient } = await openClient(endpoint.jump, { agentSocket: options.agentSocket }, opened);
    sock = await new Promise<ClientChannel>((resolve, reject) =>
      jumpClient.forwardOut('127.0.0.1', 0, endpoint.host, endpoint.port, (error, channel) =>
        error
          ? reject(new ConnectionError('unreachable', `${endpoint.label}: jump host ${endpoint.jump!.label} cannot reach ${endpoint.host}:${endpoint.port}: ${error.message}`))
          : resolve(channel),
      ),
    );
  }
  const entries = await readKnownKeys(endpoint);
  // Keys on file for [host]:port, else (OpenSSH's fallback on another port) for the bare host name.
  const atPort = lookupHostKeys(entries, endpoint.host, endpoint.port).filter((k) => !k.revoked);
  const knownForHost = atPort.length > 0 || endpoint.port === 22 ? atPort : lookupHostKeys(entries, endpoint.host, 22).filter((k) => !k.revoked);
  const authHandler = await authMethods(endpoint, options.agentSocket);
  let hostKeyError: ConnectionError | undefined;
  let verifiedKey: Buffer | undefined;

  const client = new ssh2.Client();
  opened.push(client);
  const config: ConnectConfig = {
    host: endpoint.host,
    port: endpoint.port,
    username: endpoint.user,
    authHandler,
    readyTimeout: endpoint.connectTimeoutMs,
    keepaliveInterval: KEEPALIVE_MS,
    keepaliveCountMax: SILENCE_MS / KEEPALIVE_MS - 1,
    // Offer only the key types on file, as OpenSSH does, so a known host is never asked for another type;
    // on a port the host has not used before, ask for the type of the key it proved on its old port.
    ...((knownForHost.length > 0 || options.provenKey) && {
      algorithms: {
        serverHostKey: hostKeyAlgorithms(knownForHost.length > 0 ? knownForHost.map((k) => k.keyType) : [keyTypeOf(options.provenKey!)]) as never,
      },
    }),
    hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
      const { verdict, known, certAuthorities } = checkHostKey(entries, endpoint.host, endpoint.port, key);
      verifiedKey = key;
      if (verdict === 'match') return verify(true);
      if (verdict === 'unknown' && known.length === 0 && certAuthorities !== undefined) {
        // The user's ssh would check a host certificate here; ssh2 cannot receive one, and recording the
        // plain key (accept-new) would trust what ssh would have checked against the authority.
        const lines = certAuthorities.map((k) => `${endpoint.knownHostsFile}:${k.line}`).join(', ');
        hostKeyError = new ConnectionError(
          'host-key',
          `${endpoint.label} (${endpoint.host}:${endpoint.port}): known_hosts trusts this host only through a host certificate authority (@cert-authority at ${lines}), and Phanes' SSH library (ssh2) cannot receive host certificates; it offered the plain key ${keyTypeOf(key)} ${fingerprint(key)}`,
          'check that fingerprint out of band (ssh-keyscan, or the host\'s console), then add the plain key for this host to known_hosts',
        );
        return verify(false);
      }
      const proven = options.provenKey?.equals(key) === true;
      if (verdict === 'unknown' && known.length === 0 && (endpoint.hostKeyPolicy === 'accept-new' || proven)) {
        appendKnownHost(endpoint.knownHostsFile, endpoint.host, endpoint.port, key).then(
          () => {
            knownHostsCache.delete(endpoint.knownHostsFile);
            verify(true);
          },
          (error: Error) => {
            hostKeyError = new ConnectionError('host-key', `${endpoint.label}: cannot record its host key: ${error.message}`);
            verify(false);
          },
        );
        return;
      }
      // A key of a type not on file for a host that has other keys is treated as changed, as OpenSSH does.
      hostKeyError = hostKeyMessage(endpoint, verdict === 'unknown' && known.length > 0 ? 'changed' : verdict, key, known);
      verify(false);
    },
    ...(sock && { sock }),
  };

  return new Promise<{ client: Client; hostKey: Buffer }>((resolve, reject) => {
    client
      .once('ready', () => resolve({ client, hostKey: verifiedKey! }))
      // `on`, not `once`: ssh2 may emit a second error (a reset after a refused login), and an error event
      // without a listener would end the whole process. After `ready` a lost connection shows in the run.
      .on('error', (error: Error & { level?: string; code?: string }) => {
        if (hostKeyError) return reject(hostKeyError);
        if (error.level === 'client-authentication') {
          return reject(
            new ConnectionError('auth', `${endpoint.label}: ${endpoint.user}@${endpoint.host}:${endpoint.port} refused every key offered`, 'check identity_file and the authorized_keys of that user on the host'),
          );
        }
        reject(
          new ConnectionError(
            'unreachable',
            `${endpoint.label}: cannot connect to ${endpoint.host}:${endpoint.port}: ${error.code ?? error.message}`,
            'check the address and port, that sshd runs there, and that no firewall drops the connection',
          ),
        );
      })
      .connect(config);
  });
}

/** Connects over SSH (through the jump host if any) and returns a Connection that runs scripts as root. */
export async function connectSsh(endpoint: SshEndpoint, options: SshConnectionOptions = {}): Promise<Connection> {
  const opened: Client[] = [];
  let client: Client;
  let hostKey: Buffer;
  try {
    ({ client, hostKey } = await openClient(endpoint, options, opened));
  } catch (error) {
    for (const c of opened) c.end();
    throw error;
  }
  const asRoot = endpoint.user === 'root';
  let commandCount = 0;
  const where = endpoint.label;
  // Why the connection ended under a run, said once in words (ssh2's own are "Keepalive timeout", "Not connected").
  let lost: ConnectionError | undefined;
  client.on('error', (error: Error & { level?: string }) => {
    lost ??=
      error.level === 'client-timeout'
        ? new ConnectionError('unreachable', `${where}: no answer for ${SILENCE_MS / 1000} s: the host is frozen or the network is down`, 'check that the host runs and is reachable; what the command in flight did is unknown')
        : new ConnectionError('unreachable', `${where}: the connection was lost: ${error.message}`);
  });
  client.on('close', () => {
    lost ??= new ConnectionError('unreachable', `${where}: the connection was closed by the host`);
  });

  return {
    description: describe(endpoint),
    loginUser: endpoint.user,
    hostKey,
    get commandCount() {
      return commandCount;
    },
    run(script: ShellText, runOptions: RunOptions = {}): Promise<RunResult> {
      commandCount++;
      return new Promise<RunResult>((resolve, reject) => {
        if (lost) return reject(lost);
        client.exec(commandLineFor(asRoot, script, runOptions), (error, channel) => {
          if (error) return reject(lost ?? new ConnectionError('unreachable', `${where}: cannot start a command: ${error.message}`));
          const exited = new Promise<number | null>((done, fail) => {
            let code: number | null = null;
            channel.once('exit', (exitCode: number | null) => (code = exitCode));
            // A channel that closes without an exit status because the connection ended did not finish.
            channel.once('close', () => (lost && code === null ? fail(lost) : done(code)));
          });
          runScript(
            { stdin: channel, stdout: channel, stderr: channel.stderr, exited, kill: () => channel.close() },
            script,
            { ...runOptions, viaSudo: !asRoot, sudoPassword: options.sudoPassword, where },
          ).then(resolve, reject);
        });
      });
    },
    async close() {
      for (const c of opened.reverse()) c.end();
    },
  };
}
