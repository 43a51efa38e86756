import { fileFact } from '../../src/facts/file.js';
import { defineModule, PlanRefusedError } from '../../src/engine/module.js';
import { ensureFile, type Step } from '../../src/engine/step.js';
import { sh } from '../../src/shell/command.js';
import { swapSchema, type SwapSettings } from '../../schemas/modules/swap.js';
import { swapFact } from './swap-fact.js';

const SYSCTL_FILE = '/etc/sysctl.d/60-phanes-swap.conf';

export const swap = defineModule({
  name: 'swap',
  description: 'A swap file of the configured size, in /etc/fstab, with vm.swappiness',
  requires: [],
  schema: swapSchema,
  facts: (settings: SwapSettings) => ({ swap: swapFact(settings.path), sysctl: fileFact(SYSCTL_FILE) }),
  // A container shares its host's kernel, which refuses swapon there: say so rather than fail or pretend.
  // A path taken by something else is refused even there: the setting is wrong for this host either way.
  notApplicable: (_settings: SwapSettings, facts) =>
    facts.swap.container !== 'none' && facts.swap.kind !== 'other' ? `swap cannot be used inside a container (${facts.swap.container}): the kernel refuses swapon there` : undefined,
  plan(settings: SwapSettings, facts) {
    const { path } = settings;
    const bytes = settings.size_mb * 1024 * 1024;
    const steps: Step[] = [];
    if (facts.swap.kind === 'other') {
      throw new PlanRefusedError(
        `swap.path: ${path} exists and is not a swap file (no swap signature, or not a plain file): Phanes never replaces a file it did not make; set swap.path to a free path, or run mkswap on it yourself if it really is meant for swap`,
      );
    }
    if (facts.swap.fileBytes !== bytes) {
      steps.push({
        kind: 'command',
        title: facts.swap.fileBytes === null ? `Create a ${settings.size_mb} MiB swap file at ${path}` : `Resize ${path} to ${settings.size_mb} MiB`,
        // fallocate is fast, but some file systems (btrfs, older XFS) refuse to swap on its files even though
        // it succeeds: when swapon refuses, write the file with dd instead.
        command: sh`${facts.swap.active ? sh`swapoff ${path}
` : sh``}rm -f ${path}
if ! { fallocate -l ${bytes} ${path} && chmod 600 ${path} && mkswap ${path} >/dev/null && swapon ${path}; }; then
  rm -f ${path}
  dd if=/dev/zero of=${path} bs=1M count=${settings.size_mb} status=none
  chmod 600 ${path}
  mkswap ${path} >/dev/null
  swapon ${path}
fi`,
      });
    } else if (!facts.swap.active) {
      steps.push({ kind: 'command', title: `Turn on swap at ${path}`, command: sh`chmod 600 ${path}
swapon ${path}` });
    }
    if (!facts.swap.inFstab) {
      steps.push({ kind: 'command', title: `Mount ${path} at boot (/etc/fstab)`, command: sh`printf '%s none swap sw 0 0\\n' ${path} >> /etc/fstab` });
    }
    steps.push(
      ...ensureFile(
        { title: `vm.swappiness = ${settings.swappiness} at boot`, path: SYSCTL_FILE, content: `# Written by Phanes (swap module).\nvm.swappiness = ${settings.swappiness}\n`, mode: '0644', owner: 'root', group: 'root' },
        facts.sysctl,
      ),
    );
    if (facts.swap.swappiness !== settings.swappiness) {
      steps.push({ kind: 'command', title: `vm.swappiness = ${settings.swappiness} now`, command: sh`sysctl -q -w ${`vm.swappiness=${settings.swappiness}`}` });
    }
    return steps;
  },
  health: (settings: SwapSettings) => [
    {
      title: 'swap file is active',
      command: sh`awk -v f=${settings.path} 'NR > 1 && $1 == f { found = 1 } END { exit !found }' /proc/swaps`,
      hint: 'the swap file is not in use: `swapon --show`; `swapon PATH` says why (a file with holes, or a file system that cannot swap)',
    },
  ],
});
