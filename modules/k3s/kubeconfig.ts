import type { Fact } from '../../src/facts/fact.js';
import type { CommandStep } from '../../src/engine/step.js';
import { sh, type ShellText } from '../../src/shell/command.js';

/** The cluster-admin kubeconfig a k3s server writes (0600 root), pointing at https://127.0.0.1:6443. */
export const K3S_YAML = '/etc/rancher/k3s/k3s.yaml';
/** How long the copy waits for a server's first start to write k3s.yaml. */
const SOURCE_WAIT_SECONDS = 60;

/**
 * Runs as the user, the wanted content on stdin: the file is created and renamed by its owner, in its own
 * home, so no root process follows a link the user planted there. mktemp's file is 0600 already.
 */
const WRITE_AS_USER = `umask 077
mkdir -p "$1/.kube"
tmp=$(mktemp "$1/.kube/.config.XXXXXX")
trap 'rm -f "$tmp"' EXIT
cat > "$tmp"
mv -fT "$tmp" "$1/.kube/config"
trap - EXIT`;

/** The user's copy as the fact finds it. */
export type KubeconfigState =
  | { readonly kind: 'no-user' }
  | { readonly kind: 'no-source' }
  | { readonly kind: 'missing' }
  | { readonly kind: 'present'; readonly mode: string; readonly owner: string; readonly same: boolean };

/** Prints what the user's copy must hold: k3s.yaml, its `server:` line rewritten when a URL is given. */
export function kubeconfigSource(serverUrl: string): ShellText {
  if (serverUrl === '') return sh`cat ${K3S_YAML}`;
  return sh`sed -e ${`s#^\\([[:space:]]*server:\\).*#\\1 ${serverUrl}#`} ${K3S_YAML}`;
}

/**
 * Parses: nothing (no such user), `no-source` (no k3s.yaml yet), `missing`, or `MODE OWNER` of ~/.kube/config
 * then `same` or `differs` (its content against the wanted one, compared on the host: none of it is sent).
 */
export function parseKubeconfigState(output: string): KubeconfigState {
  const [first = '', second = ''] = output.split('\n');
  if (first === '') return { kind: 'no-user' };
  if (first === 'no-source' || first === 'missing') return { kind: first };
  const [mode = '', owner = ''] = first.split(' ');
  return { kind: 'present', mode: mode.padStart(4, '0'), owner, same: second === 'same' };
}

/** The state of `user`'s ~/.kube/config against k3s.yaml (rewritten for `serverUrl`). */
export function kubeconfigFact(user: string, serverUrl: string): Fact<KubeconfigState> {
  return {
    description: `${user}'s ~/.kube/config`,
    command: sh`home=$(getent passwd ${user} | cut -d: -f6)
[ -n "$home" ] || exit 0
[ -f ${K3S_YAML} ] || { echo no-source; exit 0; }
[ -f "$home/.kube/config" ] || { echo missing; exit 0; }
stat -c '%a %U' "$home/.kube/config"
if ${kubeconfigSource(serverUrl)} | cmp -s - "$home/.kube/config"; then echo same; else echo differs; fi`,
    parse: (output) => parseKubeconfigState(output),
  };
}

/** Whether the user's copy is what it must be: that content, 0600, theirs. */
export function kubeconfigConverged(state: KubeconfigState, user: string): boolean {
  return state.kind === 'present' && state.same && state.mode === '0600' && state.owner === user;
}

/**
 * Copies k3s.yaml (rewritten when asked) to the user's ~/.kube/config, 0600 and theirs. It waits for
 * k3s.yaml when the server was started by this same apply, and finds the user's home then: the user
 * module may create the user in this apply, after the facts were read.
 */
export function kubeconfigStep(user: string, serverUrl: string): CommandStep {
  return {
    kind: 'command',
    title: `Copy ${K3S_YAML} to ${user}'s ~/.kube/config (0600, readable by ${user} alone${serverUrl === '' ? '' : `; server ${serverUrl}`})`,
    command: sh`home=$(getent passwd ${user} | cut -d: -f6)
if [ -z "$home" ]; then echo ${`k3s: there is no user ${user} on this host: create it (the user module) or change k3s.kubeconfig_user`} >&2; exit 1; fi
waited=0
until [ -f ${K3S_YAML} ]; do
  if [ "$waited" -ge ${SOURCE_WAIT_SECONDS} ]; then echo ${`k3s: ${K3S_YAML} did not appear within ${SOURCE_WAIT_SECONDS} s: see journalctl -u k3s -n 50`} >&2; exit 1; fi
  sleep 1
  waited=$((waited + 1))
done
wanted=$(mktemp)
trap 'rm -f "$wanted"' EXIT
${kubeconfigSource(serverUrl)} > "$wanted"
runuser -u ${user} -- sh -eu -c ${WRITE_AS_USER} sh "$home" < "$wanted"`,
  };
}
