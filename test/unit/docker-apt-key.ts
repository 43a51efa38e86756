import { createHash } from 'node:crypto';

/**
 * Reads an ASCII-armored OpenPGP public key (RFC 4880) far enough to prove it is the key a fingerprint
 * names: the armor's CRC-24 is checked, and the v4 fingerprint of the primary key packet is computed
 * (SHA-1 over 0x99, the body's two-byte length and the body). For the apt keys the docker and devtools
 * modules carry; used by their unit tests.
 */

/** CRC-24 as OpenPGP armor uses it. */
function crc24(data: Buffer): number {
  let crc = 0xb704ce;
  for (const byte of data) {
    crc ^= byte << 16;
    for (let i = 0; i < 8; i++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}

/** The key's binary packets; throws when the armor's checksum does not match. */
export function dearmor(armored: string): Buffer {
  const lines = armored.trim().split('\n');
  const start = lines.indexOf('') + 1;
  const end = lines.findIndex((line) => line.startsWith('-----END PGP PUBLIC KEY BLOCK-----'));
  const body = lines.slice(start, end);
  const checksum = body.pop() ?? '';
  if (!checksum.startsWith('=')) throw new Error('no armor checksum line');
  const data = Buffer.from(body.join(''), 'base64');
  const expected = Buffer.from(checksum.slice(1), 'base64').readUIntBE(0, 3);
  if (crc24(data) !== expected) throw new Error('armor checksum mismatch');
  return data;
}

/** Uppercase hex v4 fingerprint of the first packet, which must be a public key (tag 6). */
export function primaryKeyFingerprint(armored: string): string {
  const data = dearmor(armored);
  const header = data[0]!;
  if (!(header & 0x80)) throw new Error('not an OpenPGP packet');
  let tag: number;
  let length: number;
  let offset: number;
  if (header & 0x40) {
    tag = header & 0x3f;
    const first = data[1]!;
    if (first < 192) [length, offset] = [first, 2];
    else if (first < 224) [length, offset] = [((first - 192) << 8) + data[2]! + 192, 3];
    else [length, offset] = [data.readUInt32BE(2), 6];
  } else {
    tag = (header >> 2) & 0x0f;
    const size = [1, 2, 4][header & 0x03];
    if (size === undefined) throw new Error('indeterminate packet length');
    [length, offset] = [data.readUIntBE(1, size), 1 + size];
  }
  if (tag !== 6) throw new Error(`first packet has tag ${tag}, not a public key`);
  const body = data.subarray(offset, offset + length);
  const prefix = Buffer.from([0x99, length >> 8, length & 0xff]);
  return createHash('sha1').update(prefix).update(body).digest('hex').toUpperCase();
}
