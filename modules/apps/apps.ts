import type { Fact, FactValues } from '../../src/facts/fact.js';
import { fileFact } from '../../src/facts/file.js';
import { defineModule, type HealthCheck } from '../../src/engine/module.js';
import { ensureFile, type RemoteFile, type Step } from '../../src/engine/step.js';
import { join, sh } from '../../src/shell/command.js';
import { Secret } from '../../src/shell/secret.js';
import { appsSchema, type AppSettings, type AppsSettings } from '../../schemas/modules/apps.js';
import { appDirectories, appFiles, composeFile } from './app-files.js';
import { httpCheck, servicesCheck, waitForProject } from './app-health.js';
import { deployedFact, projectContainersFact, type Deployed } from './apps-facts.js';
import { composeDown, composeUp } from './compose-command.js';
import { envChanges, envFile } from './env-file.js';
import { MANIFEST, renderManifest, type Manifest } from './manifest.js';

const DEPLOYED = 'deployed';
const CONTAINERS = 'containers';

/** The apps in name order: plans and health checks read the same every time. */
function sortedApps(settings: AppsSettings): [string, AppSettings][] {
  return Object.entries(settings.apps).sort(([a], [b]) => (a < b ? -1 : 1));
}

/** Paths of an app's files as listed, without the checks plan makes (facts must not refuse). */
function listedPaths(app: AppSettings): string[] {
  return [...new Set([...(app.dir?.files ?? []).map((file) => file.path), ...Object.keys(app.files)])];
}

/** Files are read back whole (batched with every other file fact) so plan can show their diffs. */
function appsFacts(settings: AppsSettings) {
  const facts: Record<string, Fact<unknown>> = {
    [DEPLOYED]: deployedFact(settings.root, sortedApps(settings).flatMap(([name, app]) => appDirectories(name, listedPaths(app)))),
    [CONTAINERS]: projectContainersFact,
  };
  for (const [name, app] of sortedApps(settings)) {
    for (const path of listedPaths(app)) facts[`${settings.root}/${name}/${path}`] = fileFact(`${settings.root}/${name}/${path}`);
  }
  return facts;
}

type AppsFacts = FactValues<ReturnType<typeof appsFacts>>;

const rootFile = { mode: '0644', owner: 'root', group: 'root' } as const;
const privateFile = { mode: '0600', owner: 'root', group: 'root' } as const;

/** The steps that bring one app to its settings, ending with `compose up` when anything of it changed. */
function appSteps(root: string, name: string, app: AppSettings, facts: AppsFacts): Step[] {
  const deployed = facts[DEPLOYED] as Deployed;
  const containers = facts[CONTAINERS] as ReadonlyMap<string, number>;
  const dir = `${root}/${name}`;
  const files = appFiles(name, app);
  const compose = composeFile(name, app, files);
  const env = envFile(name, app);
  const before = deployed.manifests.get(name);
  const steps: Step[] = [];

  const missing = appDirectories(name, files.keys()).filter((path) => !deployed.directories.has(path));
  if (missing.length > 0) {
    const paths = missing.map((path) => `${root}/${path}`);
    steps.push({ kind: 'command', title: `Create ${paths.join(', ')}`, command: sh`install -d -m 0755 ${paths}` });
  }

  const changed: string[] = [];
  for (const [path, content] of files) {
    const written = ensureFile({ title: `Write ${dir}/${path}`, path: `${dir}/${path}`, content, ...rootFile }, (facts[`${dir}/${path}`] ?? null) as RemoteFile | null);
    if (written.length > 0) changed.push(path);
    steps.push(...written);
  }

  const envNow = deployed.envs.get(name);
  const envSame = envNow?.sha256 === env.sha256 && envNow.mode === privateFile.mode && envNow.owner === 'root' && envNow.group === 'root';
  if (!envSame) {
    const what = envNow === undefined ? envChanges(undefined, env.digests) : envNow.sha256 === env.sha256 ? 'mode or owner' : envChanges(before?.env, env.digests);
    steps.push({ kind: 'file', title: `Write ${dir}/.env (0600 root; ${what})`, path: `${dir}/.env`, content: env.content, ...privateFile, current: null });
    changed.push('.env');
  }

  const stale = (before?.files ?? []).filter((path) => !files.has(path));
  if (stale.length > 0) {
    steps.push({ kind: 'command', title: `Remove ${stale.map((path) => `${dir}/${path}`).join(', ')} (no longer listed)`, command: sh`cd ${dir} && rm -f -- ${stale}` });
    changed.push(...stale.map((path) => `${path} (removed)`));
  }

  const manifest: Manifest = { composeFile: compose, files: [...files.keys()], env: env.digests };
  const manifestText = renderManifest(manifest);
  if (before === undefined || renderManifest(before) !== manifestText) {
    // A Secret: the digests are of secret values, and plan shows no diff of them.
    const content = new Secret(manifestText, 'digests of .env values');
    steps.push({ kind: 'file', title: `Record what is deployed in ${dir}/${MANIFEST}`, path: `${dir}/${MANIFEST}`, content, ...privateFile, current: null });
  }

  const running = (containers.get(name) ?? 0) > 0;
  if (changed.length > 0 || !running) {
    const why = changed.length > 0 ? `changed: ${changed.join(', ')}` : 'no container of the project exists';
    steps.push({ kind: 'command', title: `Deploy ${name}: docker compose up -d --remove-orphans, pull ${app.pull} (${why})`, command: join([composeUp(dir, name, compose, app.pull), waitForProject(name)], '\n') });
  }
  return steps;
}

/** Takes an app down and removes what Phanes wrote for it; what its containers wrote stays. */
function pruneSteps(root: string, name: string, manifest: Manifest): Step[] {
  const dir = `${root}/${name}`;
  const written = [...manifest.files, '.env', MANIFEST];
  // Deepest first, so a directory is emptied before its parent is tried; non-empty ones stay (rmdir fails).
  const dirs = appDirectories(name, manifest.files).reverse().map((path) => `${root}/${path}`);
  return [
    { kind: 'command', title: `Take down ${name} (no longer in the inventory; prune: true)`, command: composeDown(dir, name, manifest.composeFile) },
    {
      kind: 'command',
      title: `Remove the files Phanes wrote in ${dir} (data the containers wrote stays)`,
      command: sh`cd ${dir} && rm -f -- ${written} && { rmdir -- ${dirs} 2>/dev/null || :; }`,
    },
  ];
}

export const apps = defineModule({
  name: 'apps',
  description: 'Docker Compose applications with .env secrets; redeploys only the apps whose files or env changed',
  requires: ['docker'],
  schema: appsSchema,
  facts: (settings: AppsSettings) => appsFacts(settings),
  plan(settings: AppsSettings, facts: AppsFacts) {
    const steps: Step[] = [];
    const deployed = facts[DEPLOYED] as Deployed;
    if (!deployed.directories.has('.') && sortedApps(settings).length > 0) {
      steps.push({ kind: 'command', title: `Create ${settings.root}`, command: sh`install -d -m 0755 ${settings.root}` });
    }
    for (const [name, app] of sortedApps(settings)) steps.push(...appSteps(settings.root, name, app, facts));
    if (settings.prune) {
      for (const [name, manifest] of [...deployed.manifests].sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (!(name in settings.apps)) steps.push(...pruneSteps(settings.root, name, manifest));
      }
    }
    return steps;
  },
  notes(settings: AppsSettings, facts: AppsFacts) {
    if (settings.prune) return [];
    const deployed = facts[DEPLOYED] as Deployed;
    return [...deployed.manifests.keys()]
      .filter((name) => !(name in settings.apps))
      .sort()
      .map((name) => `app ${name} in ${settings.root}/${name} was deployed by Phanes and is no longer listed: it keeps running (prune: true takes it down)`);
  },
  health(settings: AppsSettings): HealthCheck[] {
    return sortedApps(settings).flatMap(([name, app]) => [servicesCheck(name), ...(app.http ? [httpCheck(name, app.http)] : [])]);
  },
});
