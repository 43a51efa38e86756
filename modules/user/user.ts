import { aptCacheAgeFact } from '../../src/facts/apt-cache-age.js';
import { fileFact } from '../../src/facts/file.js';
import { packagesFact } from '../../src/facts/packages.js';
import { defineModule } from '../../src/engine/module.js';
import { ensureFile, type Step } from '../../src/engine/step.js';
import { sh } from '../../src/shell/command.js';
import { userSchema, type UserSettings } from '../../schemas/modules/user.js';
import { installPackages } from '../apt-packages.js';
import { accountFact, existingGroupsFact } from './account-fact.js';

/** sudo reads every file in sudoers.d whose name has no dot and does not end in ~. */
export function sudoersPath(name: string): string {
  return `/etc/sudoers.d/90-phanes-${name}`;
}

export function sudoersContent(name: string, sudo: 'nopasswd' | 'password'): string {
  const rule = sudo === 'nopasswd' ? 'NOPASSWD:ALL' : 'ALL';
  return `# Written by Phanes (user module).\n${name} ALL=(ALL:ALL) ${rule}\n`;
}

export function authorizedKeysContent(keys: readonly string[]): string {
  return keys.map((key) => key.trim()).join('\n') + '\n';
}

export const user = defineModule({
  name: 'user',
  description: 'A sudo user with SSH keys, shell and groups',
  requires: [],
  schema: userSchema,
  facts: (settings: UserSettings) => ({
    account: accountFact(settings.name),
    groups: existingGroupsFact(settings.groups),
    sudoers: fileFact(sudoersPath(settings.name)),
    packages: packagesFact(settings.sudo === 'none' ? [] : ['sudo']),
    aptCacheAge: aptCacheAgeFact,
  }),
  plan(settings: UserSettings, facts) {
    const { name } = settings;
    const steps: Step[] = [];
    if (settings.sudo !== 'none') steps.push(...installPackages(['sudo'], facts.packages, facts.aptCacheAge, 86_400));

    // The account's own group comes with it (useradd --user-group): never create or add it separately.
    const groups = settings.groups.filter((group) => group !== name);
    const missingGroups = groups.filter((group) => !facts.groups.has(group));
    if (missingGroups.length > 0) {
      steps.push({
        kind: 'command',
        title: `Create the group${missingGroups.length > 1 ? 's' : ''} ${missingGroups.join(', ')}`,
        command: sh`for group in ${missingGroups}; do groupadd "$group"; done`,
      });
    }

    const account = facts.account;
    if (!account) {
      const groupOption = groups.length > 0 ? sh` --groups ${groups.join(',')}` : sh``;
      steps.push({
        kind: 'command',
        title: `Create the user ${name}`,
        command: sh`useradd --create-home --user-group --shell ${settings.shell}${groupOption} ${name}`,
      });
    } else {
      if (account.shell !== settings.shell) {
        steps.push({ kind: 'command', title: `Set ${name}'s shell to ${settings.shell}`, command: sh`usermod --shell ${settings.shell} ${name}` });
      }
      const toJoin = groups.filter((group) => !account.groups.has(group));
      if (toJoin.length > 0) {
        steps.push({ kind: 'command', title: `Add ${name} to ${toJoin.join(', ')}`, command: sh`usermod --append --groups ${toJoin.join(',')} ${name}` });
      }
    }

    if (settings.authorized_keys.length > 0) {
      const home = account?.home ?? `/home/${name}`;
      const group = account?.primaryGroup ?? name;
      if (account?.sshDir !== `0700 ${name} ${group}`) {
        steps.push({
          kind: 'command',
          title: `Create ${home}/.ssh`,
          command: sh`install -d -m 0700 -o ${name} -g ${group} ${`${home}/.ssh`}`,
        });
      }
      const count = settings.authorized_keys.length;
      steps.push(
        ...ensureFile(
          {
            title: `Write ${name}'s authorized_keys (${count} key${count > 1 ? 's' : ''})`,
            path: `${home}/.ssh/authorized_keys`,
            content: authorizedKeysContent(settings.authorized_keys),
            mode: '0600',
            owner: name,
            group,
          },
          account?.authorizedKeys ?? null,
        ),
      );
    }

    const sudoers = sudoersPath(name);
    if (settings.sudo === 'none') {
      if (facts.sudoers) steps.push({ kind: 'command', title: `Remove ${name}'s sudo rule`, command: sh`rm -f ${sudoers}` });
    } else {
      steps.push(
        ...ensureFile(
          {
            title: `Allow ${name} to use sudo${settings.sudo === 'nopasswd' ? ' without a password' : ''}`,
            path: sudoers,
            content: sudoersContent(name, settings.sudo),
            mode: '0440',
            owner: 'root',
            group: 'root',
            validate: (tmp) => sh`visudo -cqf ${tmp}`,
          },
          facts.sudoers,
        ),
      );
    }
    return steps;
  },
});
