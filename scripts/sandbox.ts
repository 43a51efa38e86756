/**
 * Local throwaway servers to try Phanes on: real Debian 12 systems in Docker, reachable over SSH on
 * 127.0.0.1, with an inventory that points at them.
 *
 *   node dist/scripts/sandbox.js up [COUNT] [DIR]   # start COUNT (default 3) and write DIR/hosts.yaml
 *   node dist/scripts/sandbox.js down               # remove them
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { TARGET_LABEL } from '../test/targets/debian-target-container.js';
import { ensureEngineAndImage } from '../test/targets/ensure-engine.js';
import { startTargets, type TargetSet } from '../test/targets/targets.js';

const DEFAULT_DIR = '.phanes/demo';

/** Sandbox targets outlive the command that started them: remove every one, whoever started it. */
function removeSandbox(): void {
  const list = spawnSync('docker', ['ps', '-aq', '--filter', `label=${TARGET_LABEL}=sandbox`], { encoding: 'utf8' });
  const ids = (list.stdout ?? '').split('\n').filter(Boolean);
  if (ids.length > 0) spawnSync('docker', ['rm', '-f', ...ids], { stdio: 'ignore' });
}

/** The sandbox inventory: every Phanes feature a first run needs, and nothing secret. */
function inventoryText(set: TargetSet): string {
  const hosts = set.targets.map((t) => `  ${t.name}:\n    address: ${t.host}\n    port: ${t.port}`).join('\n');
  return `# Written by \`npm run demo\`: ${set.targets.length} local sandbox servers (Debian 12 in Docker).
# Try: phanes plan -i ${DEFAULT_DIR}/hosts.yaml   (edit the settings below, then plan again)
defaults:
  user: root
  identity_file: ./id_ed25519   # the sandbox key; relative paths start at this file
  known_hosts: ./known_hosts    # the sandbox servers' host keys, checked on every connection
  profile: minimal
  vars:
    baseline:
      timezone: Europe/Berlin
      packages: [ca-certificates, curl, htop]
    user:
      name: ops
      authorized_keys:
        - ${set.publicKey.trim()}
hosts:
${hosts}
`;
}

async function up(count: number, dir: string): Promise<void> {
  ensureEngineAndImage();
  removeSandbox();
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const set = await startTargets({ count, dir, namePrefix: 'demo', role: 'sandbox' });
  await writeFile(resolve(dir, 'hosts.yaml'), inventoryText(set));
  process.stdout.write(`sandbox: ${count} servers up: ${set.targets.map((t) => `${t.name} (127.0.0.1:${t.port})`).join(', ')}\n`);
  process.stdout.write(`sandbox: inventory ${dir}/hosts.yaml; remove the servers with: npm run sandbox:down\n`);
}

const [command = 'up', countText = '3', dir = DEFAULT_DIR] = process.argv.slice(2);
try {
  if (command === 'up') {
    const count = Number(countText);
    if (!Number.isInteger(count) || count < 1 || count > 50) throw new Error(`COUNT must be 1..50, not ${countText}`);
    await up(count, dir);
  } else if (command === 'down') {
    removeSandbox();
    process.stdout.write('sandbox: removed\n');
  } else {
    throw new Error(`unknown command ${command}; use up [COUNT] [DIR] or down`);
  }
} catch (error) {
  process.stderr.write(`sandbox: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
