import type { Fact } from '../../src/facts/fact.js';
import { ensureFile, type Step } from '../../src/engine/step.js';
import { sh } from '../../src/shell/command.js';
import type { Secret } from '../../src/shell/secret.js';

/**
 * Where the auth key waits for `tailscale up --auth-key=file:PATH` (the CLI reads the file itself, since
 * Tailscale 1.16, and trims surrounding whitespace): root's only, on /run (a tmpfs: the key never reaches a
 * disk), and removed by the step that joins, whether the join worked or not.
 */
export const AUTH_KEY_FILE = '/run/phanes-tailscale-auth-key';

/** Whether an interrupted run left the key file behind (`test` is the shell's own: no program started). */
export const authKeyFileFact: Fact<boolean> = {
  description: `file ${AUTH_KEY_FILE}`,
  command: sh`test -e ${AUTH_KEY_FILE}`,
  sharesShell: true,
  parse: (_output, exitCode) => exitCode === 0,
};

/**
 * Writes the key, 0600 root:root; the content is a Secret, so it travels inside the script (stdin) and plan
 * shows no diff. Always a step: the file is never left in place for a later run to find.
 */
export function writeAuthKeyStep(key: Secret): Step[] {
  const title = `Write the auth key to ${AUTH_KEY_FILE} (0600 root, removed after the join)`;
  return ensureFile({ title, path: AUTH_KEY_FILE, content: key, mode: '0600', owner: 'root', group: 'root' }, null);
}

/** Removes a key file an interrupted run left behind, when no join of this run removes it. */
export function removeAuthKeyStep(): Step {
  return { kind: 'command', title: `Remove ${AUTH_KEY_FILE} (left by an interrupted run)`, command: sh`rm -f ${AUTH_KEY_FILE}` };
}
