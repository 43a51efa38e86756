import type { HostContext } from '../../src/engine/module.js';
import type { K3sSettings } from '../../schemas/modules/k3s.js';
import { desired } from './desired-state.js';
import { unitOf } from './installer.js';
import type { K3sFacts } from './k3s-facts.js';
import { installedConfig } from './running-cluster.js';

/** The label keys of KEY=VALUE items. */
const keysOf = (labels: readonly string[]) => labels.map((label) => label.split('=')[0]!);

/**
 * What plan shows besides its steps: kubeconfig settings an agent ignores, changes a stopped k3s only takes
 * at its next start, and label and taint changes k3s does not carry out on a registered node.
 */
export function k3sNotes(settings: K3sSettings, facts: K3sFacts, host: HostContext): string[] {
  const notes: string[] = [];
  if (settings.role === 'agent' && settings.kubeconfig_user !== '') {
    notes.push(`k3s.kubeconfig_user: ${host.host} is an agent, which has no admin kubeconfig (servers alone write /etc/rancher/k3s/k3s.yaml): nothing is copied here`);
  }
  if (facts.version === null) return notes;
  const desire = desired(settings, facts, host);
  const active = (settings.role === 'server' ? facts.serverUnit : facts.agentUnit).active;
  if ((desire.release.kind === 'upgrade' || facts.config?.content !== desire.content) && !active) {
    notes.push(`${unitOf(settings.role)} is not running: the new release or config.yaml takes effect when it starts (Phanes does not start a k3s stopped by hand)`);
  }
  if (facts.config === null) return notes;
  const running = installedConfig(facts.config, host.host);
  const wantedKeys = new Set(keysOf(settings.node_labels));
  const dropped = keysOf(running.nodeLabels).filter((key) => !wantedKeys.has(key));
  if (dropped.length > 0) {
    notes.push(`k3s.node_labels: ${dropped.join(', ')} stay on the node (k3s adds and updates labels, it never removes one): remove them on a server with \`k3s kubectl label node NODE KEY-\``);
  }
  if (JSON.stringify([...running.nodeTaints].sort()) !== JSON.stringify([...settings.node_taints].sort())) {
    notes.push('k3s.node_taints changed, but the kubelet applies taints only when the node first registers: change them on a server with `k3s kubectl taint node NODE ...`');
  }
  return notes;
}
