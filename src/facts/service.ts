import { sh } from '../shell/command.js';
import type { Fact } from './fact.js';

/** Whether a systemd unit runs now and starts at boot. */
export interface ServiceState {
  readonly active: boolean;
  readonly enabled: boolean;
}

/** Parses `systemctl is-active UNIT; systemctl is-enabled UNIT` (one word each). */
export function parseServiceState(output: string): ServiceState {
  const [active = '', enabled = ''] = output.split('\n');
  return { active: active.trim() === 'active', enabled: enabled.trim() === 'enabled' };
}

export function serviceFact(unit: string): Fact<ServiceState> {
  return {
    description: `service ${unit}`,
    command: sh`systemctl is-active ${unit}; systemctl is-enabled ${unit}`,
    sharesShell: true,
    parse: (output) => parseServiceState(output),
  };
}
