import { describe, expect, it } from 'vitest';
import { k3s } from '../../../modules/k3s/k3s.js';
import { serverUrl } from '../../../modules/k3s/join.js';
import { kubeconfigFact } from '../../../modules/k3s/kubeconfig.js';
import { PlanRefusedError } from '../../../src/engine/module.js';
import { checkModuleSettings } from '../../../src/inventory/settings-validator.js';
import { hostWith, k3sSettings } from './settings.js';

const BASE = { version: 'v1.30.4+k3s1', token: 'tok' };
const errors = (settings: Record<string, unknown>) => checkModuleSettings(k3s, structuredClone(settings)).errors;

describe('k3s settings', () => {
  it('need a pinned release and a token', () => {
    expect(errors({}).map((e) => e.params)).toEqual([{ missingProperty: 'version' }, { missingProperty: 'token' }]);
    expect(errors(BASE)).toEqual([]);
  });
  for (const [key, value] of [
    ['version', 'latest'],
    ['version', 'v1.30.4'],
    ['server', 'http://10.0.0.1:6443'],
    ['server', 'cp1 --token x'],
    ['cluster_cidr', '10.42.0.0/26'],
    ['service_cidr', '10.43.0.0/8'],
    ['service_cidr', '10.43.0.0/29'],
    ['kubeconfig_server', 'https://k3s.example.net:6443/#x'],
    ['kubeconfig_user', 'Root'],
  ] as const) {
    it(`refuse ${key}: ${value}`, () => expect(errors({ ...BASE, [key]: value })).not.toEqual([]));
  }
});

describe('k3s module', () => {
  it('runs after the server it names by inventory name, not after a URL', () => {
    expect(k3s.runsAfter!(k3sSettings({ ...BASE, role: 'agent', server: 'cp1' }))).toEqual(['cp1']);
    expect(k3s.runsAfter!(k3sSettings({ ...BASE, role: 'agent', server: 'https://10.0.0.11:6443' }))).toEqual([]);
    expect(k3s.runsAfter!(k3sSettings(BASE))).toEqual([]);
  });

  it('builds the server URL from an address, an IPv6 one in brackets', () => {
    expect(serverUrl('10.0.0.11')).toBe('https://10.0.0.11:6443');
    expect(serverUrl('cp1.example.net')).toBe('https://cp1.example.net:6443');
    expect(serverUrl('2001:db8::11')).toBe('https://[2001:db8::11]:6443');
  });

  it('claims the API, etcd, kubelet and ServiceLB ports by role', () => {
    const ports = (settings: Record<string, unknown>) => [...k3s.ports!(k3sSettings({ ...BASE, ...settings }))].sort((a, b) => a - b);
    expect(ports({})).toEqual([80, 443, 6443, 10250]);
    expect(ports({ cluster_init: true, disable: ['traefik'] })).toEqual([2379, 2380, 6443, 10250]);
    expect(ports({ server: 'cp1', disable: ['servicelb'] })).toEqual([2379, 2380, 6443, 10250]);
    expect(ports({ role: 'agent', server: 'cp1' })).toEqual([80, 443, 10250]);
  });

  it("checks a server's node Ready, and an agent's unit", () => {
    const context = { host: 'h', loginUser: 'root' };
    const [server] = k3s.health!(k3sSettings(BASE), context);
    expect(server!.command.text).toContain(`k3s kubectl get node "$node" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'`);
    expect(server!.command.text).toContain(`node=$(hostname | tr '[:upper:]' '[:lower:]')`);
    const [agent] = k3s.health!(k3sSettings({ ...BASE, role: 'agent', server: 'cp1' }), context);
    expect(agent!.command.text).toBe('systemctl is-active --quiet k3s-agent');
    expect(agent!.hint).toContain('k3s kubectl get nodes');
  });

  it("asks for the user's kubeconfig only on a server with kubeconfig_user", () => {
    const context = { host: 'h', loginUser: 'root' };
    expect(k3s.facts(k3sSettings(BASE), context)['kubeconfig']!.command.text).toBe('true');
    expect(k3s.facts(k3sSettings({ ...BASE, role: 'agent', server: 'cp1', kubeconfig_user: 'ops' }), context)['kubeconfig']!.command.text).toBe('true');
    expect(k3s.facts(k3sSettings({ ...BASE, kubeconfig_user: 'ops' }), context)['kubeconfig']!.command.text).toBe(kubeconfigFact('ops', '').command.text);
  });

  it('refuses a token with a newline (k3s would cut it)', () => {
    const facts = { version: null, config: null, serverUnit: { active: false, enabled: false }, agentUnit: { active: false, enabled: false }, packages: new Map(), aptCacheAge: 0, addresses: [], routes: [], kubeconfig: null };
    expect(() => k3s.plan(k3sSettings({ ...BASE, token: 'a\nb' }), facts, hostWith('cp1'))).toThrow(new PlanRefusedError('k3s.token contains a newline or NUL character, which k3s would cut: choose another token'));
  });
});
