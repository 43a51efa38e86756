import { aptCacheAgeFact } from '../../src/facts/apt-cache-age.js';
import type { Fact, FactValues } from '../../src/facts/fact.js';
import { fileFact } from '../../src/facts/file.js';
import { packagesFact } from '../../src/facts/packages.js';
import { serviceFact } from '../../src/facts/service.js';
import { sh } from '../../src/shell/command.js';
import type { K3sSettings } from '../../schemas/modules/k3s.js';
import { CONFIG_YAML } from './config-yaml.js';
import { hostAddressesFact, hostRoutesFact } from './host-networks-fact.js';
import { unitOf } from './installer.js';
import { installedVersionFact } from './k3s-version.js';
import { kubeconfigFact, type KubeconfigState } from './kubeconfig.js';

/** Whether this host gets a user's kubeconfig (servers alone have k3s.yaml to copy). */
export function wantsKubeconfig(settings: K3sSettings): boolean {
  return settings.role === 'server' && settings.kubeconfig_user !== '';
}

/** Asked instead of the kubeconfig fact when there is none to check: every host asks for the same facts. */
const noKubeconfigFact: Fact<KubeconfigState | null> = { description: 'no kubeconfig to check', command: sh`true`, sharesShell: true, parse: () => null };

/**
 * What the module reads on a host: the installed release, config.yaml, both units (a server and an agent
 * on one host are refused), curl for the installer, the host's networks, and the user's kubeconfig.
 */
export function k3sFacts(settings: K3sSettings) {
  return {
    version: installedVersionFact,
    config: fileFact(CONFIG_YAML),
    serverUnit: serviceFact(unitOf('server')),
    agentUnit: serviceFact(unitOf('agent')),
    packages: packagesFact(['curl']),
    aptCacheAge: aptCacheAgeFact,
    addresses: hostAddressesFact,
    routes: hostRoutesFact,
    kubeconfig: wantsKubeconfig(settings) ? (kubeconfigFact(settings.kubeconfig_user, settings.kubeconfig_server) as Fact<KubeconfigState | null>) : noKubeconfigFact,
  };
}

/** The parsed facts, as plan and notes get them. */
export type K3sFacts = FactValues<ReturnType<typeof k3sFacts>>;
