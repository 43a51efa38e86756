import { k3s } from '../../../modules/k3s/k3s.js';
import type { HostContext, PeerHost } from '../../../src/engine/module.js';
import { checkModuleSettings } from '../../../src/inventory/settings-validator.js';
import { Secret } from '../../../src/shell/secret.js';
import type { K3sSettings } from '../../../schemas/modules/k3s.js';

/** k3s settings as the inventory loader hands them over: validated, defaults filled in, the token a Secret. */
export function k3sSettings(partial: Record<string, unknown>): K3sSettings {
  const value = structuredClone(partial);
  const { errors } = checkModuleSettings(k3s, value);
  if (errors.length > 0) throw new Error(`invalid k3s settings: ${errors.map((e) => `${e.instancePath} ${e.message ?? ''}`).join('; ')}`);
  return { ...value, token: new Secret(String(value['token']), 'test') } as unknown as K3sSettings;
}

/** A Debian 12 host with these inventory peers. */
export function hostWith(name: string, peers: Record<string, PeerHost> = {}): HostContext {
  return {
    host: name,
    loginUser: 'root',
    os: { id: 'debian', versionId: '12', codename: 'bookworm', prettyName: 'Debian GNU/Linux 12 (bookworm)' },
    peers: new Map(Object.entries(peers)),
  };
}
