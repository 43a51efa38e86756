import { existsSync } from 'node:fs';
import { EXIT, type ExitCode } from '../cli/exit-codes.js';
import { CliError, loadTargets } from '../cli/load-targets.js';
import { runRecorded, type RunArgs } from '../cli/run-command.js';
import { sshEnvironmentChecked } from '../cli/ssh-environment.js';
import type { RunMode } from '../engine/results.js';
import { colorsFor } from '../report/colors.js';
import type { Runner } from './app.js';
import { openSession } from './inventory-session.js';

/** Options of `phanes tui` and `phanes apply --tui`. */
export interface TuiArgs {
  readonly inventory?: string | undefined;
  /** apply --tui: plan the CLI's selection and ask (or apply at once with --yes). */
  readonly start?: RunMode | undefined;
  readonly limit?: readonly string[] | undefined;
  readonly profile?: string | undefined;
  readonly modules?: readonly string[] | undefined;
  readonly hostKeyPolicy?: 'strict' | 'accept-new' | undefined;
  readonly forks: number;
  readonly knownHosts?: string | undefined;
  readonly sshConfig?: string | undefined;
  readonly stateDir: string;
}

/** Switches the terminal to its alternate screen (the shell's screen comes back on leaving) and hides the cursor. */
const ENTER = '\u001b[?1049h\u001b[?25l';
const LEAVE = '\u001b[?25h\u001b[?1049l';

/** `phanes tui`: the interactive view over the same inventory code and engine as the CLI. */
export async function tuiCommand(args: TuiArgs): Promise<ExitCode> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new CliError('phanes tui needs a terminal (stdin and stdout are not both one); in scripts and CI use phanes plan and phanes apply --yes', EXIT.usage);
  }
  const file = args.inventory ?? 'hosts.yaml';
  if (args.start && !existsSync(file)) throw new CliError(`${file}: the inventory file does not exist (check the path given with --inventory)`, EXIT.invalidInventory);
  // The bundles load yoga-layout without its top-level await (scripts/ink-bundle-patch.ts): wait for it here.
  await ((await import('yoga-layout')) as { yogaReady?: Promise<void> }).yogaReady;
  const [{ render }, { App }] = await Promise.all([import('ink'), import('./app.js')]);

  const runner: Runner = {
    run: async (mode, inventory, limit, hooks) => {
      const runArgs: RunArgs = {
        inventory,
        limit: args.start ? args.limit : limit,
        profile: args.profile,
        modules: args.modules,
        hostKeyPolicy: args.hostKeyPolicy,
        forks: args.forks,
        format: 'text',
        yes: true,
        detailedExitcode: false,
        diff: mode === 'plan',
        knownHosts: args.knownHosts,
        sshConfig: args.sshConfig,
        stateDir: args.stateDir,
      };
      const targets = await loadTargets(runArgs);
      const ssh = sshEnvironmentChecked(runArgs, targets);
      hooks.onStart({ mode, hosts: targets.hosts.map((h) => ({ name: h.name, modules: h.modules })) });
      return runRecorded(mode, runArgs, targets, ssh, true, { ...hooks, leave: () => process.stdout.write(LEAVE) });
    },
  };

  let code: number = EXIT.ok;
  process.stdout.write(ENTER);
  try {
    const app = render(<App session={openSession(file)} runner={runner} colors={colorsFor(process.stdout)} start={args.start} onExit={(c) => (code = c)} />, {
      exitOnCtrlC: false,
      patchConsole: true,
    });
    await app.waitUntilExit();
  } finally {
    process.stdout.write(LEAVE);
  }
  return code as ExitCode;
}
