import { describe, expect, it } from 'vitest';
import { hasVersion } from '../../../modules/security/config-files.js';
import { parseSshd } from '../../../modules/security/sshd-fact.js';

describe('the sshd fact', () => {
  it('reads ports, version, host keys and socket activation', () => {
    const state = parseSshd(
      [
        'port 22',
        'port 2222',
        'version:OpenSSH_9.2',
        'hostkey:256 SHA256:z/dy8QtYFT8IAk9brc+AoSOSqjNLQIbw22mIX77WYtE root@web1 (ED25519)',
        'hostkey:2048 SHA256:KKgtKwNr+Lopo11Ww2ufUh1SSPmEXHEIJGQWI7bKVy8 root@web1 (RSA)',
        'socket:active',
      ].join('\n'),
    );
    expect(state.ports).toEqual([22, 2222]);
    expect(state.version).toEqual({ major: 9, minor: 2 });
    expect([...state.hostKeys]).toEqual([
      ['ed25519', 256],
      ['rsa', 2048],
    ]);
    expect(state.socketActivated).toBe(true);
  });

  it("leaves the version unknown when sshd printed none, so no newer keyword is written", () => {
    const state = parseSshd('port 22\nversion:\nsocket:inactive\n');
    expect(state.version).toBeUndefined();
    expect(hasVersion(state.version, 9, 1)).toBe(false);
    expect(state.hostKeys.size).toBe(0);
  });

  it('compares versions by major, then minor', () => {
    expect(hasVersion({ major: 8, minor: 9 }, 9, 1)).toBe(false);
    expect(hasVersion({ major: 9, minor: 1 }, 9, 1)).toBe(true);
    expect(hasVersion({ major: 10, minor: 0 }, 9, 8)).toBe(true);
  });
});
