import { appendFileSync } from 'node:fs';

/**
 * Appends a run's Markdown to the file GITHUB_STEP_SUMMARY names (GitHub Actions shows it on the job's
 * page), when it names one. A file that cannot be written never fails the run: `warn` hears one line.
 */
export function appendStepSummary(markdown: string, env: NodeJS.ProcessEnv, warn: (line: string) => void): void {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  try {
    appendFileSync(file, markdown.endsWith('\n') ? `${markdown}\n` : `${markdown}\n\n`);
  } catch (error) {
    warn(`warning: cannot append the run's summary to GITHUB_STEP_SUMMARY: ${(error as Error).message}; the run's result is unchanged`);
  }
}
