import { describe, expect, it } from 'vitest';
import type { SecuritySettings } from '../../../schemas/modules/security.js';
import { sshdDropIn, type SshdVersion } from '../../../modules/security/config-files.js';
import { security } from '../../../modules/security/security.js';
import { checkModuleSettings } from '../../../src/inventory/settings-validator.js';

// The schema's defaults, filled in by the same validation plan and apply use.
const settings: Record<string, unknown> = {};
expect(checkModuleSettings(security, settings).errors).toEqual([]);
const dropIn = (version?: SshdVersion) => sshdDropIn(settings as unknown as SecuritySettings, { permitRootLogin: 'no', tcpForwarding: 'no', ...(version ? { version } : {}) }).split('\n');

describe('sshd drop-in keywords by sshd version', () => {
  it('leaves out keywords an unknown sshd may not have (sshd -t refuses unknown keywords)', () => {
    expect(dropIn()).not.toContain('RequiredRSASize 3072');
    expect(dropIn()).not.toContain('PerSourcePenalties yes');
  });
  it('writes RequiredRSASize from OpenSSH 9.1 (Debian 12 has 9.2)', () => {
    expect(dropIn({ major: 9, minor: 0 })).not.toContain('RequiredRSASize 3072');
    expect(dropIn({ major: 9, minor: 2 })).toContain('RequiredRSASize 3072');
    expect(dropIn({ major: 9, minor: 2 })).not.toContain('PerSourcePenalties yes');
  });
  it('writes PerSourcePenalties from OpenSSH 9.8 (Debian 13 has 10.0)', () => {
    expect(dropIn({ major: 9, minor: 7 })).not.toContain('PerSourcePenalties yes');
    expect(dropIn({ major: 9, minor: 8 })).toContain('PerSourcePenalties yes');
    expect(dropIn({ major: 10, minor: 0 })).toContain('PerSourcePenalties yes');
  });
});

describe('sshd drop-in at level strict', () => {
  const strict = (clientAliveInterval: number) =>
    sshdDropIn({ ...settings, level: 'strict', client_alive_interval: clientAliveInterval } as unknown as SecuritySettings, { permitRootLogin: 'no', tcpForwarding: 'no' }).split('\n');
  it('adds the banner, and turns TCP keepalives off only while ClientAlive* drops dead clients', () => {
    expect(strict(300)).toEqual(expect.arrayContaining(['Banner /etc/issue.net', 'TCPKeepAlive no']));
    expect(strict(0)).toContain('Banner /etc/issue.net');
    expect(strict(0)).not.toContain('TCPKeepAlive no');
    expect(dropIn()).not.toContain('TCPKeepAlive no');
  });
});
