import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_VERSION, fetchRunnerToken } from '../../../modules/github-runner/registration.js';
import { sh } from '../../../src/shell/command.js';
import { Secret } from '../../../src/shell/secret.js';
import { startFakeGithubApi, type FakeGithubApi } from './fake-github-api.js';

/**
 * The token request the module renders, run by /bin/sh and this machine's curl (as a host runs it) against a
 * fake API on 127.0.0.1: the exact request GitHub gets, and what the script makes of the answer.
 */

const API_TOKEN = 'github_pat_11TEST0secret0value';
const REGISTRATION = 'AABF3JGZDX3P5PMEXLND6TS6FCWO6';
const REMOVAL = 'AABF3JGZDX3P5PMEXLND6TS6REMOVE';
const hasCurl = spawnSync('curl', ['--version']).status === 0;

/** Runs a script as the engine does: the whole script on sh's stdin. */
function runScript(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-s'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(script);
  });
}

describe.skipIf(!hasCurl)('the registration and removal token requests (curl against a fake API on 127.0.0.1)', () => {
  let api: FakeGithubApi;
  beforeAll(async () => {
    api = await startFakeGithubApi(API_TOKEN, { registration: REGISTRATION, removal: REMOVAL });
  });
  afterAll(() => api.close());

  for (const [purpose, path, expected] of [
    ['registration', '/repos/acme/deploy/actions/runners/registration-token', REGISTRATION],
    ['removal', '/orgs/acme/actions/runners/remove-token', REMOVAL],
  ] as const) {
    it(`${purpose}: POST ${path} with GitHub's headers, the answer's token exported for config.sh`, async () => {
      api.requests.length = 0;
      const script = sh`set -eu
${fetchRunnerToken(new Secret(API_TOKEN, 'test'), `${api.url}${path}`, purpose)}
printf '%s' "$ACTIONS_RUNNER_INPUT_TOKEN"`;
      expect(script.shown).not.toContain(API_TOKEN);
      const result = await runScript(script.text);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(expected);
      expect(api.requests).toHaveLength(1);
      const [request] = api.requests;
      expect(request?.method).toBe('POST');
      expect(request?.path).toBe(path);
      expect(request?.headers['authorization']).toBe(`Bearer ${API_TOKEN}`);
      expect(request?.headers['accept']).toBe('application/vnd.github+json');
      expect(request?.headers['x-github-api-version']).toBe(API_VERSION);
      expect(request?.body).toBe('');
    });
  }

  it('a refused API token fails the step with a message naming the URL, never the token', async () => {
    const url = `${api.url}/repos/acme/deploy/actions/runners/registration-token`;
    const result = await runScript(sh`set -eu
${fetchRunnerToken(new Secret('wrong-token-value', 'test'), url, 'registration')}
echo not reached`.text);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`GitHub refused to create a registration token at ${url}`);
    expect(result.stderr).toContain('401');
    expect(result.stderr).not.toContain('wrong-token-value');
  });

  it('an answer without a token fails the step', async () => {
    const url = `${api.url}/repos/acme/deploy/actions/runners/not-a-token-endpoint`;
    const result = await runScript(sh`set -eu
${fetchRunnerToken(new Secret(API_TOKEN, 'test'), url, 'registration')}
echo not reached`.text);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
  });
});
