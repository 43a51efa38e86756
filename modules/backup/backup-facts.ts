import { sh } from '../../src/shell/command.js';
import type { Fact } from '../../src/facts/fact.js';
import { CONF_DIR, STATE_DIR } from './backup-paths.js';

/** Whether the module's two directories exist (both, or the step that makes them runs). */
export const directoriesFact: Fact<boolean> = {
  description: `directories ${CONF_DIR} and ${STATE_DIR}`,
  command: sh`[ -d ${CONF_DIR} ] && [ -d ${STATE_DIR} ] && echo yes; true`,
  sharesShell: true,
  parse: (output) => output.trim() === 'yes',
};
