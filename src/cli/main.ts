#!/usr/bin/env node
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { DEFAULT_FORKS } from '../engine/run-hosts.js';
import { cloudInitCommand } from './cloud-init-command.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { initCommand } from './init-command.js';
import { listCommand } from './list-command.js';
import { writeCommandLineInventory } from './command-line-inventory.js';
import { CliError } from './load-targets.js';
import { runCommand, type OutputFormat, type RunArgs } from './run-command.js';
import { statusCommand } from './status-command.js';
import { dashboardCommand } from './dashboard-command.js';
import { PHANES_COMMIT, PHANES_VERSION } from './version.js';

const EPILOGUE = 'Exit codes: 0 ok, 2 changes pending (plan --detailed-exitcode), 3 bad usage, 4 invalid inventory, 5 a module failed, 6 a host unreachable, 7 locked, 130 interrupted.';

function hostOptions<T>(y: Argv<T>) {
  return y
    .option('inventory', { alias: 'i', type: 'string', describe: 'inventory file (YAML)' })
    .option('known-hosts', { type: 'string', describe: 'known_hosts file to check host keys against (default ~/.ssh/known_hosts)' })
    .option('ssh-config', { type: 'string', describe: 'OpenSSH client config to read (default ~/.ssh/config)' })
    .option('host-key-policy', { choices: ['strict', 'accept-new'] as const, describe: 'override the inventory: strict, or accept-new to record unknown host keys' })
    .option('json', { type: 'boolean', default: false, describe: 'print a machine-readable result on stdout instead of tables' })
    .option('state-dir', { type: 'string', default: '.phanes', describe: 'where logs and the local state cache go' });
}

function runOptions<T>(y: Argv<T>) {
  return hostOptions(y)
    .option('limit', { alias: 'l', type: 'string', array: true, describe: 'only these hosts or groups (comma-separated, globs allowed)' })
    .option('profile', { type: 'string', describe: 'run this profile on every selected host instead of its own modules' })
    .option('modules', { alias: 'm', type: 'string', array: true, describe: 'run these modules (comma-separated) instead of the hosts\' own' })
    .option('forks', { alias: 'f', type: 'number', default: DEFAULT_FORKS, describe: 'hosts worked on at once' })
    .option('detailed-exitcode', { type: 'boolean', default: false, describe: 'exit 2 when changes are pending (0: nothing to change)' })
    .option('host', { type: 'string', array: true, describe: 'without an inventory: a host as [user@]address[:port] (repeat for several)' })
    .option('local', { type: 'boolean', default: false, describe: 'without an inventory: this machine, as root (or through sudo)' })
    .option('identity', { type: 'string', describe: 'with --host: the private key to log in with' })
    .option('vars', { type: 'string', describe: 'with --host or --local: a YAML file of module settings (an inventory\'s vars)' })
    .option('set', { type: 'string', array: true, describe: 'with --host or --local: one setting, module.key=value (repeatable)' })
    .check((argv) => {
      // A CliError: fail() takes any other error for a crash.
      if (!Number.isInteger(argv.forks) || argv.forks < 1) throw new CliError('--forks must be a positive integer\nRun phanes --help for usage.', EXIT.usage);
      return true;
    });
}

type ParsedRun = Awaited<ReturnType<ReturnType<typeof runOptions>['parseAsync']>> & { yes?: boolean; 'dry-run'?: boolean; diff?: boolean; format?: string };

const FORMATS: readonly OutputFormat[] = ['text', 'markdown', 'json'];

/** --format, with --json as its older spelling of `--format json`. */
function formatOf(argv: ParsedRun): OutputFormat {
  const format = argv.format ?? 'text';
  if (!FORMATS.includes(format as OutputFormat)) {
    throw new CliError(`--format must be one of ${FORMATS.join(', ')}, not "${format}"\nRun phanes plan --help for usage.`, EXIT.usage);
  }
  if (argv.json && format !== 'text' && format !== 'json') throw new CliError(`--json and --format ${format} ask for two outputs: give one`, EXIT.usage);
  return argv.json ? 'json' : (format as OutputFormat);
}

/** The inventory to load: -i FILE, or the one --host/--local describe (written under the state directory). */
function inventoryOf(argv: ParsedRun): string {
  const oneServer = (argv.host?.length ?? 0) > 0 || argv.local;
  if (argv.inventory && oneServer) throw new CliError('--inventory and --host/--local exclude each other: name the hosts in one place', EXIT.usage);
  if (argv.inventory) {
    if (argv.identity || argv.vars || (argv.set?.length ?? 0) > 0) throw new CliError('--identity, --vars and --set go with --host or --local; with an inventory, put them in it', EXIT.usage);
    return argv.inventory;
  }
  if (!oneServer) throw new CliError('name the hosts: --inventory FILE, --host [user@]address[:port], or --local', EXIT.usage);
  return writeCommandLineInventory(
    { hosts: argv.host, local: argv.local, identity: argv.identity, vars: argv.vars, set: argv.set, profile: argv.profile, modules: argv.modules },
    argv['state-dir'],
  );
}

function toRunArgs(argv: ParsedRun): RunArgs {
  return {
    inventory: inventoryOf(argv),
    limit: argv.limit,
    profile: argv.profile,
    modules: argv.modules,
    hostKeyPolicy: argv['host-key-policy'],
    forks: argv.forks,
    format: formatOf(argv),
    yes: argv.yes ?? false,
    detailedExitcode: argv['detailed-exitcode'],
    diff: argv.diff ?? false,
    knownHosts: argv['known-hosts'],
    sshConfig: argv['ssh-config'],
    stateDir: argv['state-dir'],
  };
}

/** A CliError, also one from the TUI's bundle (dist/phanes-tui.mjs has its own copy of the class). */
function isCliError(error: unknown): error is CliError {
  return error instanceof CliError || (error instanceof Error && error.name === 'CliError' && typeof (error as CliError).exitCode === 'number');
}

/** What `tui` and `apply --tui` share with the other commands. */
function tuiOptions(argv: { inventory?: string | undefined; forks: number; 'host-key-policy'?: 'strict' | 'accept-new' | undefined; 'known-hosts'?: string | undefined; 'ssh-config'?: string | undefined; 'state-dir': string }) {
  return { inventory: argv.inventory, forks: argv.forks, hostKeyPolicy: argv['host-key-policy'], knownHosts: argv['known-hosts'], sshConfig: argv['ssh-config'], stateDir: argv['state-dir'] };
}

/** Parses argv, runs the command, and returns its exit code; never throws. */
export async function main(argv: string[]): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const parser = yargs(argv)
    .scriptName('phanes')
    .version(`${PHANES_VERSION} (commit ${PHANES_COMMIT})`)
    .strict()
    .recommendCommands()
    .demandCommand(1, 'Name a command: apply, plan, status, tui, dashboard, cloud-init, init or list.')
    .command(
      'apply',
      'Change the hosts so they match the inventory',
      (y) =>
        runOptions(y)
          .option('yes', { alias: 'y', type: 'boolean', default: false, describe: 'apply without showing the plan and asking first' })
          .option('dry-run', { type: 'boolean', default: false, describe: 'only plan (the same as phanes plan)' })
          .option('diff', { type: 'boolean', default: false, describe: 'keep the file diffs of what changed in the JSON result and the log' })
          .option('tui', { type: 'boolean', default: false, describe: 'in the terminal UI: the plan, then (y) apply with live progress and the summary' })
          .example('$0 apply -i hosts.yaml', 'show the plan, ask, then apply to every host')
          .example('$0 apply -i hosts.yaml --limit web --yes', 'apply to the web group without asking (CI)')
          .example('$0 apply -i hosts.yaml --modules baseline,user -y', 'run only these modules')
          .example('$0 apply -i hosts.yaml --tui', 'the same in the terminal UI (phanes tui)')
          .example('$0 apply --host root@203.0.113.10 --profile dev --set swap.size_mb=2048', 'one server, no inventory file')
          .example('sudo $0 apply --local --profile minimal --yes', 'this machine (the executable copied to the server)')
          .epilogue(EPILOGUE),
      async (args) => {
        if (args.tui) {
          if (!args.inventory) throw new CliError('apply --tui needs an inventory: --inventory FILE (phanes tui edits one)', EXIT.usage);
          if (args.json || args['dry-run']) throw new CliError('--tui shows the run itself: leave out --json and --dry-run', EXIT.usage);
          code = await (await import('../tui/tui-command.js')).tuiCommand({ ...tuiOptions(args), start: args.yes ? 'apply' : 'plan', limit: args.limit?.flatMap((l) => l.split(',')), profile: args.profile, modules: args.modules });
          return;
        }
        code = await runCommand(args['dry-run'] ? 'plan' : 'apply', toRunArgs(args));
      },
    )
    .command(
      'plan',
      'Show what apply would change, with file diffs; changes nothing',
      (y) =>
        runOptions(y)
          .option('format', { type: 'string', default: 'text', describe: 'what stdout gets: text, markdown (for a pull request) or json (the same as --json)' })
          .example('$0 plan -i hosts.yaml', 'every step apply would run, per host and module')
          .example('$0 plan -i hosts.yaml --format markdown > plan.md', 'the plan as Markdown, to post on a pull request')
          .example('$0 plan -i hosts.yaml --detailed-exitcode', 'exit 2 when anything would change (scheduled drift check)')
          .epilogue(EPILOGUE),
      async (args) => {
        code = await runCommand('plan', toRunArgs(args));
      },
    )
    .command(
      'status <host>',
      'What Phanes installed on a host, when, and whether it drifted since',
      (y) =>
        hostOptions(y)
          .positional('host', { type: 'string', demandOption: true, describe: 'an inventory host name' })
          .option('offline', { type: 'boolean', default: false, describe: 'read the local cache only; do not connect' })
          .option('detailed-exitcode', { type: 'boolean', default: false, describe: 'exit 2 when the host drifted' })
          .example('$0 status web1 -i hosts.yaml', "the host's record and a live drift check")
          .example('$0 status web1 -i hosts.yaml --offline', 'the last apply as this machine remembers it')
          .epilogue(EPILOGUE),
      async (args) => {
        if (!args.inventory) throw new CliError('status needs the inventory the host is in: --inventory FILE', EXIT.usage);
        code = await statusCommand({
          host: args.host,
          inventory: args.inventory,
          hostKeyPolicy: args['host-key-policy'],
          json: args.json,
          offline: args.offline,
          detailedExitcode: args['detailed-exitcode'],
          knownHosts: args['known-hosts'],
          sshConfig: args['ssh-config'],
          stateDir: args['state-dir'],
        });
      },
    )
    .command(
      'cloud-init <host>',
      'Print #cloud-config user-data that brings a fresh server to the host\'s state on first boot, with no SSH',
      (y) =>
        y
          .positional('host', { type: 'string', demandOption: true, describe: 'an inventory host name' })
          .option('inventory', { alias: 'i', type: 'string', demandOption: true, describe: 'inventory file (YAML)' })
          .option('binary-url', { type: 'string', demandOption: true, describe: 'where the server downloads the Phanes executable (phanes-linux-x64 or -arm64) on first boot' })
          .option('binary', { type: 'string', describe: 'that executable here: its sha256 goes into the user-data (default: download --binary-url once to compute it)' })
          .option('binary-sha256', { type: 'string', describe: 'the executable\'s sha256, instead of --binary' })
          .option('authorized-key', { type: 'string', array: true, describe: 'public key file the login user logs in with later (default: the identity file + .pub)' })
          .option('include-secrets', {
            type: 'boolean',
            default: false,
            describe: 'put secret VALUES into the user-data (default: references the server must provide). User-data is kept by the provider, readable by anyone with access to its API or console, and on many clouds by any process on the server from the metadata service',
          })
          .option('ssh-config', { type: 'string', describe: 'OpenSSH client config to read (default ~/.ssh/config)' })
          .example('$0 cloud-init web1 -i hosts.yaml --binary-url https://example.com/phanes-linux-x64 --binary dist/bin/phanes-linux-x64 > web1.yaml', 'user-data for web1')
          .epilogue(EPILOGUE),
      async (args) => {
        code = await cloudInitCommand({
          host: args.host,
          inventory: args.inventory,
          binaryUrl: args['binary-url'],
          binary: args.binary,
          binarySha256: args['binary-sha256'],
          authorizedKeys: args['authorized-key'],
          includeSecrets: args['include-secrets'],
          sshConfig: args['ssh-config'],
        });
      },
    )
    .command(
      'dashboard',
      'Hosts, health, drift and the run history in a browser (http://127.0.0.1:7411/)',
      (y) =>
        hostOptions(y)
          .option('port', { type: 'number', default: 7411, describe: 'port to serve on (0: any free port)' })
          .option('listen', { type: 'string', default: '127.0.0.1', describe: 'address to serve on; any but loopback needs the token the command prints' })
          .option('drift-interval', { type: 'number', default: 600, describe: 'seconds between background drift checks (a read-only plan); 0: only on demand' })
          .option('forks', { alias: 'f', type: 'number', default: DEFAULT_FORKS, describe: 'hosts a drift check works on at once' })
          .example('$0 dashboard -i hosts.yaml', 'serve the dashboard on http://127.0.0.1:7411/')
          .example('$0 dashboard -i hosts.yaml --listen 0.0.0.0 --port 8080', 'reachable from other machines, with the printed token')
          .epilogue(EPILOGUE),
      async (args) => {
        if (!args.inventory) throw new CliError('dashboard needs the inventory whose hosts it shows: --inventory FILE', EXIT.usage);
        if (!Number.isInteger(args.forks) || args.forks < 1) throw new CliError('--forks must be a positive integer', EXIT.usage);
        code = await dashboardCommand({
          inventory: args.inventory,
          hostKeyPolicy: args['host-key-policy'],
          port: args.port,
          listen: args.listen,
          driftInterval: args['drift-interval'],
          forks: args.forks,
          knownHosts: args['known-hosts'],
          sshConfig: args['ssh-config'],
          stateDir: args['state-dir'],
        });
      },
    )
    .command(
      'tui',
      'Interactive: hosts, modules and settings; save, preview (plan) and apply with live progress',
      (y) =>
        hostOptions(y)
          .option('forks', { alias: 'f', type: 'number', default: DEFAULT_FORKS, describe: 'hosts worked on at once' })
          .example('$0 tui -i hosts.yaml', 'edit the inventory, preview and apply (a new file when it does not exist)')
          .epilogue(EPILOGUE),
      async (args) => {
        // Loaded only here: the TUI (Ink, React) costs other commands nothing at start-up.
        code = await (await import('../tui/tui-command.js')).tuiCommand(tuiOptions(args));
      },
    )
    .command(
      'init [file]',
      'Write a starter inventory, with comments, to edit',
      (y) =>
        y
          .positional('file', { type: 'string', default: 'hosts.yaml', describe: 'where to write it (never over an existing file)' })
          .example('$0 init', 'hosts.yaml with one host, the minimal profile and the settings most users change'),
      (args) => {
        code = initCommand(args.file);
      },
    )
    .command(
      'list',
      'Modules and profiles, with descriptions',
      (y) => y.option('json', { type: 'boolean', default: false, describe: 'machine-readable' }).example('$0 list', 'what can go in an inventory'),
      (args) => {
        code = listCommand({ json: args.json });
      },
    )
    .epilogue(EPILOGUE)
    .exitProcess(false)
    .fail((message, error) => {
      if (error && !isCliError(error)) throw error;
      throw error ?? new CliError(`${message}\nRun phanes --help for usage.`, EXIT.usage);
    });

  try {
    await parser.parseAsync();
    return code;
  } catch (error) {
    if (isCliError(error)) {
      process.stderr.write(`phanes: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`phanes: internal error (please report it): ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.internal;
  }
}

// A reader that stops early (`phanes plan | head`) closes the pipe: the run goes on to its end and records
// its state; what it still prints is dropped.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
// Not a top-level await: the executable's bundle is CommonJS (scripts/build-binary.ts).
void main(hideBin(process.argv)).then((exitCode) => {
  process.exitCode = exitCode;
});
