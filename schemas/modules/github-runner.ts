import { PLAIN_NORMAL_PATH, secretSetting, type ModuleSettings } from '../module-settings.js';

/**
 * A base URL: https, or plain http only to this host's loopback (a GitHub Enterprise proxy or a test server
 * on the host itself: a token must never cross a network unencrypted). No trailing slash, no quotes or spaces.
 */
const BASE_URL = '^(https://[A-Za-z0-9.-]+(:[0-9]{1,5})?|http://(127\\.0\\.0\\.1|localhost)(:[0-9]{1,5})?)(/[A-Za-z0-9._~%!$&()*+,;=:@/-]*[A-Za-z0-9._~%!$&()*+,;=:@-])?$';

/** Settings of the github-runner module: a self-hosted GitHub Actions runner, registered and run as a service. */
export const githubRunnerSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['token'],
  properties: {
    state: {
      enum: ['present', 'absent'],
      default: 'present',
      description: 'present: installed, registered and running; absent: unregistered from GitHub, its service and its directory removed (the user stays)',
    },
    repository: {
      type: 'string',
      pattern: '^([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)?$',
      default: '',
      description: 'OWNER/REPO: register a repository runner; set this or organization, not both',
    },
    organization: {
      type: 'string',
      pattern: '^([A-Za-z0-9][A-Za-z0-9-]*)?$',
      default: '',
      description: 'ORG: register an organization runner (in its Default runner group); set this or repository, not both',
    },
    token: secretSetting(
      'a GitHub token allowed to create runner registration and removal tokens (fine-grained: Administration write on the repository, or Self-hosted runners write on the organization; classic: repo, or admin:org); sent to the host over stdin and to GitHub in a header, never in argv, plan output, logs or state',
    ),
    labels: {
      type: 'array',
      items: { type: 'string', pattern: '^[A-Za-z0-9._:/+-]{1,128}$' },
      uniqueItems: true,
      default: [],
      description: 'custom labels workflows target with `runs-on`, besides the runner\'s own self-hosted, Linux and X64/ARM64; changing them re-registers the runner',
    },
    name: {
      type: 'string',
      pattern: '^([A-Za-z0-9._-]{1,64})?$',
      default: '',
      description: "the runner's name on GitHub; empty: the host's inventory name; changing it re-registers the runner",
    },
    version: {
      type: 'string',
      pattern: '^([0-9]+\\.[0-9]+\\.[0-9]+)?$',
      default: '',
      description: 'the actions/runner release to install (e.g. 2.321.0); required unless state is absent; the runner\'s self-update is turned off so this pin holds',
    },
    sha256: {
      type: 'string',
      pattern: '^([0-9a-f]{64})?$',
      default: '',
      description: "the SHA-256 of the release's tarball for the host's architecture (actions-runner-linux-x64-VERSION.tar.gz: the release page lists it); required unless state is absent; a download that differs is refused",
    },
    user: {
      type: 'string',
      pattern: '^[a-z_][a-z0-9_-]{0,31}$',
      default: 'github-runner',
      description: 'the dedicated system user the runner runs as (created when missing; jobs run as this user)',
    },
    directory: {
      type: 'string',
      pattern: PLAIN_NORMAL_PATH,
      default: '/opt/actions-runner',
      description: 'where the runner is unpacked and configured, owned by the user; jobs work in its _work folder',
    },
    github_url: {
      type: 'string',
      pattern: BASE_URL,
      default: 'https://github.com',
      description: 'the GitHub the runner registers with (GitHub Enterprise Server: https://HOST)',
    },
    api_url: {
      type: 'string',
      pattern: BASE_URL,
      default: 'https://api.github.com',
      description: 'the REST API that hands out registration tokens (GitHub Enterprise Server: https://HOST/api/v3)',
    },
    download_url: {
      type: 'string',
      pattern: BASE_URL,
      default: 'https://github.com/actions/runner/releases/download',
      description: 'where releases are downloaded from: BASE/vVERSION/actions-runner-linux-ARCH-VERSION.tar.gz (a mirror of the releases works: the checksum is what is trusted)',
    },
  },
} as const;

export type GithubRunnerSettings = ModuleSettings<typeof githubRunnerSchema>;
