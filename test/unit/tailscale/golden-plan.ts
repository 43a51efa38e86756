import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { HostContext } from '../../../src/engine/module.js';
import type { Step } from '../../../src/engine/step.js';
import { checkModuleSettings } from '../../../src/inventory/settings-validator.js';
import { Secret } from '../../../src/shell/secret.js';
import { tailscale } from '../../../modules/tailscale/tailscale.js';
import type { GoldenCase } from '../../targets/record-facts.js';

const GOLDEN = fileURLToPath(new URL('../../../modules/tailscale/golden/', import.meta.url));

/** A Debian 12 root login, as the golden cases' runner assumes. */
const HOST: HostContext = {
  host: 'golden',
  loginUser: 'root',
  os: { id: 'debian', versionId: '12', codename: 'bookworm', prettyName: 'Debian GNU/Linux 12 (bookworm)' },
  peers: new Map(),
};

/** The plan of a golden case of the tailscale module, with the auth key replaced by `key`. */
export function planOfCase(name: string, key: Secret): Step[] {
  const golden = parse(readFileSync(`${GOLDEN}${name}.yaml`, 'utf8')) as GoldenCase;
  const settings: Record<string, unknown> = structuredClone(golden.settings ?? {});
  const { errors } = checkModuleSettings(tailscale, settings);
  if (errors.length > 0) throw new Error(`${name}: invalid settings: ${errors.map((e) => e.message).join('; ')}`);
  settings['auth_key'] = key;
  const requests = tailscale.facts(settings, HOST);
  const facts = Object.fromEntries(
    Object.entries(requests).map(([factName, fact]) => {
      const raw = golden.facts[factName];
      if (!raw) throw new Error(`${name}: no fact ${factName}`);
      return [factName, fact.parse(raw.output, raw.exitCode)];
    }),
  );
  return tailscale.plan(settings, facts, HOST);
}

/** A key as an inventory's `${env:...}` reference hands it over. */
export function authKey(value: string): Secret {
  return new Secret(value, 'env:TS_AUTHKEY');
}
