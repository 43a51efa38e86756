import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OWNER_LABEL, TARGET_IMAGE, TARGET_LABEL, type TargetRole } from './debian-target-container.js';

/** prepare.sh in the repo, found from this file whether it runs from source or from dist/. */
function prepareScript(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'test', 'targets', 'prepare.sh');
    if (existsSync(candidate)) return candidate;
  }
  throw new TargetsUnavailableError('test/targets/prepare.sh not found above ' + import.meta.url);
}

/** Thrown when no engine or image can be had; its message says what is missing and how to fix it. */
export class TargetsUnavailableError extends Error {
  override readonly name = 'TargetsUnavailableError';
}

function quiet(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/**
 * Makes sure a Docker engine answers and the target image exists, running test/targets/prepare.sh
 * (install, start dockerd, build the image) when either is missing.
 */
export function ensureEngineAndImage(): void {
  if (quiet('docker', ['info']) && quiet('docker', ['image', 'inspect', TARGET_IMAGE])) return;
  const run = spawnSync('bash', [prepareScript()], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (run.status !== 0) {
    const why = (run.stderr ?? '').trim().split('\n').filter(Boolean).slice(-3).join('\n  ');
    throw new TargetsUnavailableError(
      `real test targets are unavailable: test/targets/prepare.sh failed (exit ${run.status ?? run.signal}).\n  ${why}\n` +
        'Targets need a Docker engine and the local image; on Debian, run `npm run targets` as root to set both up.',
    );
  }
  process.stderr.write((run.stderr ?? '').replace(/^targets: .*is ready\n/m, ''));
}

/** Whether a process with this pid runs on this machine. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes targets of a role: those of the given owner, or (no owner) those whose owning process is gone,
 * so a run never removes the targets of another run going on at the same time.
 */
export function removeTargets(role: TargetRole, owner?: string): void {
  const list = spawnSync('docker', ['ps', '-a', '--filter', `label=${TARGET_LABEL}=${role}`, '--format', `{{.ID}} {{.Label "${OWNER_LABEL}"}}`], { encoding: 'utf8' });
  const ids = (list.stdout ?? '')
    .split('\n')
    .map((line) => line.split(' '))
    .filter(([id, pid]) => id && (owner === undefined ? !alive(Number(pid)) : pid === owner))
    .map(([id]) => id!);
  if (ids.length > 0) spawnSync('docker', ['rm', '-f', ...ids], { stdio: 'ignore' });
}
