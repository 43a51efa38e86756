import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI, as users run it (npm test builds before the e2e project runs). */
export const PHANES_BIN = fileURLToPath(new URL('../../../dist/phanes.mjs', import.meta.url));

export interface PhanesRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `phanes ARGS` in `cwd` without a terminal (as CI does), NO_COLOR set. `onStderr` sees progress lines
 * as they come (to act mid-run, e.g. send SIGINT). `closeStdout` closes the reading end of stdout at once,
 * as `phanes plan | head` does once it has its lines.
 */
export function runPhanes(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; onStderr?: (text: string, child: ReturnType<typeof spawn>) => void; closeStdout?: boolean },
): Promise<PhanesRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PHANES_BIN, ...args], {
      cwd: options.cwd,
      // GITHUB_STEP_SUMMARY emptied: a test run inside GitHub Actions would fill the job's page otherwise.
      env: { ...process.env, NO_COLOR: '1', CI: 'true', SSH_AUTH_SOCK: '', GITHUB_STEP_SUMMARY: '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    if (options.closeStdout) child.stdout.destroy();
    else child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      options.onStderr?.(stderr, child);
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
