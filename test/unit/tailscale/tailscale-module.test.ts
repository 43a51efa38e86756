import { describe, expect, it } from 'vitest';
import { checkModuleSettings } from '../../../src/inventory/settings-validator.js';
import { tailscale } from '../../../modules/tailscale/tailscale.js';
import { nodeChanges, upFlags, wantedNode } from '../../../modules/tailscale/node-settings.js';
import type { NodePrefs } from '../../../modules/tailscale/node-prefs.js';
import { tailscaleSourcesList } from '../../../modules/tailscale/tailscale-repository.js';
import { FORWARDING_CONF, forwardingSteps } from '../../../modules/tailscale/ip-forwarding.js';
import type { TailscaleSettings } from '../../../schemas/modules/tailscale.js';

function settings(partial: Record<string, unknown>): { value: TailscaleSettings; errors: string[] } {
  const value = structuredClone({ auth_key: 'tskey-auth-x', ...partial });
  const { errors } = checkModuleSettings(tailscale, value);
  return { value: value as unknown as TailscaleSettings, errors: errors.map((e) => `${e.instancePath} ${e.message ?? ''}`) };
}

describe('tailscale settings', () => {
  it('needs an auth key and defaults everything else to what a plain `tailscale up` gives on Linux', () => {
    expect(checkModuleSettings(tailscale, {}).errors).not.toEqual([]);
    expect(settings({}).value).toEqual({ auth_key: 'tskey-auth-x', hostname: '', tags: [], ssh: false, advertise_routes: [], advertise_exit_node: false, accept_routes: false });
  });

  const refused: [string, Record<string, unknown>][] = [
    ['a tag without tag:', { tags: ['server'] }],
    ['a tag starting with a digit', { tags: ['tag:1server'] }],
    ['a tag with an underscore', { tags: ['tag:web_1'] }],
    ['a tag with a comma (it would split the flag)', { tags: ['tag:a,tag:b'] }],
    ['a tag listed twice', { tags: ['tag:a', 'tag:a'] }],
    ['a hostname with a dot', { hostname: 'web.example' }],
    ['a hostname with a space', { hostname: 'web 1' }],
    ['a hostname ending with a hyphen', { hostname: 'web-' }],
    ['a hostname longer than a DNS label', { hostname: 'a'.repeat(64) }],
    ['a route without a length', { advertise_routes: ['10.0.0.0'] }],
    ['a route with a leading zero', { advertise_routes: ['010.0.0.0/8'] }],
    ['an IPv4 route longer than /32', { advertise_routes: ['10.0.0.0/33'] }],
    ['a route with a comma', { advertise_routes: ['10.0.0.0/8,10.1.0.0/16'] }],
    ['an IPv6 route with a zone', { advertise_routes: ['fe80::%eth0/64'] }],
    ['a route that is a host name', { advertise_routes: ['example.com/24'] }],
  ];
  for (const [what, partial] of refused) {
    it(`refuses ${what}`, () => {
      expect(settings(partial).errors).not.toEqual([]);
    });
  }
});

/** Prefs as `tailscale up` with these settings leaves them. */
const PREFS: NodePrefs = { hostname: 'web-1', advertiseTags: ['tag:server'], advertiseRoutes: ['10.0.0.0/24', '0.0.0.0/0', '::/0'], runSsh: true, routeAll: false };
const WANTED = wantedNode(settings({ hostname: 'web-1', tags: ['tag:server'], advertise_routes: ['10.0.0.0/24'], advertise_exit_node: true, ssh: true }).value);

describe('nodeChanges', () => {
  it('finds nothing when the prefs are what the settings ask (exit routes apart from subnet routes)', () => {
    expect(nodeChanges(WANTED, PREFS)).toEqual({ labels: [], setFlags: [], needsUp: false });
  });

  it('gives `tailscale set` just the changed flags, both route flags together', () => {
    expect(nodeChanges({ ...WANTED, exitNode: false }, PREFS)).toEqual({
      labels: ['exit node off'],
      setFlags: ['--advertise-routes=10.0.0.0/24', '--advertise-exit-node=false'],
      needsUp: false,
    });
    expect(nodeChanges({ ...WANTED, hostname: '', acceptRoutes: true }, PREFS).setFlags).toEqual(['--hostname=', '--accept-routes=true']);
  });

  it('needs `tailscale up` for tags, which set does not take', () => {
    expect(nodeChanges({ ...WANTED, tags: [] }, PREFS)).toMatchObject({ labels: ['no tags'], needsUp: true });
  });

  it('gives `tailscale up` every flag, in one order', () => {
    expect(upFlags(WANTED)).toEqual([
      '--hostname=web-1',
      '--advertise-tags=tag:server',
      '--advertise-routes=10.0.0.0/24',
      '--advertise-exit-node=true',
      '--accept-routes=false',
      '--ssh=true',
    ]);
  });
});

describe('the apt source', () => {
  it("is the installer's line, signed-by the keyring and pinned to the architecture", () => {
    expect(tailscaleSourcesList('ubuntu', 'noble', 'arm64')).toBe(
      '# Written by Phanes (tailscale module).\ndeb [arch=arm64 signed-by=/usr/share/keyrings/tailscale-archive-keyring.gpg] https://pkgs.tailscale.com/stable/ubuntu noble main\n',
    );
  });
});

describe('IP forwarding', () => {
  const on = { content: '1\n', mode: '0644', owner: 'root', group: 'root' };
  const file = (content: string) => ({ content, mode: '0644', owner: 'root', group: 'root' });

  it('leaves alone a drop-in at its path that Phanes did not write, when no routes need it', () => {
    expect(forwardingSteps(false, { forwardingConf: file('net.ipv4.ip_forward = 1\n'), ipv4Forwarding: on, ipv6Forwarding: on })).toEqual([]);
    expect(forwardingSteps(false, { forwardingConf: null, ipv4Forwarding: on, ipv6Forwarding: on })).toEqual([]);
  });

  it('switches on only what is off, IPv6 only where the kernel has it', () => {
    const steps = forwardingSteps(true, { forwardingConf: null, ipv4Forwarding: { ...on, content: '0\n' }, ipv6Forwarding: null });
    expect(steps.map((step) => (step.kind === 'file' ? step.path : step.command.text))).toEqual([FORWARDING_CONF, "sysctl -q -w 'net.ipv4.ip_forward=1'"]);
  });
});

describe('health', () => {
  const checks = tailscale.health!({}, { host: 'h', loginUser: 'root' });

  it('checks tailscaled, the login and the Running state, each with what to do', () => {
    expect(checks.map((check) => check.command.text)).toEqual([
      'systemctl is-active --quiet tailscaled.service',
      `timeout 10 tailscale status --json --peers=false | grep -Eq '"BackendState": "(NeedsMachineAuth|Stopped|Starting|Running)"'`,
      `timeout 10 tailscale status --json --peers=false | grep -Eq '"BackendState": "(Running)"'`,
    ]);
    expect(checks[1]!.hint).toMatch(/NeedsLogin.*expired.*auth_key/);
    expect(checks[2]!.hint).toMatch(/Stopped.*tailscale up.*NeedsMachineAuth.*approve/);
  });
});
