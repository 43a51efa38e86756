import { readFile } from 'node:fs/promises';
import ssh2 from 'ssh2';
import type { Target, TargetSet } from './targets.js';

/**
 * Runs one command on a target over ssh2, with the host key checked against the run's known_hosts
 * (for harness checks; Phanes itself connects through src/ssh/).
 */
export async function sshRun(
  set: Pick<TargetSet<Target>, 'knownHostsFile' | 'privateKeyFile'>,
  target: Target,
  command: string,
  options: { user?: string; keysOf?: Target; readyTimeoutMs?: number } = {},
): Promise<{ code: number; stdout: string; stdoutBytes: Buffer; stderr: string }> {
  const keysOf = options.keysOf ?? target;
  const known = (await readFile(set.knownHostsFile, 'utf8'))
    .split('\n')
    .filter((line) => line.startsWith(`[${keysOf.host}]:${keysOf.port} `))
    .map((line) => line.split(' ')[2]);
  const privateKey = await readFile(set.privateKeyFile);
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client
      .on('ready', () => {
        client.exec(command, (error, stream) => {
          if (error) return reject(error);
          // Chunks are joined before decoding: a character may be split across two.
          const stdout: Buffer[] = [];
          const stderr: Buffer[] = [];
          stream.on('data', (d: Buffer) => stdout.push(d));
          stream.stderr.on('data', (d: Buffer) => stderr.push(d));
          stream.on('close', (code: number | null) => {
            client.end();
            const stdoutBytes = Buffer.concat(stdout);
            resolve({ code: code ?? -1, stdout: stdoutBytes.toString('utf8'), stdoutBytes, stderr: Buffer.concat(stderr).toString('utf8') });
          });
        });
      })
      .on('error', reject)
      .connect({
        host: target.host,
        port: target.port,
        username: options.user ?? 'root',
        privateKey,
        readyTimeout: options.readyTimeoutMs ?? 20_000,
        hostVerifier: (key: Buffer) => known.includes(key.toString('base64')),
      });
  });
}
