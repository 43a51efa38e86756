import { sh } from '../../src/shell/command.js';
import type { Fact } from '../../src/facts/fact.js';
import { INCLUDE_LINE, REDIS_CONF } from './redis-config.js';

/** Whether redis.conf's last directive (comments and blank lines aside) is Phanes' include line. */
export const includeLastFact: Fact<boolean> = {
  description: `the last directive of ${REDIS_CONF}`,
  command: sh`grep -v '^[[:space:]]*#' ${REDIS_CONF} | grep -v '^[[:space:]]*$' | tail -n 1`,
  parse: (output) => output.trim() === INCLUDE_LINE,
};

