import { randomBytes, randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { builtInCatalog } from '../../modules/catalog.js';
import { isLoopback } from '../dashboard/access.js';
import { DriftChecks } from '../dashboard/drift-checks.js';
import { LiveRuns } from '../dashboard/live-runs.js';
import { RunStore } from '../dashboard/run-store.js';
import { startDashboardServer } from '../dashboard/server.js';
import { SqliteMissingError } from '../dashboard/sqlite.js';
import { runHosts } from '../engine/run-hosts.js';
import { valueMasker } from '../report/mask-values.js';
import { openRunRecorder, runsDir } from '../state/run-recorder.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { CliError, loadTargets, secretsOf, type TargetArgs, type Targets } from './load-targets.js';
import { sshEnvironmentChecked } from './ssh-environment.js';
import { PHANES_VERSION } from './version.js';

/** Options of `phanes dashboard`. */
export interface DashboardArgs extends TargetArgs {
  readonly port: number;
  /** The address to listen on; anything but loopback needs the printed token. */
  readonly listen: string;
  /** Seconds between background drift checks; 0: only when asked on the page. */
  readonly driftInterval: number;
  readonly forks: number;
  readonly knownHosts?: string | undefined;
  readonly sshConfig?: string | undefined;
  readonly stateDir: string;
}

/** The inventory, read again when the file changed (the page lists its hosts). */
function inventoryReader(args: DashboardArgs) {
  let cached: { mtimeMs: number; targets: Targets } | undefined;
  return async (): Promise<Targets> => {
    const mtimeMs = statSync(resolve(args.inventory)).mtimeMs;
    if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, targets: await loadTargets(args) };
    return cached.targets;
  };
}

/**
 * `phanes dashboard`: serves hosts, health, drift and the run history on 127.0.0.1 (or --listen with a
 * token) until Ctrl-C. A thin view: it reads the run records, and its drift check is the engine's plan.
 */
export async function dashboardCommand(args: DashboardArgs): Promise<ExitCode> {
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new CliError(`--port must be 0-65535, not ${args.port}`, EXIT.usage);
  if (!Number.isFinite(args.driftInterval) || args.driftInterval < 0) throw new CliError('--drift-interval must be a number of seconds (0: only on demand)', EXIT.usage);
  const readInventory = inventoryReader(args);
  const first = await readInventory(); // a bad inventory stops here, with its own message and exit code
  for (const warning of first.warnings) process.stderr.write(`warning: ${warning.message}\n`);

  let store: RunStore;
  try {
    store = await RunStore.open(join(args.stateDir, 'dashboard.sqlite'));
  } catch (error) {
    if (error instanceof SqliteMissingError) throw new CliError(error.message, EXIT.usage);
    throw new CliError(`cannot open the dashboard's index ${join(args.stateDir, 'dashboard.sqlite')}: ${(error as Error).message}; check that directory, or delete the file (it is rebuilt from ${runsDir(args.stateDir)})`, EXIT.usage);
  }
  const dir = runsDir(args.stateDir);
  const index = () => store.indexDirectory(dir, (file, error) => process.stderr.write(`warning: ${file} is not a run record Phanes can read (${error.message}); left out of the history\n`));
  index();

  const token = isLoopback(args.listen) ? undefined : randomBytes(24).toString('base64url');
  const never = new AbortController().signal;
  const check = async () => {
    const targets = await readInventory();
    const runId = randomUUID();
    const recorder = openRunRecorder({
      stateDir: args.stateDir,
      runId,
      mode: 'plan',
      trigger: 'dashboard',
      inventory: resolve(targets.inventory.file),
      hosts: targets.hosts.map((h) => ({ name: h.name, modules: h.modules })),
      mask: valueMasker(secretsOf(targets.hosts)),
      onError: (error) => process.stderr.write(`warning: cannot record the drift check under ${dir}: ${error.message}\n`),
    });
    try {
      const summary = await runHosts({
        runId,
        mode: 'plan',
        hosts: targets.hosts,
        inventoryHosts: new Map(targets.inventory.hosts.map((h) => [h.name, h])),
        catalog: builtInCatalog,
        forks: args.forks,
        ssh: sshEnvironmentChecked(args, targets, () => {}),
        phanesVersion: PHANES_VERSION,
        listener: recorder.listener,
        stopStarting: never,
        kill: never,
      });
      recorder.finish(summary);
    } finally {
      recorder.close();
    }
    index();
  };

  let broadcast: (kind: string, data: unknown) => void = () => {};
  const drift = new DriftChecks(check, args.driftInterval, (state) => broadcast('drift', state));
  const live = new LiveRuns(dir, (message) => broadcast(message.kind, message.data), index);
  let server;
  try {
    server = await startDashboardServer({
      address: args.listen,
      port: args.port,
      token,
      store,
      drift,
      replay: () => live.replay(),
      hosts: async () => {
        try {
          return { names: (await readInventory()).inventory.hosts.map((h) => h.name) };
        } catch (error) {
          return { names: first.inventory.hosts.map((h) => h.name), problem: `the inventory cannot be read now; showing its hosts as they were: ${(error as Error).message}` };
        }
      },
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'EADDRINUSE' ? `port ${args.port} on ${args.listen} is in use: choose another with --port` : `cannot listen on ${args.listen}:${args.port}: ${(error as Error).message}`,
      EXIT.usage,
    );
  }
  broadcast = server.broadcast;
  live.start();
  drift.start();
  // The token goes to this terminal only: never into a log or a run record.
  process.stdout.write(token === undefined ? `Dashboard: ${server.url}\n` : `Dashboard: ${server.url}?token=${token}\n(anyone with this address can read the dashboard: share it as a password)\n`);
  process.stdout.write('Ctrl-C stops it.\n');

  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  live.stop();
  drift.stop();
  await server.close();
  store.close();
  return EXIT.ok;
}
