import ssh2 from 'ssh2';

/**
 * A fresh ed25519 key pair that ssh2 can read back. ssh2's generator strips leading zero bytes from the
 * public key, so about 1 pair in 256 does not parse ("Malformed OpenSSH private key", mscdex/ssh2#1513,
 * seen here in CI): such a pair is generated again.
 */
export function generateKeyPair(comment = 'phanes-test'): { private: string; public: string } {
  for (;;) {
    const keys = ssh2.utils.generateKeyPairSync('ed25519', { comment });
    if (!(ssh2.utils.parseKey(keys.private) instanceof Error) && !(ssh2.utils.parseKey(keys.public) instanceof Error)) return keys;
  }
}
