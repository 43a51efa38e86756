import type { NodePrefs } from './node-prefs.js';
import { sameSet } from './node-settings.js';
import type { NodeStatus } from './node-status.js';

/**
 * What plan shows besides the steps: a node someone took down, one waiting for an admin's approval, and
 * tags the control server did not grant. None of these is a step: Phanes cannot (or must not) change them.
 */
export function tailscaleNotes(wantedTags: readonly string[], status: NodeStatus | null, prefs: NodePrefs | null): string[] {
  const notes: string[] = [];
  if (status?.backendState === 'Stopped') {
    notes.push('tailscale is down on this host (`tailscale down`): Phanes leaves it down and applies only what `tailscale set` changes; `tailscale up` there brings it back');
  }
  if (status?.backendState === 'NeedsMachineAuth') {
    notes.push('the node waits for an admin to approve it in the admin console (Machines); a pre-approved auth key skips this for the next join');
  }
  const asked = prefs !== null && wantedTags.length > 0 && sameSet(prefs.advertiseTags, wantedTags);
  if (status?.backendState === 'Running' && asked && !sameSet(status.tags, wantedTags)) {
    const granted = status.tags.length > 0 ? status.tags.join(',') : 'none';
    notes.push(`the node asks for tags ${wantedTags.join(',')} but holds ${granted}: the auth key's owner must own them (tagOwners in the tailnet policy), or an admin changed them in the admin console`);
  }
  return notes;
}
