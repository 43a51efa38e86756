import { describe, expect, it } from 'vitest';
import { devtools } from '../../modules/devtools/devtools.js';
import {
  isNodesourceMajor,
  NODESOURCE_KEY,
  NODESOURCE_KEY_FINGERPRINT,
  NODESOURCE_PIN_CONTENT,
  nodesourceSources,
} from '../../modules/devtools/nodesource-repository.js';
import { checkModuleSettings } from '../../src/inventory/settings-validator.js';
import { primaryKeyFingerprint } from './docker-apt-key.js';

function settings(partial: Record<string, unknown> = {}): Record<string, unknown> {
  const copy = structuredClone(partial);
  expect(checkModuleSettings(devtools, copy).errors).toEqual([]);
  return copy;
}

describe("devtools: NodeSource's repository", () => {
  it("carries NodeSource's key (NSolid <nsolid-gpg@nodesource.com>)", () => {
    expect(NODESOURCE_KEY_FINGERPRINT).toBe('6F71F525282841EEDAF851B42F59B5F99B1BE0B4');
    expect(primaryKeyFingerprint(NODESOURCE_KEY)).toBe(NODESOURCE_KEY_FINGERPRINT);
  });

  it('names one major, one architecture and the carried key; pins nodejs to it above 1000', () => {
    expect(nodesourceSources(20, 'arm64')).toBe(
      '# Written by Phanes (devtools module).\nTypes: deb\nURIs: https://deb.nodesource.com/node_20.x\nSuites: nodistro\nComponents: main\nArchitectures: arm64\nSigned-By: /etc/apt/keyrings/nodesource.asc\n',
    );
    expect(NODESOURCE_PIN_CONTENT).toContain('Package: nodejs\nPin: origin deb.nodesource.com\nPin-Priority: 1001\n');
  });

  it("counts only NodeSource's build of the wanted major as installed", () => {
    expect(isNodesourceMajor('22.12.0-1nodesource1', 22)).toBe(true);
    expect(isNodesourceMajor('20.18.1-1nodesource1', 22)).toBe(false);
    expect(isNodesourceMajor('18.20.4+dfsg-1~deb12u2', 18)).toBe(false);
    expect(isNodesourceMajor('220.1.0-1nodesource1', 22)).toBe(false);
    expect(isNodesourceMajor(undefined, 22)).toBe(false);
  });
});

describe('devtools: health', () => {
  const context = { host: 'h', loginUser: 'root' };
  const titles = (partial: Record<string, unknown>) => devtools.health!(settings(partial), context).map((c) => c.title);

  it('checks only what was asked for', () => {
    expect(titles({})).toEqual(['git --version', 'a C program compiles and links (cc)']);
    expect(titles({ packages: ['curl'] })).toEqual([]);
    expect(titles({ python: true, node: 'distro', go: 'distro' })).toEqual([
      'git --version',
      'a C program compiles and links (cc)',
      'python3 with venv and pip',
      'node and npm',
      'go version',
    ]);
  });

  it("checks NodeSource's node for its major", () => {
    const [check] = devtools.health!(settings({ packages: [], node: 'nodesource', node_major: 20 }), context);
    expect(check!.title).toBe('node 20.x and npm');
    expect(check!.command.text).toBe("timeout 30 node --version | grep -q '^v20\\.' && timeout 30 npm --version");
  });

  it('refuses a node_major NodeSource never had, at validation', () => {
    expect(checkModuleSettings(devtools, { node: 'nodesource', node_major: 16 }).errors.length).toBeGreaterThan(0);
  });
});
