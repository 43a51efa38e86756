import type { CommandStep } from '../../src/engine/step.js';
import { sh } from '../../src/shell/command.js';

/** k3s's official installer (install.sh of k3s-io/k3s, served for its stable channel). */
export const INSTALLER_URL = 'https://get.k3s.io';
/** Seconds a (re)start may take: a first server unpacks its images and starts everything. */
export const START_WAIT_SECONDS = 300;

/** The systemd unit the installer creates for a role (`k3s-` + the command for an agent). */
export function unitOf(role: 'server' | 'agent'): string {
  return role === 'server' ? 'k3s' : 'k3s-agent';
}

/**
 * Downloads the installer to a temp file and runs it for the pinned release. It writes the binary, the
 * unit (`k3s server` or `k3s agent`, nothing more: every option is in config.yaml) and enables it, but does
 * not start it (INSTALL_K3S_SKIP_START): the start step after it waits with a time limit, where the
 * installer's own `systemctl restart` of a Type=notify unit without a start timeout could wait for ever
 * (an agent whose server does not answer). No K3S_URL or K3S_TOKEN: the installer would copy them into the
 * unit's environment file, and k3s reads both from config.yaml.
 */
export function installerStep(title: string, version: string, role: 'server' | 'agent'): CommandStep {
  return {
    kind: 'command',
    title,
    command: sh`installer=$(mktemp)
trap 'rm -f "$installer"' EXIT
curl -fsSL --retry 3 -o "$installer" ${INSTALLER_URL}
INSTALL_K3S_VERSION=${version} INSTALL_K3S_EXEC=${role} INSTALL_K3S_SKIP_START=true sh "$installer"`,
  };
}

/**
 * (Re)starts the unit and waits for systemd's answer, at most START_WAIT_SECONDS: k3s tells systemd when it
 * is ready (Type=notify), and a start that fails ends the wait at once. A timeout kills only the client, not
 * the start. Running pods keep running through a restart (KillMode=process).
 */
export function startStep(title: string, role: 'server' | 'agent', joins: string | null): CommandStep {
  const unit = unitOf(role);
  const where = joins === null ? '' : ` (does ${joins} answer from this host, and is the token the server's?)`;
  const why = `k3s: ${unit} did not start within ${START_WAIT_SECONDS} s, or failed: see systemctl status ${unit} and journalctl -u ${unit} -n 50${where}`;
  return { kind: 'command', title, command: sh`timeout ${START_WAIT_SECONDS} systemctl restart ${unit} || { echo ${why} >&2; exit 1; }` };
}
