import type { Fact } from '../../src/facts/fact.js';
import type { HealthCheck } from '../../src/engine/module.js';
import { PlanRefusedError } from '../../src/engine/module.js';
import type { Step } from '../../src/engine/step.js';
import { sh } from '../../src/shell/command.js';

/**
 * A systemd unit's enablement as `systemctl is-enabled` prints it (`enabled`, `disabled`, `masked`, ...);
 * '' when the unit does not exist (yet). Used by nginx, caddy and monitoring.
 */
export type UnitState = string;

/** `systemctl is-enabled UNIT`. */
export function unitStateFact(unit: string): Fact<UnitState> {
  return {
    description: `systemd unit ${unit}`,
    // Exits 1 for disabled, masked and unknown units alike: the printed state tells them apart.
    command: sh`systemctl is-enabled ${unit}`,
    parse: (output) => output.trim().split('\n')[0] ?? '',
  };
}

/**
 * The step that enables a service and starts it now, when it is not enabled: [] when it is. A running
 * service that was stopped by hand stays stopped (its health check reports it): Phanes does not restart
 * what someone stopped on purpose. A masked unit is refused: unmasking is a decision for a person.
 */
export function ensureEnabled(module: string, unit: string, state: UnitState): Step[] {
  if (state === 'masked' || state === 'masked-runtime') {
    throw new PlanRefusedError(`${module}: ${unit} is masked on this host, so it cannot start; unmask it (systemctl unmask ${unit}) or remove ${module} from the host's modules`);
  }
  if (state === 'enabled') return [];
  return [{ kind: 'command', title: `Enable ${unit} (start it now and at boot)`, command: sh`systemctl enable --now ${unit}` }];
}

/** Health check: the service's unit is active. */
export function unitActiveCheck(unit: string, name: string): HealthCheck {
  return {
    title: `${name} is running`,
    command: sh`systemctl is-active --quiet ${unit}`,
    hint: `${unit} is not active: see why with \`systemctl status ${unit}\` and \`journalctl -u ${unit} -n 50\`; start it with \`systemctl start ${unit}\` (Phanes does not restart a service stopped by hand)`,
  };
}
