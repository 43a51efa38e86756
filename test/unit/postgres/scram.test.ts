import { describe, expect, it } from 'vitest';
import { derivedSalt, scramVerifier, storedPasswordMatches, verifierDigest } from '../../../modules/postgres/scram.js';
import { saslprep } from '../../../modules/postgres/saslprep.js';

/**
 * Verifiers PostgreSQL 15 (Debian 12) stored for these passwords (`CREATE ROLE ... PASSWORD '...'` with
 * password_encryption = scram-sha-256, read back from pg_authid.rolpassword).
 */
const RECORDED: readonly [string, string, string][] = [
  ['ASCII', 'pencil', 'SCRAM-SHA-256$4096:9VahT9YHQRN8A7BIusTHfA==$E6aelAiGn69rHc7Lg3qX1w9mkq1dIlsFboo5b41DZiU=:X+16f/Mtkwguf59C4SQPMlTfANq/Sy98w4pQX/xJeSU='],
  ['shell and SQL metacharacters', 'p\'a"s s:\\$(x)', 'SCRAM-SHA-256$4096:Crs+DRrpfxFrXtFIbIXfBA==$uP99pRMJl3KpShib2Eew+scExqS2wPDsCEdnkjMtM5Q=:TOZsTgXz6FEE8Vl9oHXbhi8goN+Ynn1REwkADIZ+Sc8='],
  ['no-break space, roman numeral nine (NFKC: IX), soft hyphen (dropped)', '\u00a0\u2168\u00ad x', 'SCRAM-SHA-256$4096:Ez4XhO7vb+7GiBQ7nefDDw==$D7WsEAbKOL1pprmMFRBbV6fG2Sz1OFNrOAtyZjcPK40=:vwtexn69kpXmieWN5wSkwnPr5LmEi0xmD6remuQ6V+k='],
  ['combining accent (NFKC composes it)', 'e\u0301', 'SCRAM-SHA-256$4096:lXwI18aqN4W5B/wZTdNzfQ==$Az6LEcAHdTKrk/VQuhVCQFYsXL3syDVpwcsOX4RKnAM=:rWiNxESPJtFeCfr6lA5UHrP/4laIRlMKrPHjZiok3Y4='],
  ['Arabic-Indic digit (no direction)', '\u0661abc', 'SCRAM-SHA-256$4096:jVWp+JHcWAUFo+wT3CslYQ==$RXfykjsHgqbsSXPOI53qacEq3uXZKdBHfTmehjlew14=:l9fgUuVa8Wty7yAzF7eTy526+neJTc0CKQAUgKrLKbo='],
  ['Hebrew only', '\u05d0\u05d1', 'SCRAM-SHA-256$4096:68IxGjpHrgaIIihB46C0tA==$KvseZj7wrK63LElo2n+nx8uCQ+lfoWqNDrqHEYFsgWE=:7MGqD09Ke7GXqxbIXEGLilm4ngyWB9fBhjuWA73U5vo='],
  ['Hebrew mixed with Latin (bidi rule broken: hashed as given)', '\u05d0abc', 'SCRAM-SHA-256$4096:OVKDSdwWURVz4HICCpfw9A==$WI13DheY/Enj3mfJlDlmdeN3pi81Xj/PaCqax87kj0g=://8dmNIIl8x/eSmO/yoHvpSyMg6Xn+UgwQ4UYKDW2M0='],
  ['private use character (prohibited: hashed as given)', '\ue000x', 'SCRAM-SHA-256$4096:jdKBU7ZKFzTmcYaTh583dw==$CNySBfpvP5CG6YVrdNYDCTKvaNO7WyWxH4F5Z56aYE4=:zbF9pSS85CdpYR9fHpHIxkvz1pc+U9LfkuW7alX1uw0='],
];

function parts(verifier: string): { iterations: number; salt: string } {
  const match = /^SCRAM-SHA-256\$(\d+):([^$]+)\$/.exec(verifier)!;
  return { iterations: Number(match[1]), salt: match[2]! };
}

describe('scramVerifier', () => {
  for (const [what, password, verifier] of RECORDED) {
    it(`gives what PostgreSQL stored: ${what}`, () => {
      const { iterations, salt } = parts(verifier);
      expect(scramVerifier(password, Buffer.from(salt, 'base64'), iterations)).toBe(verifier);
    });
  }
});

describe('storedPasswordMatches', () => {
  const [, password, verifier] = RECORDED[1]!;
  const stored = { ...parts(verifier), digest: verifierDigest(verifier) };

  it('is true for the password whose verifier is stored', () => {
    expect(storedPasswordMatches(password, stored)).toBe(true);
  });
  it('is false for any other password, however close', () => {
    expect(storedPasswordMatches(`${password} `, stored)).toBe(false);
    expect(storedPasswordMatches(password.toUpperCase(), stored)).toBe(false);
  });
  it('is false without a password, or with one that is not SCRAM (md5)', () => {
    expect(storedPasswordMatches(password, null)).toBe(false);
    expect(storedPasswordMatches(password, { iterations: 0, salt: '', digest: verifierDigest('md5abc') })).toBe(false);
  });
});

describe('derivedSalt', () => {
  it('is 16 bytes, the same for the same inputs, different per host, role and password', () => {
    const salt = derivedSalt('pw', 'db1', 'app');
    expect(salt).toHaveLength(16);
    expect(derivedSalt('pw', 'db1', 'app').equals(salt)).toBe(true);
    expect(derivedSalt('pw', 'db2', 'app').equals(salt)).toBe(false);
    expect(derivedSalt('pw', 'db1', 'app2').equals(salt)).toBe(false);
    expect(derivedSalt('pw2', 'db1', 'app').equals(salt)).toBe(false);
  });
  it('cannot be confused by moving text between host and role', () => {
    expect(derivedSalt('pw', 'a b', 'c').equals(derivedSalt('pw', 'a', 'b c'))).toBe(false);
  });
});

describe('saslprep', () => {
  it('leaves ASCII alone, control characters included', () => {
    expect(saslprep('p a\tb\u007f')).toBe('p a\tb\u007f');
  });
  it('maps non-ASCII spaces to a space and drops characters mapped to nothing', () => {
    expect(saslprep('a\u3000b\u200dc\ufeff')).toBe('a bc');
  });
  it('normalizes to NFKC', () => {
    expect(saslprep('\u2168\ufb01')).toBe('IXfi');
  });
  it('gives the password unchanged when the result holds a prohibited character', () => {
    expect(saslprep('\u00e9\u0007')).toBe('\u00e9\u0007');
    expect(saslprep('x\u{e0001}\u00e9')).toBe('x\u{e0001}\u00e9');
  });
  it('gives the password unchanged when it mixes directions', () => {
    expect(saslprep('\u05d0\u00e9')).toBe('\u05d0\u00e9');
    expect(saslprep('1\u05d0')).toBe('1\u05d0');
  });
});
