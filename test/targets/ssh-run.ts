import { readFile } from 'node:fs/promises';
import ssh2 from 'ssh2';
import type { Target, TargetSet } from './targets.js';

/**
 * Runs one command on a target over ssh2, with the host key checked against the run's known_hosts
 * (for harness checks; Phanes itself connects through src/ssh/).
 */
export async function sshRun(
  set: TargetSet,
  target: Target,
  command: string,
  options: { user?: string; keysOf?: Target } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
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
          let stdout = '';
          let stderr = '';
          stream.on('data', (d: Buffer) => (stdout += d.toString()));
          stream.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          stream.on('close', (code: number | null) => {
            client.end();
            resolve({ code: code ?? -1, stdout, stderr });
          });
        });
      })
      .on('error', reject)
      .connect({
        host: target.host,
        port: target.port,
        username: options.user ?? 'root',
        privateKey,
        readyTimeout: 20_000,
        hostVerifier: (key: Buffer) => known.includes(key.toString('base64')),
      });
  });
}
