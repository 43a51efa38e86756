import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { firstBootInventory, LiteralSecretError } from '../cloud-init/first-boot-inventory.js';
import { renderUserData, USER_DATA_LIMIT } from '../cloud-init/user-data.js';
import { ConnectionError } from '../ssh/connection.js';
import { resolveEndpoint, sshEnvironment } from '../ssh/resolve-endpoint.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { CliError, loadTargets } from './load-targets.js';

export interface CloudInitArgs {
  readonly host: string;
  readonly inventory: string;
  readonly binaryUrl: string;
  /** The executable's sha256; else computed from `binary`, else from a download of binaryUrl. */
  readonly binarySha256?: string | undefined;
  readonly binary?: string | undefined;
  /** Public key files for the login user; default: the host's identity file with `.pub`. */
  readonly authorizedKeys?: readonly string[] | undefined;
  readonly includeSecrets: boolean;
  readonly sshConfig?: string | undefined;
  readonly write?: (text: string) => void;
  readonly warn?: (text: string) => void;
}

const usage = (message: string) => new CliError(message, EXIT.usage);

async function sha256Of(args: CloudInitArgs): Promise<string> {
  if (args.binarySha256 !== undefined) {
    if (!/^[0-9a-fA-F]{64}$/.test(args.binarySha256)) throw usage(`--binary-sha256 must be 64 hexadecimal digits, not "${args.binarySha256}"`);
    return args.binarySha256.toLowerCase();
  }
  const hash = createHash('sha256');
  if (args.binary !== undefined) {
    if (!existsSync(args.binary)) throw usage(`--binary ${args.binary}: no such file (npm run build:binary writes dist/bin/phanes-linux-x64)`);
    for await (const chunk of createReadStream(args.binary)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }
  let response: Response;
  try {
    response = await fetch(args.binaryUrl);
  } catch (error) {
    throw usage(`--binary-url ${args.binaryUrl}: cannot fetch it to compute its sha256 (${(error as Error).message}); give --binary FILE or --binary-sha256 HEX`);
  }
  if (!response.ok || response.body === null) throw usage(`--binary-url ${args.binaryUrl}: HTTP ${response.status}; give --binary FILE or --binary-sha256 HEX`);
  for await (const chunk of response.body) hash.update(chunk);
  return hash.digest('hex');
}

function readKeys(files: readonly string[], host: string): string[] {
  return files.flatMap((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw usage(`${host}: cannot read the public key ${file}; give the login key with --authorized-key FILE.pub`);
    }
    const keys = text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
    if (keys.length === 0 || keys.some((k) => !/^(ssh-|ecdsa-|sk-)\S+ \S+/.test(k))) throw usage(`${file}: not an OpenSSH public key (ssh-ed25519 AAAA... comment)`);
    return keys;
  });
}

/**
 * `phanes cloud-init HOST -i FILE --binary-url URL`: prints the `#cloud-config` that makes a fresh server
 * of HOST's modules and settings converge on its first boot, with no SSH from here.
 */
export async function cloudInitCommand(args: CloudInitArgs): Promise<ExitCode> {
  const write = args.write ?? ((text: string) => process.stdout.write(text));
  const warn = args.warn ?? ((text: string) => process.stderr.write(text));
  if (!/^https?:\/\/\S+$/.test(args.binaryUrl)) throw usage(`--binary-url must be an http(s) URL the new server can fetch, not "${args.binaryUrl}"`);
  if (args.binary !== undefined && args.binarySha256 !== undefined) throw usage('--binary and --binary-sha256 both give the sha256: give one');

  const targets = await loadTargets({ inventory: args.inventory, limit: [args.host] });
  const host = targets.hosts.find((h) => h.name === args.host);
  if (!host) throw usage(`${args.host} is not a host in ${args.inventory} (a group name selects several hosts; cloud-init takes one)`);
  if (host.connection.kind === 'local') throw usage(`${args.host} has connection: local; cloud-init is for a server Phanes reaches over SSH later`);

  let endpoint;
  try {
    endpoint = resolveEndpoint(host.name, host.connection, sshEnvironment({ sshConfigFile: args.sshConfig }), new Map(targets.inventory.hosts.map((h) => [h.name, h])));
  } catch (error) {
    if (error instanceof ConnectionError) throw new CliError(`${error.message} (${error.hint})`, EXIT.invalidInventory);
    throw error;
  }
  const keyFiles = args.authorizedKeys && args.authorizedKeys.length > 0 ? args.authorizedKeys : endpoint.identityFiles.map((f) => `${f}.pub`).filter(existsSync).slice(0, 1);
  if (keyFiles.length === 0) throw usage(`${args.host}: no public key to let ${endpoint.user} log in with (no identity_file with a .pub beside it); give --authorized-key FILE.pub`);
  const authorizedKeys = readKeys(keyFiles, args.host);

  let inventory;
  try {
    inventory = firstBootInventory(host, endpoint.user, args.includeSecrets);
  } catch (error) {
    if (error instanceof LiteralSecretError) throw new CliError(`${args.inventory}: hosts.${host.name}: ${error.message}`, EXIT.usage);
    throw error;
  }
  const jumpers = targets.inventory.hosts.filter((h) => h.connection.jump === host.name).map((h) => h.name);
  if (jumpers.length > 0) warn(`warning: ${jumpers.join(', ')} jump through ${host.name}: its first boot does not know them, so sshd keeps TCP forwarding off until an apply over SSH\n`);
  if (inventory.references.length > 0) {
    warn(`note: secrets stay references in the user-data; the first boot reads them on the server: ${inventory.references.join(', ')} (\${file:PATH} relative to /etc/phanes/). --include-secrets puts their values in the user-data instead\n`);
  }

  const userModule = host.modules.includes('user') ? (host.settings.user as { name?: string } | undefined) : undefined;
  const input = {
    inventory: inventory.text,
    loginUser: endpoint.user,
    authorizedKeys,
    loginUserManaged: userModule?.name === endpoint.user,
    binary: { url: args.binaryUrl, sha256: await sha256Of(args) },
  };
  let userData = renderUserData(input);
  if (Buffer.byteLength(userData) > USER_DATA_LIMIT) userData = renderUserData({ ...input, compress: true });
  const size = Buffer.byteLength(userData);
  if (size > USER_DATA_LIMIT) warn(`warning: the user-data is ${size} bytes, over the ${USER_DATA_LIMIT} many providers accept\n`);
  write(userData);
  return EXIT.ok;
}
