import { execFileSync } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import type { StartedTestContainer } from 'testcontainers';
import { startAptCacheProxy } from './apt-cache-proxy.js';
import { DebianTargetContainer, TARGET_IMAGE } from './debian-target-container.js';
import { APT_CACHE_DIR } from './targets.js';

/** The target image with Debian's cloud-init added, built from TARGET_IMAGE once and kept. */
export const CLOUD_INIT_IMAGE = `${TARGET_IMAGE.split(':')[0]}-cloud-init:bookworm`;
/** The derived image records the base it came from: a rebuilt base makes it stale. */
const BASE_LABEL = 'dev.phanes.base-image';

/**
 * The container's part of cloud-init's config (copied in before each boot, at CLOUD_CFG_FILE): only NoCloud
 * (the seed directory) is looked for; network and hostname are Docker's; the minbase image has no locales
 * for cloud-init's locale module to set (cloud images have them).
 */
export const CLOUD_CFG = `datasource_list: [NoCloud, None]
network: {config: disabled}
preserve_hostname: true
locale: false
`;
export const CLOUD_CFG_FILE = '/etc/cloud/cloud.cfg.d/99-phanes-test.cfg';

const docker = (args: string[]) => execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** This machine's address on Docker's default bridge: what containers reach it at. */
export function bridgeGatewayAddress(): string {
  const gateway = docker(['network', 'inspect', 'bridge', '-f', '{{range .IPAM.Config}}{{.Gateway}}{{end}}']);
  if (gateway !== '') return gateway;
  // Some engines leave the default bridge's Gateway empty: its interface (docker0) holds the address.
  const name = docker(['network', 'inspect', 'bridge', '-f', '{{index .Options "com.docker.network.bridge.name"}}']) || 'docker0';
  const address = networkInterfaces()[name]?.find((a) => a.family === 'IPv4')?.address;
  if (address === undefined) throw new Error(`no IPv4 address on ${name}, Docker's default bridge`);
  return address;
}

/**
 * The image with cloud-init installed (from the harness's apt proxy) and never run: its first boot in a
 * test is a first boot. Built when missing or made from another base image; about a minute.
 */
export async function ensureCloudInitImage(): Promise<string> {
  const base = docker(['image', 'inspect', '-f', '{{.Id}}', TARGET_IMAGE]);
  let current = '';
  try {
    current = docker(['image', 'inspect', '-f', `{{index .Config.Labels "${BASE_LABEL}"}}`, CLOUD_INIT_IMAGE]);
  } catch {
    // Not built yet.
  }
  if (current === base) return CLOUD_INIT_IMAGE;

  const proxy = await startAptCacheProxy(APT_CACHE_DIR, bridgeGatewayAddress());
  let container: StartedTestContainer | undefined;
  try {
    container = await new DebianTargetContainer('test').start();
    const script = `set -eu
echo 'Acquire::http::Proxy "${proxy.url}";' > /etc/apt/apt.conf.d/01phanes-build-proxy
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends cloud-init >/dev/null
rm -f /etc/apt/apt.conf.d/01phanes-build-proxy
rm -rf /var/lib/apt/lists/*
printf '%s' '${CLOUD_CFG}' > ${CLOUD_CFG_FILE}
cloud-init clean --logs
`;
    const result = await container.exec(['/bin/sh', '-c', script]);
    if (result.exitCode !== 0) throw new Error(`installing cloud-init into ${TARGET_IMAGE} failed:\n${result.output}`);
    docker(['commit', '--change', `LABEL ${BASE_LABEL}=${base}`, container.getId(), CLOUD_INIT_IMAGE]);
    return CLOUD_INIT_IMAGE;
  } finally {
    await container?.stop({ timeout: 1_000 });
    await proxy.close();
  }
}
