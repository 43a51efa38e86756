import ssh2 from 'ssh2';
import { expect, it } from 'vitest';
import { generateKeyPair } from '../targets/key-pair.js';

it('generates only key pairs that ssh2 reads back (its generator fails about 1 in 256)', () => {
  // 2000 pairs: without the retry, at least one unreadable pair is all but certain (1 - (255/256)^2000 > 99.9%).
  for (let i = 0; i < 2000; i++) {
    const keys = generateKeyPair();
    expect(ssh2.utils.parseKey(keys.private)).not.toBeInstanceOf(Error);
    expect(ssh2.utils.parseKey(keys.public)).not.toBeInstanceOf(Error);
  }
});
