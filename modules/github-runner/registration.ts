import { PlanRefusedError } from '../../src/engine/module.js';
import type { Step } from '../../src/engine/step.js';
import { sh, type ShellText } from '../../src/shell/command.js';
import type { Secret } from '../../src/shell/secret.js';
import type { GithubRunnerSettings } from '../../schemas/modules/github-runner.js';
import { curlProto } from './runner-release.js';

/** The REST API version Phanes speaks (GitHub answers with this version's shapes while it is supported). */
export const API_VERSION = '2022-11-28';

/** What the runner registers with: a repository or an organization, and the URLs that follow from it. */
export interface RunnerScope {
  /** `repository OWNER/REPO` or `organization ORG`, for titles and messages. */
  readonly label: string;
  /** What config.sh's --url gets: the repository's or organization's page. */
  readonly runnerUrl: string;
  /** POST here for a registration token. */
  readonly registrationTokenUrl: string;
  /** POST here for a removal token. */
  readonly removeTokenUrl: string;
}

/** The scope the settings name; exactly one of repository and organization must be set. */
export function runnerScope(settings: GithubRunnerSettings): RunnerScope {
  const { repository, organization, github_url: github, api_url: api } = settings;
  if ((repository === '') === (organization === '')) {
    throw new PlanRefusedError(
      `github-runner: set ${repository === '' ? 'one of repository (OWNER/REPO) and organization (ORG)' : 'only one of repository and organization'}: a runner registers with one repository or one organization`,
    );
  }
  const path = repository !== '' ? `repos/${repository}` : `orgs/${organization}`;
  return {
    label: repository !== '' ? `repository ${repository}` : `organization ${organization}`,
    runnerUrl: `${github}/${repository !== '' ? repository : organization}`,
    registrationTokenUrl: `${api}/${path}/actions/runners/registration-token`,
    removeTokenUrl: `${api}/${path}/actions/runners/remove-token`,
  };
}

/**
 * Asks GitHub's REST API for a registration or removal token and exports it as ACTIONS_RUNNER_INPUT_TOKEN,
 * where config.sh reads its --token (and clears it). The API token is written into curl's stdin as a header
 * by the shell's own printf (no program's argv holds it); the token GitHub answers with goes from a shell
 * variable into the environment of config.sh only. Neither is ever printed.
 */
export function fetchRunnerToken(apiToken: Secret, url: string, purpose: 'registration' | 'removal'): ShellText {
  return sh`phanes_answer=$(printf 'Authorization: Bearer %s\\n' ${apiToken} | curl -fsS --proto ${curlProto(url)} --max-time 60 -X POST -H @- -H 'Accept: application/vnd.github+json' -H ${`X-GitHub-Api-Version: ${API_VERSION}`} ${url}) || {
  echo GitHub refused to create a ${purpose} token at ${url}: check that github-runner.token is valid and may administer the runners there >&2
  exit 1
}
ACTIONS_RUNNER_INPUT_TOKEN=$(printf '%s\\n' "$phanes_answer" | sed -n 's/.*"token"[[:space:]]*:[[:space:]]*"\\([^"]*\\)".*/\\1/p' | head -n 1)
if [ -z "$ACTIONS_RUNNER_INPUT_TOKEN" ]; then
  echo the answer of ${url} holds no token >&2
  exit 1
fi
export ACTIONS_RUNNER_INPUT_TOKEN`;
}

/** What config.sh is given: name, labels, and the settings that make the pin hold. */
export interface Registration {
  readonly scope: RunnerScope;
  readonly name: string;
  readonly labels: readonly string[];
}

/**
 * Registers the runner: a registration token from the API, then config.sh as the runner's user, unattended,
 * replacing a runner of the same name GitHub still knows (a host rebuilt from scratch), self-update off.
 */
export function registerStep(token: Secret, registration: Registration, directory: string, user: string): Step {
  const { scope, name, labels } = registration;
  const labelWords = labels.length > 0 ? sh` --labels ${labels.join(',')}` : sh``;
  return {
    kind: 'command',
    title: `Register runner ${name} with ${scope.label}${labels.length > 0 ? ` (labels ${labels.join(', ')})` : ''}`,
    command: sh`cd ${directory}
${fetchRunnerToken(token, scope.registrationTokenUrl, 'registration')}
runuser -u ${user} -- ./config.sh --unattended --url ${scope.runnerUrl} --name ${name}${labelWords} --work _work --replace --disableupdate < /dev/null`,
  };
}

/** Unregisters the runner configured in the directory (from GitHub and locally), with a removal token. */
export function unregisterStep(token: Secret, scope: RunnerScope, directory: string, user: string, why: string): Step {
  return {
    kind: 'command',
    title: `Unregister the runner from ${scope.label} (${why})`,
    command: sh`cd ${directory}
${fetchRunnerToken(token, scope.removeTokenUrl, 'removal')}
runuser -u ${user} -- ./config.sh remove < /dev/null`,
  };
}
