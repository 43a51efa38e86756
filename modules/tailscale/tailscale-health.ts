import type { HealthCheck } from '../../src/engine/module.js';
import { sh } from '../../src/shell/command.js';
import { unitActiveCheck } from '../nginx/service-unit.js';
import { CLI_TIMEOUT } from './node-status.js';

export const UNIT = 'tailscaled.service';

/** The node's state as `tailscale status --json` prints it (Go's JSON indent: `"BackendState": "Running",`). */
function stateIs(pattern: string) {
  return sh`timeout ${CLI_TIMEOUT} tailscale status --json --peers=false | grep -Eq ${`"BackendState": "(${pattern})"`}`;
}

/** tailscaled runs, the node is logged in, and it is connected (BackendState Running). */
export function tailscaleHealth(): HealthCheck[] {
  return [
    unitActiveCheck(UNIT, 'tailscaled'),
    {
      title: 'tailscale is logged in to its tailnet',
      command: stateIs('NeedsMachineAuth|Stopped|Starting|Running'),
      hint: 'the node needs a login (BackendState NeedsLogin): it was logged out, removed from the tailnet, or its node key expired. Put a valid auth key in tailscale.auth_key (a one-off key works once: make a new one, or use a reusable key) and apply again: Phanes re-joins. Machines that must stay joined can have key expiry disabled in the admin console',
    },
    {
      title: 'tailscale is connected (BackendState Running)',
      command: stateIs('Running'),
      hint: '`tailscale status` says why: Stopped means someone ran `tailscale down` (`tailscale up` brings it back; Phanes leaves it down); NeedsMachineAuth means an admin must approve the machine in the admin console (or join with a pre-approved key); NeedsLogin: see the check above; Starting: it is still connecting (`tailscale netcheck` shows whether it reaches the control server and DERP relays)',
    },
  ];
}
