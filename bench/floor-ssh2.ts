/**
 * The floor for an ssh2-based tool: connect to every host (at most CONCURRENCY at once), run `true`,
 * disconnect. Host keys are checked against known_hosts (a tool must do that too). Nothing else: no
 * inventory, no facts, no output. Usage: node floor-ssh2.js HOSTS.json KEY KNOWN_HOSTS CONCURRENCY
 */
import { readFileSync } from 'node:fs';
import ssh2 from 'ssh2';

interface Endpoint {
  readonly address: string;
  readonly port: number;
}

const [hostsFile, keyFile, knownHostsFile, concurrencyText] = process.argv.slice(2);
if (!hostsFile || !keyFile || !knownHostsFile || !concurrencyText) {
  process.stderr.write('usage: floor-ssh2.js HOSTS.json KEY KNOWN_HOSTS CONCURRENCY\n');
  process.exit(2);
}
const hosts = JSON.parse(readFileSync(hostsFile, 'utf8')) as Endpoint[];
const privateKey = readFileSync(keyFile);
const known = new Map(
  readFileSync(knownHostsFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [pattern = '', , key = ''] = line.split(' ');
      return [pattern, key] as const;
    }),
);

function runTrue(host: Endpoint): Promise<void> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client
      .once('ready', () => {
        client.exec('true', (error, channel) => {
          if (error) return reject(error);
          channel.resume();
          channel.once('close', (code: number | null) => {
            client.end();
            if (code === 0) resolve();
            else reject(new Error(`${host.address}:${host.port}: true exited ${code}`));
          });
        });
      })
      .once('error', reject)
      .connect({
        host: host.address,
        port: host.port,
        username: 'root',
        privateKey,
        readyTimeout: 30_000,
        hostVerifier: (key: Buffer) => known.get(`[${host.address}]:${host.port}`) === key.toString('base64'),
      });
  });
}

const concurrency = Number(concurrencyText);
let next = 0;
let failed = 0;
await Promise.all(
  Array.from({ length: Math.min(concurrency, hosts.length) }, async () => {
    while (next < hosts.length) {
      const host = hosts[next++]!;
      await runTrue(host).catch((error: Error) => {
        failed++;
        process.stderr.write(`${error.message}\n`);
      });
    }
  }),
);
process.exitCode = failed > 0 ? 1 : 0;
