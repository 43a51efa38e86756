import { aptCacheAgeFact } from '../../src/facts/apt-cache-age.js';
import { fileFact } from '../../src/facts/file.js';
import { packagesFact } from '../../src/facts/packages.js';
import { serviceFact } from '../../src/facts/service.js';
import { defineModule } from '../../src/engine/module.js';
import { ensureFile, type Step } from '../../src/engine/step.js';
import { sh } from '../../src/shell/command.js';
import { updatesSchema, type UpdatesSettings } from '../../schemas/modules/updates.js';
import { installPackages } from '../apt-packages.js';
import { periodicConfig, PERIODIC_FILE, policyConfig, POLICY_FILE } from './config-files.js';
import { originsMatchCheck } from './origins-check.js';
import { aptSourcesFact } from './apt-sources-fact.js';
import { SECURITY_SOURCE_FILE, securitySuiteNotes, securitySuiteSteps } from './security-suite.js';

const TIMERS = ['apt-daily.timer', 'apt-daily-upgrade.timer'] as const;

export const updates = defineModule({
  name: 'updates',
  description: 'Unattended security upgrades, with optional automatic reboot',
  requires: [],
  schema: updatesSchema,
  facts: () => ({
    packages: packagesFact(['unattended-upgrades']),
    aptCacheAge: aptCacheAgeFact,
    periodic: fileFact(PERIODIC_FILE),
    policy: fileFact(POLICY_FILE),
    daily: serviceFact(TIMERS[0]),
    upgrade: serviceFact(TIMERS[1]),
    sources: aptSourcesFact,
    securitySource: fileFact(SECURITY_SOURCE_FILE),
  }),
  plan(settings: UpdatesSettings, facts, host) {
    // Installing refreshes the package lists whatever their age: unattended-upgrades (and its health check)
    // works from them, and lists older than the sources (a new image) may lack the security suite.
    // The security suite first: the package install below refreshes the lists with it.
    const steps: Step[] = securitySuiteSteps(settings, facts.sources, facts.securitySource, host.os);
    steps.push(...installPackages(['unattended-upgrades'], facts.packages, facts.aptCacheAge, 0));
    const file = { mode: '0644', owner: 'root', group: 'root' } as const;
    steps.push(...ensureFile({ title: 'Run apt update and unattended-upgrade daily', path: PERIODIC_FILE, content: periodicConfig(settings), ...file }, facts.periodic));
    steps.push(
      ...ensureFile(
        {
          title: `Upgrade security updates only${settings.automatic_reboot ? `, reboot at ${settings.reboot_time} when needed` : ', never reboot'}`,
          path: POLICY_FILE,
          content: policyConfig(settings, host.os),
          ...file,
        },
        facts.policy,
      ),
    );
    if (!facts.daily.enabled || !facts.upgrade.enabled || !facts.daily.active || !facts.upgrade.active) {
      steps.push({ kind: 'command', title: 'Enable the apt timers', command: sh`systemctl enable --now ${[...TIMERS]}` });
    }
    return steps;
  },
  notes: (settings: UpdatesSettings, facts, host) => securitySuiteNotes(settings, facts.sources, host.os),
  health: () => [
    {
      title: 'an apt source is an allowed origin of unattended-upgrades (security updates will come)',
      command: originsMatchCheck(),
      hint: "no apt source matches Unattended-Upgrade::Origins-Pattern: add the distribution's security suite (Debian: CODENAME-security from debian-security; Ubuntu: CODENAME-security) to the apt sources and run apt-get update; `unattended-upgrade --dry-run --debug` names the origins it sees. A broken apt configuration fails this check too",
    },
  ],
});
