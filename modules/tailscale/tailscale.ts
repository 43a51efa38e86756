import { aptCacheAgeFact } from '../../src/facts/apt-cache-age.js';
import { fileFact } from '../../src/facts/file.js';
import type { FactValues } from '../../src/facts/fact.js';
import { packagesFact } from '../../src/facts/packages.js';
import { defineModule, PlanRefusedError, type HostContext } from '../../src/engine/module.js';
import { ensureFile, type Step } from '../../src/engine/step.js';
import { aptInstall, aptUpdate } from '../../src/shell/apt.js';
import { tailscaleSchema, type TailscaleSettings } from '../../schemas/modules/tailscale.js';
import { installPackages } from '../apt-packages.js';
import { fetchSigningKeyStep, keyringFact } from '../signing-key.js';
import { architectureFact } from '../caddy/caddy-repository.js';
import { aptSourcesNamingFact } from '../docker/docker-facts.js';
import { ensureEnabled, unitStateFact } from '../nginx/service-unit.js';
import { authKeyFileFact } from './auth-key-file.js';
import { forwardingFacts, forwardingSteps } from './ip-forwarding.js';
import { nodePrefsFact } from './node-prefs.js';
import { wantedNode } from './node-settings.js';
import { nodeStatusFact } from './node-status.js';
import { nodeSteps } from './node-steps.js';
import { tailscaleHealth, UNIT } from './tailscale-health.js';
import { keyUrl, TAILSCALE_DISTRIBUTIONS, TAILSCALE_REPOSITORY, tailscaleSourcesList } from './tailscale-repository.js';
import { tailscaleNotes } from './tailscale-notes.js';

/** The keyring package owns and renews the keyring after the first install (the installer adds it too). */
const PACKAGES = ['tailscale', 'tailscale-archive-keyring'];
/** What fetching and checking the signing key needs. */
const KEY_TOOLS = ['curl', 'gnupg', 'ca-certificates'];
const MAX_CACHE_AGE = 86_400;
/** The oldest tailscale whose CLI has everything plan uses: `tailscale set` came in 1.34. */
const MIN_VERSION: readonly [number, number] = [1, 34];

function tailscaleFacts() {
  return {
    packages: packagesFact([...PACKAGES, ...KEY_TOOLS]),
    aptCacheAge: aptCacheAgeFact,
    architecture: architectureFact,
    keyring: keyringFact(TAILSCALE_REPOSITORY.keyring),
    sourcesList: fileFact(TAILSCALE_REPOSITORY.sourcesList),
    otherSources: aptSourcesNamingFact(TAILSCALE_REPOSITORY.host),
    unit: unitStateFact(UNIT),
    status: nodeStatusFact,
    prefs: nodePrefsFact,
    authKeyFile: authKeyFileFact,
    ...forwardingFacts(),
  };
}

type TailscaleFacts = FactValues<ReturnType<typeof tailscaleFacts>>;

/** Refuses hosts the repository has no packages for, other lists of it, and a tailscale too old for plan's commands. */
function refuseUnsupported(facts: TailscaleFacts, host: HostContext): void {
  const { id, codename } = host.os;
  if (!TAILSCALE_DISTRIBUTIONS.has(id) || !codename) {
    throw new PlanRefusedError(`tailscale: Tailscale's apt repository has packages for Debian and Ubuntu; ${host.host} runs ${host.os.prettyName} (ID ${id}${codename ? `, ${codename}` : ', no codename'})`);
  }
  const others = facts.otherSources.filter((file) => file !== TAILSCALE_REPOSITORY.sourcesList);
  if (others.length > 0) {
    throw new PlanRefusedError(
      `tailscale: ${others.join(', ')} on ${host.host} also names ${TAILSCALE_REPOSITORY.host}; apt refuses one repository listed twice with different keys: remove ${others.length > 1 ? 'them' : 'it'} (Phanes writes ${TAILSCALE_REPOSITORY.sourcesList}), then apply again`,
    );
  }
  const version = facts.packages.get('tailscale');
  const [, major = '0', minor = '0'] = /^(?:\d+:)?(\d+)\.(\d+)/.exec(version ?? '') ?? [];
  if (version !== undefined && (Number(major) < MIN_VERSION[0] || (Number(major) === MIN_VERSION[0] && Number(minor) < MIN_VERSION[1]))) {
    throw new PlanRefusedError(`tailscale: ${host.host} has tailscale ${version}, older than ${MIN_VERSION.join('.')} (the first with \`tailscale set\`): upgrade it (\`apt-get install --only-upgrade tailscale\`), then apply again`);
  }
}

/** The signing key and the list: the steps that are still needed, and whether the repository changed. */
function repositorySteps(facts: TailscaleFacts, host: HostContext): { steps: Step[]; changed: boolean } {
  const { id, codename } = host.os;
  const steps: Step[] = [];
  if (!facts.keyring) steps.push(...installPackages(KEY_TOOLS, facts.packages, facts.aptCacheAge, MAX_CACHE_AGE), fetchSigningKeyStep({ owner: "Tailscale's", url: keyUrl(id, codename), armored: false, fingerprint: TAILSCALE_REPOSITORY.keyFingerprint, keyring: TAILSCALE_REPOSITORY.keyring }));
  const list = ensureFile(
    {
      title: `Add Tailscale's apt repository (${id} ${codename}, ${facts.architecture})`,
      path: TAILSCALE_REPOSITORY.sourcesList,
      content: tailscaleSourcesList(id, codename, facts.architecture),
      mode: '0644',
      owner: 'root',
      group: 'root',
    },
    facts.sourcesList,
  );
  steps.push(...list);
  return { steps, changed: !facts.keyring || list.length > 0 };
}

/**
 * The packages not installed yet. The cache is refreshed whenever something comes from the repository, or
 * the repository changed: a cache fresh for the distribution's mirror says nothing about Tailscale's.
 * An installed tailscale is never upgraded here (that restarts tailscaled).
 */
function packageSteps(facts: TailscaleFacts, repositoryChanged: boolean): Step[] {
  const missing = PACKAGES.filter((name) => !facts.packages.has(name));
  const steps: Step[] = [];
  if (repositoryChanged || missing.length > 0) {
    const why = repositoryChanged ? "Tailscale's repository was added or changed" : "Tailscale's repository";
    steps.push({ kind: 'command', title: `Refresh the apt cache (${why})`, command: aptUpdate() });
  }
  if (missing.length > 0) steps.push({ kind: 'command', title: `Install ${missing.join(', ')} from Tailscale's repository`, command: aptInstall(missing) });
  return steps;
}

export const tailscale = defineModule({
  name: 'tailscale',
  description: 'Tailscale from its apt repository, tailscaled running, the node joined to a tailnet with an auth key (hostname, tags, SSH, routes, exit node)',
  requires: [],
  schema: tailscaleSchema,
  facts: (_settings: TailscaleSettings) => tailscaleFacts(),
  notes: (settings: TailscaleSettings, facts) => tailscaleNotes(settings.tags, facts.status, facts.prefs),
  plan(settings: TailscaleSettings, facts, host) {
    refuseUnsupported(facts, host);
    const wanted = wantedNode(settings);
    const repository = repositorySteps(facts, host);
    return [
      ...repository.steps,
      ...packageSteps(facts, repository.changed),
      ...ensureEnabled('tailscale', UNIT, facts.unit),
      // Before the routes are advertised: tailscale checks forwarding when it is given them.
      ...forwardingSteps(wanted.routes.length > 0 || wanted.exitNode, facts),
      ...nodeSteps(settings.auth_key, wanted, {
        host: host.host,
        installing: !facts.packages.has('tailscale'),
        unit: facts.unit,
        status: facts.status,
        prefs: facts.prefs,
        keyFileLeft: facts.authKeyFile,
      }),
    ];
  },
  health: () => tailscaleHealth(),
});
