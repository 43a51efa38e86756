import { describe, expect, it } from 'vitest';
import type { Module } from '../../../src/engine/module.js';
import { portConflicts } from '../../../src/engine/port-conflicts.js';

function fake(name: string, ports: (settings: { port?: number }) => number[]): Module {
  return { name, description: name, requires: [], schema: {}, facts: () => ({}), plan: () => [], ports } as Module;
}

describe('portConflicts', () => {
  const nginx = fake('nginx', () => [80, 443]);
  const caddy = fake('caddy', (s) => [s.port ?? 80, 443]);
  const redis = fake('redis', () => [6379]);

  it('refuses every module that shares a port, naming the port and the other module', () => {
    const refused = portConflicts([nginx, caddy, redis], {});
    expect([...refused.keys()]).toEqual(['nginx', 'caddy']);
    expect(refused.get('nginx')).toBe('port 80 is also used by caddy; port 443 is also used by caddy: keep one of these modules on this host, or move one to another port in its settings');
  });

  it('follows the settings: moving a port away leaves only the real clash', () => {
    const refused = portConflicts([nginx, caddy], { caddy: { port: 8080 } });
    expect(refused.get('caddy')).toBe('port 443 is also used by nginx: keep one of these modules on this host, or move one to another port in its settings');
  });

  it('refuses nothing when ports differ', () => {
    expect(portConflicts([nginx, redis], {}).size).toBe(0);
  });
});
