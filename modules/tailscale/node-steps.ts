import { PlanRefusedError } from '../../src/engine/module.js';
import type { Step } from '../../src/engine/step.js';
import { sh } from '../../src/shell/command.js';
import type { Secret } from '../../src/shell/secret.js';
import { AUTH_KEY_FILE, removeAuthKeyStep, writeAuthKeyStep } from './auth-key-file.js';
import type { NodePrefs } from './node-prefs.js';
import { describeNode, nodeChanges, upFlags, type WantedNode } from './node-settings.js';
import type { NodeStatus } from './node-status.js';

/**
 * How long `tailscale up` waits for the node to reach Running (by default it waits forever): a key the
 * control server refuses, or a machine waiting for an admin's approval, fails the step instead.
 */
const UP_TIMEOUT = '60s';

/** What the node's steps depend on. */
export interface NodeFacts {
  /** The host's inventory name, for messages. */
  readonly host: string;
  /** Whether this run installs tailscale (a node that did not answer then joins). */
  readonly installing: boolean;
  /** `systemctl is-enabled tailscaled.service`. */
  readonly unit: string;
  readonly status: NodeStatus | null;
  readonly prefs: NodePrefs | null;
  /** Whether an interrupted run left the key file behind. */
  readonly keyFileLeft: boolean;
}

/** The key as `tailscale up` will read it, refused when the control server could not take it. */
function checkedKey(key: Secret): Secret {
  const text = key.reveal().trim();
  if (text === '') throw new PlanRefusedError(`tailscale.auth_key (${key.source}) is empty: the node cannot join; create an auth key in the admin console (Settings, Keys) and reference it`);
  if (/[\s\0]/.test(text)) throw new PlanRefusedError(`tailscale.auth_key (${key.source}) holds whitespace inside the key: an auth key is one word (tskey-auth-...); check the file or variable it comes from`);
  return key;
}

/**
 * Logs the node in with the auth key and every setting. The CLI reads the key from the file; the file is
 * removed when the step ends, whether the join worked or not (TERM included).
 */
function joinSteps(key: Secret, wanted: WantedNode, why: string): Step[] {
  return [
    ...writeAuthKeyStep(checkedKey(key)),
    {
      kind: 'command',
      title: `Join the tailnet (${why}): tailscale up with ${describeNode(wanted)}`,
      command: sh`phanes_key_file=${AUTH_KEY_FILE}
trap 'rm -f "$phanes_key_file"' EXIT; trap 'exit 143' TERM
tailscale up ${`--auth-key=file:${AUTH_KEY_FILE}`} ${upFlags(wanted)} ${`--timeout=${UP_TIMEOUT}`}`,
    },
  ];
}

/** Why Phanes cannot tell what the node needs, when tailscaled did not answer the probe. */
function silentDaemon(facts: NodeFacts): PlanRefusedError {
  const why =
    facts.unit === 'enabled'
      ? 'it was stopped by hand or is failing (see `systemctl status tailscaled` and `journalctl -u tailscaled -n 50`); start it with `systemctl start tailscaled`'
      : `tailscaled.service is not enabled (systemctl is-enabled: ${facts.unit || 'unknown'}), and Phanes does not start a tailscaled someone turned off; run \`systemctl enable --now tailscaled\``;
  return new PlanRefusedError(`tailscale: tailscaled does not answer on ${facts.host} (\`tailscale status\` failed), so Phanes cannot tell whether the node must join: ${why}, then apply again`);
}

/** The steps that bring a logged-in node's preferences to the settings: none, `tailscale set`, or `tailscale up`. */
function prefsSteps(wanted: WantedNode, state: string, prefs: NodePrefs, facts: NodeFacts): Step[] {
  const changes = nodeChanges(wanted, prefs);
  if (changes.labels.length === 0) return [];
  const what = changes.labels.join(', ');
  if (!changes.needsUp) return [{ kind: 'command', title: `Set the node to ${what} (tailscale set)`, command: sh`tailscale set ${changes.setFlags}` }];
  if (state === 'Stopped') {
    throw new PlanRefusedError(
      `tailscale: the node on ${facts.host} is down (\`tailscale down\`) and its tags must change (${what}); only \`tailscale up\` changes tags, and it would bring the node up, which Phanes does not do to a node taken down by hand: run \`tailscale up\` there, then apply again`,
    );
  }
  return [
    {
      kind: 'command',
      title: `Set the node to ${what} (tailscale up: tags change only through up; the node reconnects)`,
      command: sh`tailscale up ${upFlags(wanted)} ${`--timeout=${UP_TIMEOUT}`}`,
    },
  ];
}

/** The node's steps after the package and the service: join, re-join, change preferences, or nothing. */
export function nodeSteps(key: Secret, wanted: WantedNode, facts: NodeFacts): Step[] {
  const { status, prefs } = facts;
  if (status === null) {
    // No tailscale before this run: nothing to ask, the node joins for the first time.
    if (facts.installing) return joinSteps(key, wanted, 'first join');
    throw silentDaemon(facts);
  }
  const leftover = facts.keyFileLeft ? [removeAuthKeyStep()] : [];
  switch (status.backendState) {
    case 'NeedsLogin':
      return joinSteps(key, wanted, status.keyExpired ? 'its node key expired' : 'it is logged out or was removed');
    case 'NeedsMachineAuth':
    case 'Stopped':
    case 'Starting':
    case 'Running':
      if (prefs === null) throw silentDaemon(facts);
      return [...leftover, ...prefsSteps(wanted, status.backendState, prefs, facts)];
    case 'NoState':
      throw new PlanRefusedError(
        `tailscale: tailscaled on ${facts.host} reports BackendState NoState (still starting, or its state file is unreadable: \`journalctl -u tailscaled -n 50\`): apply again in a moment`,
      );
    default:
      throw new PlanRefusedError(`tailscale: the node on ${facts.host} is in state ${status.backendState}, which Phanes does not handle; see \`tailscale status\` there`);
  }
}
