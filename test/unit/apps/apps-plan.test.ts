import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { apps } from '../../../modules/apps/apps.js';
import { envChanges, envFile } from '../../../modules/apps/env-file.js';
import { parseManifest, renderManifest } from '../../../modules/apps/manifest.js';
import type { HostContext } from '../../../src/engine/module.js';
import { readLocalDirectory } from '../../../src/inventory/local-directory.js';
import { checkModuleSettings } from '../../../src/inventory/settings-validator.js';
import { Secret } from '../../../src/shell/secret.js';
import type { GoldenCase } from '../../targets/record-facts.js';

const GOLDEN = fileURLToPath(new URL('../../../modules/apps/golden/', import.meta.url));
const HOST: HostContext = {
  host: 'golden',
  loginUser: 'root',
  os: { id: 'debian', versionId: '12', codename: 'bookworm', prettyName: 'Debian GNU/Linux 12 (bookworm)' },
  peers: new Map(),
};

/** A golden case's step titles (the expected scripts hold the commands; the titles are what plan shows). */
function titlesOf(name: string, token = 's3cret-token'): string[] {
  const golden = parse(readFileSync(`${GOLDEN}${name}.yaml`, 'utf8')) as GoldenCase;
  const settings = structuredClone(golden.settings ?? {}) as Record<string, any>;
  checkModuleSettings(apps, settings);
  settings['apps'].web.dir = readLocalDirectory('web', join(GOLDEN, 'web'));
  settings['apps'].api.secrets.API_TOKEN = new Secret(token, 'env:TOKEN');
  const requests = apps.facts(settings, HOST);
  const facts = Object.fromEntries(Object.entries(requests).map(([n, fact]) => [n, fact.parse(golden.facts[n]!.output, golden.facts[n]!.exitCode)]));
  return apps.plan(settings, facts, HOST).map((step) => step.title);
}

describe('apps plan titles', () => {
  it('a fresh host: every file, the .env keys (names only), the manifest, then up, app by app', () => {
    expect(titlesOf('fresh')).toEqual([
      'Create /opt/apps',
      'Create /opt/apps/api',
      'Write /opt/apps/api/compose.yaml',
      'Write /opt/apps/api/.env (0600 root; keys API_TOKEN, MODE)',
      'Record what is deployed in /opt/apps/api/.phanes-manifest',
      'Deploy api: docker compose up -d --remove-orphans, pull always (changed: compose.yaml, .env)',
      'Create /opt/apps/web, /opt/apps/web/html',
      'Write /opt/apps/web/compose.yaml',
      'Write /opt/apps/web/html/index.html',
      'Write /opt/apps/web/.env (0600 root; no keys)',
      'Record what is deployed in /opt/apps/web/.phanes-manifest',
      'Deploy web: docker compose up -d --remove-orphans, pull never (changed: compose.yaml, html/index.html, .env)',
    ]);
  });

  it('one file changed: only that app is redeployed', () => {
    expect(titlesOf('one-file-changed')).toEqual([
      'Write /opt/apps/web/html/index.html',
      'Deploy web: docker compose up -d --remove-orphans, pull never (changed: html/index.html)',
    ]);
  });

  it('a secret changed: the key is named, the value never; only its app is redeployed', () => {
    const titles = titlesOf('secret-changed');
    expect(titles).toEqual([
      'Write /opt/apps/api/.env (0600 root; changed API_TOKEN)',
      'Record what is deployed in /opt/apps/api/.phanes-manifest',
      'Deploy api: docker compose up -d --remove-orphans, pull always (changed: .env)',
    ]);
    expect(titles.join('\n')).not.toContain('s3cret');
    // The same facts with the host's own token: converged (the digests really compare the values).
    expect(titlesOf('secret-changed', 'new-token')).toEqual([]);
  });

  it('no container of a converged app: deployed again; a stale file removed; prune takes an app down', () => {
    expect(titlesOf('not-running')).toEqual(['Deploy api: docker compose up -d --remove-orphans, pull always (no container of the project exists)']);
    expect(titlesOf('file-removed')).toEqual([
      'Remove /opt/apps/web/html/old.css (no longer listed)',
      'Record what is deployed in /opt/apps/web/.phanes-manifest',
      'Deploy web: docker compose up -d --remove-orphans, pull never (changed: html/old.css (removed))',
    ]);
    expect(titlesOf('prune')).toEqual(['Take down old (no longer in the inventory; prune: true)', 'Remove the files Phanes wrote in /opt/apps/old (data the containers wrote stays)']);
    expect(titlesOf('env-mode-drift')).toEqual(['Write /opt/apps/web/.env (0600 root; mode or owner)', 'Deploy web: docker compose up -d --remove-orphans, pull never (changed: .env)']);
  });
});

describe('apps .env', () => {
  it('single-quotes values so $, # and spaces stay literal; the text is a Secret', () => {
    const env = envFile('x', { env: { B: 'a $HOME # b' }, secrets: { A: new Secret('p@ss w$rd', 'env:P') }, files: {}, pull: 'missing' });
    expect(env.content.reveal()).toBe("A='p@ss w$rd'\nB='a $HOME # b'\n");
    expect(String(env.content)).toBe('***');
    expect(envChanges(new Map([['A', 'old'], ['C', 'x']]), env.digests)).toBe('changed A; added B; removed C');
    expect(envChanges(env.digests, env.digests)).toBe('rewritten: it differs from what Phanes wrote');
  });

  it('refuses a secret with a newline, naming the key and not the value', () => {
    expect(() => envFile('x', { env: {}, secrets: { K: new Secret('a\nb', 'env:K') }, files: {}, pull: 'missing' })).toThrow(/apps\.apps\.x\.secrets\.K: the value holds a newline/);
  });
});

describe('apps manifest', () => {
  it('round-trips, and ignores lines it does not know', () => {
    const manifest = { composeFile: 'compose.yaml', files: ['compose.yaml', 'a/b.txt'], env: new Map([['K', 'd1']]) };
    const text = renderManifest(manifest);
    expect(parseManifest(`${text}junk line\n`)).toEqual({ composeFile: 'compose.yaml', files: ['a/b.txt', 'compose.yaml'], env: new Map([['K', 'd1']]) });
    expect(parseManifest('file x\n')).toBeNull();
  });
});

describe('local directories', () => {
  const dir = mkdtempSync(join(tmpdir(), 'phanes-localdir-'));
  it('reads text files recursively, sorted, with /-separated paths', () => {
    mkdirSync(join(dir, 'ok/sub'), { recursive: true });
    writeFileSync(join(dir, 'ok/b.txt'), 'b');
    writeFileSync(join(dir, 'ok/sub/a.txt'), 'a');
    expect(readLocalDirectory('ok', join(dir, 'ok'))).toEqual({ source: 'ok', files: [{ path: 'b.txt', content: 'b' }, { path: 'sub/a.txt', content: 'a' }] });
  });
  it('says why it cannot: missing, binary, odd names', () => {
    expect(readLocalDirectory('gone', join(dir, 'gone'))).toEqual({ problem: expect.objectContaining({ message: 'directory gone does not exist' }) });
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin/x'), Buffer.from([0xff, 0xfe, 0x00]));
    expect(readLocalDirectory('bin', join(dir, 'bin'))).toEqual({ problem: expect.objectContaining({ message: 'bin/x is not UTF-8 text' }) });
    mkdirSync(join(dir, 'odd'));
    writeFileSync(join(dir, 'odd/a b'), '');
    expect(readLocalDirectory('odd', join(dir, 'odd'))).toEqual({ problem: expect.objectContaining({ message: 'odd/a b: file names may hold only letters, digits and ._-' }) });
    symlinkSync(join(dir, 'ok'), join(dir, 'link'));
    expect(readLocalDirectory('link', join(dir, 'link'))).toMatchObject({ files: [{ path: 'b.txt' }, { path: 'sub/a.txt' }] });
  });
});
