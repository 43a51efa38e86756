import { aptCacheAgeFact } from '../../src/facts/apt-cache-age.js';
import { fileFact } from '../../src/facts/file.js';
import type { FactValues } from '../../src/facts/fact.js';
import { packagesFact } from '../../src/facts/packages.js';
import { serviceFact } from '../../src/facts/service.js';
import { defineModule, PlanRefusedError, type HostContext } from '../../src/engine/module.js';
import { ensureFile, type Step } from '../../src/engine/step.js';
import { sh } from '../../src/shell/command.js';
import { githubRunnerSchema, type GithubRunnerSettings } from '../../schemas/modules/github-runner.js';
import { installPackages } from '../apt-packages.js';
import { architectureFact } from '../caddy/caddy-repository.js';
import { unitActiveCheck } from '../nginx/service-unit.js';
import { registerStep, runnerScope, unregisterStep, type Registration } from './registration.js';
import { installDependenciesStep, installReleaseStep, runnerRelease } from './runner-release.js';
import { parseRecord, parseRunnerConfig, RECORD_FILE, renderRecord, unpackedFact, userExistsFact, type InstalledRunner } from './runner-state.js';
import { RUNNER_UNIT, runnerUnit, UNIT_FILE } from './runner-unit.js';

/** What downloading and the token requests need on the host. */
const PACKAGES = ['curl', 'ca-certificates'];
const MAX_CACHE_AGE = 86_400;

function runnerFacts(settings: GithubRunnerSettings) {
  const dir = settings.directory;
  return {
    packages: packagesFact(PACKAGES),
    aptCacheAge: aptCacheAgeFact,
    architecture: architectureFact,
    user: userExistsFact(settings.user),
    unpacked: unpackedFact(dir),
    runnerConfig: fileFact(`${dir}/.runner`),
    record: fileFact(`${dir}/${RECORD_FILE}`),
    unitFile: fileFact(UNIT_FILE),
    service: serviceFact(RUNNER_UNIT),
  };
}

type RunnerFacts = FactValues<ReturnType<typeof runnerFacts>>;

const sameLabels = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((label, i) => label === [...b].sort()[i]);

/** Why the registration on the host is not the one the settings want, or undefined when it is. */
function registrationDrift(record: InstalledRunner | null, wanted: InstalledRunner): string | undefined {
  if (record === null) return 'Phanes has no record of its registration';
  if (record.url !== wanted.url) return `it is registered with ${record.url || 'an unknown URL'}`;
  if (record.name !== wanted.name) return `it is named ${record.name}`;
  if (!sameLabels(record.labels, wanted.labels)) return `its labels were ${record.labels.length > 0 ? record.labels.join(', ') : 'none'}`;
  if (record.user !== wanted.user) return `it ran as ${record.user}`;
  return undefined;
}

function presentSteps(settings: GithubRunnerSettings, facts: RunnerFacts, host: HostContext): Step[] {
  const { directory: dir, user } = settings;
  if (settings.version === '' || settings.sha256 === '') {
    throw new PlanRefusedError('github-runner: set version and sha256 (the actions/runner release and its tarball\'s SHA-256 from the release page): Phanes installs only a pinned, checked release');
  }
  const scope = runnerScope(settings);
  const release = runnerRelease(settings.download_url, settings.version, settings.sha256, facts.architecture);
  const name = settings.name !== '' ? settings.name : host.host;
  const wanted: InstalledRunner = { version: release.version, sha256: release.sha256, url: scope.runnerUrl, name, labels: settings.labels, user };
  const record = parseRecord(facts.record);
  const configured = parseRunnerConfig(facts.runnerConfig) !== null;

  const steps: Step[] = [...installPackages(PACKAGES, facts.packages, facts.aptCacheAge, MAX_CACHE_AGE)];
  if (!facts.user) {
    steps.push({ kind: 'command', title: `Create the system user ${user} (the runner and its jobs run as it)`, command: sh`useradd --system --create-home --shell /bin/bash ${user}` });
  }
  const newRelease = !facts.unpacked || record === null || record.version !== release.version || record.sha256 !== release.sha256;
  const drift = configured ? registrationDrift(record, wanted) : 'not registered yet';
  const reregister = configured && drift !== undefined;
  // The listener must not run while its files are replaced or its registration is removed.
  if ((newRelease || reregister) && facts.service.active) {
    steps.push({ kind: 'command', title: `Stop ${RUNNER_UNIT} (a running job gets its stop timeout)`, command: sh`systemctl stop ${RUNNER_UNIT}` });
  }
  if (newRelease) steps.push(installReleaseStep(release, dir, user), installDependenciesStep(dir));
  const registration: Registration = { scope, name, labels: settings.labels };
  if (reregister) steps.push(unregisterStep(settings.token, scope, dir, user, `to register again: ${drift}`));
  if (drift !== undefined) steps.push(registerStep(settings.token, registration, dir, user));

  const unit = ensureFile({ title: `Write ${UNIT_FILE} (run.sh as ${user})`, path: UNIT_FILE, content: runnerUnit(dir, user), mode: '0644', owner: 'root', group: 'root' }, facts.unitFile);
  if (unit.length > 0) steps.push(...unit, { kind: 'command', title: 'Reload systemd (the runner unit changed)', command: sh`systemctl daemon-reload` });
  steps.push(
    ...ensureFile({ title: `Record the installed release and registration in ${dir}/${RECORD_FILE}`, path: `${dir}/${RECORD_FILE}`, content: renderRecord(wanted), mode: '0644', owner: 'root', group: 'root' }, facts.record),
  );
  const changed = newRelease || drift !== undefined || unit.length > 0;
  if (!facts.service.enabled) steps.push({ kind: 'command', title: `Enable ${RUNNER_UNIT} at boot`, command: sh`systemctl enable ${RUNNER_UNIT}` });
  // Started when something changed or it was never enabled; a runner stopped by hand otherwise stays stopped (health says so).
  if (changed || !facts.service.enabled) steps.push({ kind: 'command', title: `Start ${RUNNER_UNIT} (restarted when it ran)`, command: sh`systemctl restart ${RUNNER_UNIT}` });
  return steps;
}

function absentSteps(settings: GithubRunnerSettings, facts: RunnerFacts): Step[] {
  const { directory: dir, user } = settings;
  const steps: Step[] = [];
  if (facts.service.active) steps.push({ kind: 'command', title: `Stop ${RUNNER_UNIT}`, command: sh`systemctl stop ${RUNNER_UNIT}` });
  if (facts.runnerConfig !== null) steps.push(unregisterStep(settings.token, runnerScope(settings), dir, user, 'state: absent'));
  if (facts.unitFile !== null || facts.service.enabled) {
    steps.push({ kind: 'command', title: `Remove ${RUNNER_UNIT}`, command: sh`systemctl disable ${RUNNER_UNIT} || true
rm -f ${UNIT_FILE}
systemctl daemon-reload` });
  }
  if (facts.unpacked || facts.record !== null) steps.push({ kind: 'command', title: `Remove ${dir} (the runner's files and work folder; the user ${user} stays)`, command: sh`rm -rf ${dir}` });
  return steps;
}

export const githubRunner = defineModule({
  name: 'github-runner',
  description: 'A self-hosted GitHub Actions runner for a repository or organization, with labels, as a service',
  requires: [],
  schema: githubRunnerSchema,
  facts: (settings: GithubRunnerSettings) => runnerFacts(settings),
  plan: (settings: GithubRunnerSettings, facts: RunnerFacts, host: HostContext) => (settings.state === 'absent' ? absentSteps(settings, facts) : presentSteps(settings, facts, host)),
  health: (settings: GithubRunnerSettings) =>
    settings.state === 'absent'
      ? []
      : [
          unitActiveCheck(RUNNER_UNIT, 'the GitHub Actions runner'),
          {
            title: 'the runner is configured (.runner exists)',
            command: sh`test -s ${`${settings.directory}/.runner`}`,
            hint: `config.sh has not registered the runner in ${settings.directory}; apply again, and see the registration step's output (a refused token names the URL it asked)`,
          },
        ],
});
