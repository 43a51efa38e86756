import { describe, expect, it } from 'vitest';
import { coolify } from '../../modules/coolify/coolify.js';
import { parseCoolifyInstallation } from '../../modules/coolify/installation-fact.js';
import { compareReleases, parseRelease } from '../../modules/coolify/release-version.js';
import { checkModuleSettings } from '../../src/inventory/settings-validator.js';

const order = (a: string, b: string) => Math.sign(compareReleases(parseRelease(a)!, parseRelease(b)!));

describe('coolify: release versions', () => {
  it('orders betas numerically and a final release after its betas', () => {
    expect(order('4.0.0-beta.420', '4.0.0-beta.434')).toBe(-1);
    expect(order('4.0.0-beta.99', '4.0.0-beta.100')).toBe(-1);
    expect(order('4.0.0-beta.420', '4.0.0')).toBe(-1);
    expect(order('4.0.0', '4.0.1')).toBe(-1);
    expect(order('4.3.19', '4.10.0')).toBe(-1);
    expect(order('4.0.0-beta.420', 'v4.0.0-beta.420')).toBe(0);
    expect(order('4.0.0-alpha.9', '4.0.0-beta.1')).toBe(-1);
    expect(order('4.0.0-beta', '4.0.0-beta.1')).toBe(-1);
  });

  it('knows what is not a version', () => {
    expect(parseRelease('latest')).toBeNull();
    expect(parseRelease('')).toBeNull();
    expect(parseRelease('4.0')).toBeNull();
  });
});

describe('coolify: the installation fact', () => {
  it('prefers the running image, then the .env, and tells installed from absent', () => {
    expect(parseCoolifyInstallation('')).toEqual({ installed: false });
    expect(parseCoolifyInstallation('installed\ndocker.io/coollabsio/coolify:4.0.0-beta.434\n4.0.0-beta.420\n')).toEqual({ installed: true, version: '4.0.0-beta.434' });
    expect(parseCoolifyInstallation('installed\nghcr.io/coollabsio/coolify:4.0.0-beta.420\n\n')).toEqual({ installed: true, version: '4.0.0-beta.420' });
    expect(parseCoolifyInstallation('installed\n\n4.0.0-beta.420\n')).toEqual({ installed: true, version: '4.0.0-beta.420' });
    expect(parseCoolifyInstallation('installed\n\n\n')).toEqual({ installed: true, version: null });
  });
});

describe('coolify: the module', () => {
  it('requires docker, claims its ports, and asks for a pinned release', () => {
    expect(coolify.requires).toEqual(['docker']);
    expect([...coolify.ports!({ version: '4.0.0' })].sort((a, b) => a - b)).toEqual([80, 443, 6001, 6002, 8000, 8080]);
    expect(checkModuleSettings(coolify, {}).errors.map((e) => e.params)).toEqual([{ missingProperty: 'version' }]);
    expect(checkModuleSettings(coolify, { version: 'latest' }).errors.length).toBeGreaterThan(0);
  });

  it('checks that the web port answers', () => {
    const [check] = coolify.health!({ version: '4.0.0' }, { host: 'h', loginUser: 'root' });
    expect(check!.command.text).toBe('curl -fsS -o /dev/null --max-time 10 http://127.0.0.1:8000/api/health');
  });
});
