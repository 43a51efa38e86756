import { checkSshConfig, sshEnvironment, type SshEnvironment } from '../ssh/resolve-endpoint.js';
import { EXIT } from './exit-codes.js';
import { CliError, type Targets } from './load-targets.js';

/**
 * The SSH environment for a run, its ~/.ssh/config checked once for every host: each warning is printed
 * once here (the run itself prints none), and a config that ssh would refuse whole stops the run.
 */
export function sshEnvironmentChecked(
  args: { readonly knownHosts?: string | undefined; readonly sshConfig?: string | undefined },
  targets: { readonly hosts: Targets['hosts']; readonly inventory: { readonly hosts: Targets['inventory']['hosts'] } },
  write: (text: string) => void = (text) => process.stderr.write(text),
  environment: typeof sshEnvironment = sshEnvironment,
): SshEnvironment {
  const ssh = environment({ knownHostsFile: args.knownHosts, sshConfigFile: args.sshConfig });
  const { warnings, refusal } = checkSshConfig(ssh, targets.hosts, new Map(targets.inventory.hosts.map((h) => [h.name, h])));
  for (const warning of warnings) write(`warning: ${warning}\n`);
  if (refusal !== undefined) throw new CliError(refusal.includes('ssh refuses') ? refusal : `${refusal} (ssh refuses this config too)`, EXIT.invalidInventory);
  return ssh;
}
