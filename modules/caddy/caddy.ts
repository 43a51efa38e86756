import { aptCacheAgeFact } from '../../src/facts/apt-cache-age.js';
import { fileFact } from '../../src/facts/file.js';
import { packagesFact } from '../../src/facts/packages.js';
import type { FactValues } from '../../src/facts/fact.js';
import { defineModule, PlanRefusedError, type HealthCheck } from '../../src/engine/module.js';
import { ensureFile, type Step } from '../../src/engine/step.js';
import { aptInstall, aptUpdate } from '../../src/shell/apt.js';
import { sh } from '../../src/shell/command.js';
import { caddySchema, type CaddySettings, type CaddySite } from '../../schemas/modules/caddy.js';
import { installPackages } from '../apt-packages.js';
import { httpAnswerCheck } from '../nginx/http-check.js';
import { ensureEnabled, unitActiveCheck, unitStateFact } from '../nginx/service-unit.js';
import { fetchSigningKeyStep, keyringFact } from '../signing-key.js';
import { architectureFact, CADDY_REPOSITORY, caddySourcesList } from './caddy-repository.js';
import { CADDYFILE, caddyfileContent } from './caddyfile.js';
import { parseSiteAddress, servesHttps, sitePort, sitePorts } from './site-address.js';

const CADDY_KEY = { owner: "Caddy's", url: CADDY_REPOSITORY.keyUrl, armored: true, fingerprint: CADDY_REPOSITORY.keyFingerprint, keyring: CADDY_REPOSITORY.keyring };

const UNIT = 'caddy.service';
/** Caddy's admin API, on localhost only. */
const ADMIN_PORT = 2019;
/** What fetching the signing key needs. */
const KEY_TOOLS = ['curl', 'gnupg', 'ca-certificates'];
const SOURCES_HEADER = '# Written by Phanes (caddy module).';
const MAX_CACHE_AGE = 86_400;

/** curl is what the health checks ask with. */
const PACKAGES = ['caddy', 'curl'];

/** Packages whose presence plan must know: fetching the repository's key needs the key tools too. */
function packagesToKnow(settings: CaddySettings): string[] {
  return settings.source === 'repository' ? ['caddy', ...KEY_TOOLS] : PACKAGES;
}

/** TCP ports Caddy listens on with these settings: every site's, 80 for HTTPS redirects, the admin API's. */
export function caddyPorts(settings: CaddySettings): number[] {
  const ports = settings.sites.flatMap((site) => sitePorts(parseSiteAddress(site.address)));
  return [...new Set([...ports, ADMIN_PORT])].sort((a, b) => a - b);
}

/** An HTTP request that Caddy answers for the site: HTTPS sites answer on port 80 with their redirect. */
function siteCheck(site: CaddySite): HealthCheck {
  const address = parseSiteAddress(site.address);
  const port = servesHttps(address) ? 80 : sitePort(address);
  const host = address.host === '' ? '127.0.0.1' : address.host;
  const hint = `Caddy does not answer HTTP for ${site.address} on 127.0.0.1:${port}: is it running (\`systemctl status caddy\`, \`journalctl -u caddy -n 50\`)? \`caddy validate --config ${CADDYFILE} --adapter caddyfile\` checks the config, \`ss -ltnp\` shows who holds the port`;
  return httpAnswerCheck(`Caddy answers HTTP for ${site.address}`, `http://${host}:${port}/`, hint, address.host === '' ? {} : { resolve: `${host}:${port}:127.0.0.1` });
}

function caddyFacts(settings: CaddySettings) {
  return {
    packages: packagesFact(packagesToKnow(settings)),
    aptCacheAge: aptCacheAgeFact,
    unit: unitStateFact(UNIT),
    caddyfile: fileFact(CADDYFILE),
    sourcesList: fileFact(CADDY_REPOSITORY.sourcesList),
    keyring: keyringFact(CADDY_REPOSITORY.keyring),
    architecture: architectureFact,
  };
}

type CaddyFacts = FactValues<ReturnType<typeof caddyFacts>>;

/** Where Caddy comes from: the steps that set up (or take down) its apt repository and install it. */
function sourceSteps(settings: CaddySettings, facts: CaddyFacts): Step[] {
  const { sourcesList, keyring } = CADDY_REPOSITORY;
  if (settings.source === 'distro') {
    const steps: Step[] = [];
    if (facts.sourcesList !== null) {
      if (!facts.sourcesList.content.startsWith(SOURCES_HEADER)) {
        throw new PlanRefusedError(`caddy: source is distro, but ${sourcesList} (not written by Phanes) adds Caddy's own repository, so apt would take Caddy from there; remove that file, or set caddy.source: repository`);
      }
      steps.push({ kind: 'command', title: "Remove Caddy's apt repository (source: distro)", command: sh`rm -f ${sourcesList} ${keyring}` });
    }
    return [...steps, ...installPackages(PACKAGES, facts.packages, facts.aptCacheAge, MAX_CACHE_AGE)];
  }

  const steps: Step[] = [];
  if (!facts.keyring) steps.push(...installPackages(KEY_TOOLS, facts.packages, facts.aptCacheAge, MAX_CACHE_AGE), fetchSigningKeyStep(CADDY_KEY));
  const list = ensureFile(
    {
      title: `Add Caddy's apt repository (${facts.architecture})`,
      path: sourcesList,
      content: caddySourcesList(facts.architecture),
      mode: '0644',
      owner: 'root',
      group: 'root',
    },
    facts.sourcesList,
  );
  steps.push(...list);
  if (list.length === 0 && facts.keyring) {
    return [...steps, ...installPackages(PACKAGES, facts.packages, facts.aptCacheAge, MAX_CACHE_AGE)];
  }
  // A new or changed source: its package lists must be fetched whatever the cache's age, and caddy
  // installed (or upgraded) from it. Without the keyring, curl came with the key tools above.
  const curl = facts.keyring && !facts.packages.has('curl') ? ['curl'] : [];
  steps.push(
    { kind: 'command', title: "Refresh the apt cache (Caddy's repository was added or changed)", command: aptUpdate() },
    { kind: 'command', title: "Install caddy from Caddy's repository", command: aptInstall(['caddy', ...curl]) },
  );
  return steps;
}

export const caddy = defineModule({
  name: 'caddy',
  description: 'Caddy web server with automatic HTTPS; Caddyfile sites (reverse proxy or static files) checked by caddy validate',
  requires: [],
  schema: caddySchema,
  facts: caddyFacts,
  plan(settings: CaddySettings, facts) {
    const addresses = settings.sites.map((site) => site.address);
    const twice = addresses.filter((address, i) => addresses.indexOf(address) !== i);
    if (twice.length > 0) {
      throw new PlanRefusedError(`caddy.sites: the address ${[...new Set(twice)].join(', ')} is listed more than once; merge those sites into one`);
    }
    const badPort = settings.sites.find((site) => (parseSiteAddress(site.address).port ?? 1) > 65535);
    if (badPort) throw new PlanRefusedError(`caddy.sites: ${badPort.address} has a port above 65535`);

    const steps = sourceSteps(settings, facts);
    steps.push(
      ...ensureFile(
        {
          title: `Write the Caddyfile (${settings.sites.length} site${settings.sites.length === 1 ? '' : 's'}: ${addresses.join(', ') || 'none'})`,
          path: CADDYFILE,
          content: caddyfileContent(settings),
          mode: '0644',
          owner: 'root',
          group: 'root',
          validate: (tmp) => sh`caddy validate --config ${tmp} --adapter caddyfile`,
          reload: 'caddy',
        },
        facts.caddyfile,
      ),
      ...ensureEnabled('caddy', UNIT, facts.unit),
    );
    return steps;
  },
  ports: (settings: CaddySettings) => caddyPorts(settings),
  health: (settings: CaddySettings) => [unitActiveCheck(UNIT, 'Caddy'), ...settings.sites.map(siteCheck)],
});
