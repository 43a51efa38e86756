import { describe, expect, it } from 'vitest';
import { monitoring, monitoringPorts } from '../../../modules/monitoring/monitoring.js';
import { netdataConfContent } from '../../../modules/monitoring/netdata-conf.js';
import { isPinnedVersion } from '../../../modules/monitoring/netdata-installer.js';
import { checkModuleSettings } from '../../../src/inventory/settings-validator.js';
import type { MonitoringSettings } from '../../../schemas/modules/monitoring.js';

function settings(partial: Record<string, unknown>): { value: MonitoringSettings; errors: string[] } {
  const value = structuredClone(partial);
  const { errors } = checkModuleSettings(monitoring, value);
  return { value: value as MonitoringSettings, errors: errors.map((e) => `${e.instancePath} ${e.message ?? ''}`) };
}

describe('monitoring settings', () => {
  it('defaults to the distribution package on 127.0.0.1:19999', () => {
    expect(settings({}).value).toMatchObject({ source: 'distro', bind: '127.0.0.1', port: 19999, installer_version: '' });
  });
  for (const bind of ['0.0.0.0 ', '127.0.0.1\n[web]', 'localhost', '256.1.1.1', '::1']) {
    it(`refuses bind ${JSON.stringify(bind)}`, () => expect(settings({ bind }).errors).not.toEqual([]));
  }
  it('refuses an installer over plain http, a loose version and a short checksum', () => {
    expect(settings({ installer_url: 'http://get.netdata.cloud/kickstart.sh' }).errors).not.toEqual([]);
    expect(settings({ installer_version: 'latest' }).errors).not.toEqual([]);
    expect(settings({ installer_sha256: 'abc' }).errors).not.toEqual([]);
  });
});

describe('netdata.conf', () => {
  it('sets the listen address and port', () => {
    expect(netdataConfContent(settings({ bind: '*', port: 20000 }).value)).toContain('[web]\n\tbind to = *:20000\n\tdefault port = 20000\n');
  });
});

describe('installed version', () => {
  it('matches the pinned release with or without a package revision', () => {
    expect(isPinnedVersion('1.44.3', '1.44.3')).toBe(true);
    expect(isPinnedVersion('1.44.3-1', '1.44.3')).toBe(true);
    expect(isPinnedVersion('1.44.31', '1.44.3')).toBe(false);
    expect(isPinnedVersion('1.37.1-2', '1.44.3')).toBe(false);
    expect(isPinnedVersion(undefined, '1.44.3')).toBe(false);
  });
});

describe('monitoring ports and health', () => {
  it('claims the API port and statsd', () => {
    expect(monitoringPorts(settings({ port: 19998 }).value)).toEqual([8125, 19998]);
  });
  it('asks the API where it listens, waiting for it only while the unit is active', () => {
    const checks = monitoring.health!(settings({ bind: '*', port: 19998 }).value, { host: 'm', loginUser: 'root' });
    expect(checks.map((c) => [c.title, c.command.text])).toEqual([
      ['Netdata is running', 'systemctl is-active --quiet netdata.service'],
      [
        "Netdata's API answers on 127.0.0.1:19998",
        'systemctl is-active --quiet netdata.service && curl -sS -f -o /dev/null --max-time 5 --retry 10 --retry-delay 1 --retry-connrefused http://127.0.0.1:19998/api/v1/info',
      ],
    ]);
  });
});
