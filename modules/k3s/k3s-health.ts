import type { HealthCheck } from '../../src/engine/module.js';
import { sh } from '../../src/shell/command.js';
import { unitOf } from './installer.js';

/** Seconds a server's node may take to turn Ready (its network plugin starts after k3s). */
const READY_WAIT_SECONDS = 60;
/** The Ready condition's status of a node: `True`, `False` or `Unknown`. */
const READY_STATUS = 'jsonpath={.status.conditions[?(@.type=="Ready")].status}';

/**
 * A server: its own node is Ready, asked with the admin kubeconfig k3s keeps there. The node's name is
 * the host name in lowercase (k3s's default; Phanes sets no node-name).
 */
function serverReady(): HealthCheck {
  const unit = unitOf('server');
  return {
    title: `this server's node is Ready (k3s kubectl get node)`,
    command: sh`systemctl is-active --quiet ${unit} || exit 1
node=$(hostname | tr '[:upper:]' '[:lower:]')
waited=0
until [ "$(k3s kubectl get node "$node" -o ${READY_STATUS} 2>/dev/null)" = True ]; do
  [ "$waited" -lt ${READY_WAIT_SECONDS} ] || exit 1
  sleep 2
  waited=$((waited + 2))
done`,
    hint: `k3s is stopped, or this node is not Ready within ${READY_WAIT_SECONDS} s: \`systemctl status k3s\` and \`journalctl -u k3s -n 50\` say why k3s does not run; \`k3s kubectl get nodes\` and \`k3s kubectl describe node $(hostname)\` why a node is NotReady (often its network: \`k3s kubectl -n kube-system get pods\`); Phanes does not start a k3s stopped by hand`,
  };
}

/**
 * An agent: k3s-agent is active. Its node's Ready is not asked here: an agent has no admin kubeconfig
 * (servers alone write /etc/rancher/k3s/k3s.yaml), and the kubelet's own credentials are k3s's internals.
 */
function agentActive(): HealthCheck {
  const unit = unitOf('agent');
  return {
    title: `${unit} is running`,
    command: sh`systemctl is-active --quiet ${unit}`,
    hint: `${unit} is not active: \`systemctl status ${unit}\` and \`journalctl -u ${unit} -n 50\` say why (does the server answer on port 6443 from here, and is the token the server's?); whether the node is Ready shows on a server: \`k3s kubectl get nodes\`; Phanes does not start a k3s stopped by hand`,
  };
}

/** The checks of a role. */
export function k3sHealth(role: 'server' | 'agent'): HealthCheck[] {
  return role === 'server' ? [serverReady()] : [agentActive()];
}
