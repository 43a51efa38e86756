import { describe, expect, it } from 'vitest';
import { k3s } from '../../../modules/k3s/k3s.js';
import { parseInstalledConfig } from '../../../modules/k3s/config-yaml.js';
import type { PeerHost } from '../../../src/engine/module.js';
import { quote } from '../../../src/shell/quote.js';
import { MASK } from '../../../src/shell/secret.js';
import { newMarkers } from '../../../src/shell/markers.js';
import { renderStepScript } from '../../../src/shell/step-script.js';
import { hostWith, k3sSettings } from './settings.js';

/** A token with every character a shell or YAML could trip on. */
const TOKEN = `K10t0k'en "x" $(id) \`id\` #not-a-comment \\ ünï`;

/** Facts of a fresh Debian host: no k3s, no config.yaml, curl missing. */
const FRESH = {
  version: null,
  config: null,
  serverUnit: { active: false, enabled: false },
  agentUnit: { active: false, enabled: false },
  packages: new Map<string, string>(),
  aptCacheAge: 60,
  addresses: [],
  routes: [],
  kubeconfig: { kind: 'no-source' as const },
};

const cp1: PeerHost = { address: '10.0.0.11', modules: ['k3s'], settings: { k3s: k3sSettings({ version: 'v1.30.4+k3s1', token: TOKEN, cluster_init: true }) } };

const cases = [
  { name: 'first server (with a kubeconfig user)', host: 'cp1', settings: { version: 'v1.30.4+k3s1', token: TOKEN, cluster_init: true, kubeconfig_user: 'ops' } },
  { name: 'second server joining cp1', host: 'cp2', settings: { version: 'v1.30.4+k3s1', token: TOKEN, server: 'cp1' } },
  { name: 'agent joining cp1', host: 'w1', settings: { version: 'v1.30.4+k3s1', token: TOKEN, role: 'agent', server: 'cp1' } },
  { name: 'agent joining by URL', host: 'w2', settings: { version: 'v1.30.4+k3s1', token: TOKEN, role: 'agent', server: 'https://k3s.example.net:6443' } },
];

/** The base64 word a file write pipes into `base64 -d`. */
const PAYLOAD = /printf '%s' (\S+) \| base64 -d/g;

describe('k3s: the token never reaches an argv or an environment line', () => {
  for (const { name, host, settings } of cases) {
    it(`${name}: the token is only inside config.yaml's payload; plan output shows ***`, () => {
      const steps = k3s.plan(k3sSettings(settings), FRESH, hostWith(host, { cp1 }));
      const script = renderStepScript(steps, newMarkers('test'));

      const payloads = [...script.text.matchAll(PAYLOAD)].map((match) => match[1]!);
      expect(payloads).toHaveLength(1);
      const config = Buffer.from(payloads[0]!, 'base64').toString('utf8');
      expect(parseInstalledConfig(config)?.token).toBe(TOKEN);

      // Outside that one base64 word, the script holds the token in no form: plain, shell-quoted or as K3S_TOKEN.
      const rest = script.text.replace(payloads[0]!, '');
      for (const form of [TOKEN, quote(TOKEN), 'K10t0k', 'K3S_TOKEN', '--token', 'K3S_URL']) expect(rest).not.toContain(form);
      expect(script.text).toContain('INSTALL_K3S_SKIP_START=true sh "$installer"');

      expect(script.shown).toContain(`printf '%s' ${MASK} | base64 -d`);
      expect(script.shown).not.toContain(payloads[0]);
      expect(script.shown).not.toContain('K10t0k');
      for (const step of steps) expect(step.title).not.toContain('K10t0k');
    });
  }
});
