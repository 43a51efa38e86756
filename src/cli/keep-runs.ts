import { DEFAULT_KEEP_RUNS } from '../state/run-retention.js';
import { EXIT } from './exit-codes.js';
import { CliError } from './load-targets.js';

/** --keep-runs in --help. */
export const KEEP_RUNS_HELP = `run records kept under STATE_DIR/runs per inventory, for CLI runs and drift checks each; older ones are removed when a run ends (0: keep all; default: PHANES_KEEP_RUNS, else ${DEFAULT_KEEP_RUNS})`;

/**
 * How many runs to keep: --keep-runs, else the PHANES_KEEP_RUNS environment variable (a setting that holds
 * for every command of a shell or a machine), else DEFAULT_KEEP_RUNS.
 */
export function keepRunsOf(flag: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = env.PHANES_KEEP_RUNS?.trim();
  const [value, source] = flag !== undefined ? [flag, '--keep-runs'] : fromEnv ? [Number(fromEnv), `PHANES_KEEP_RUNS=${fromEnv}`] : [DEFAULT_KEEP_RUNS, 'default'];
  if (!Number.isInteger(value) || value < 0) {
    throw new CliError(`${source}: the number of runs to keep must be a whole number, 0 or more (0 keeps every run), not ${flag ?? fromEnv}`, EXIT.usage);
  }
  return value;
}
