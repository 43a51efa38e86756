import { sh } from '../../src/shell/command.js';
import type { Fact } from '../../src/facts/fact.js';
import { FILE_PREFIX, SERVICES_DIR } from './service-file.js';

/** Paths of Phanes' service files in /etc/avahi/services, one per line (none when the folder is missing). */
export const serviceFilesFact: Fact<string[]> = {
  description: `Phanes' service files in ${SERVICES_DIR}`,
  command: sh`for f in ${SERVICES_DIR}/${FILE_PREFIX}*.service; do [ -e "$f" ] && printf '%s\\n' "$f"; done; true`,
  sharesShell: true,
  parse: (output) => output.split('\n').filter((line) => line !== ''),
};
