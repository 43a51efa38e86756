import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { saslprep } from './saslprep.js';

/** PostgreSQL's default iteration count for new SCRAM-SHA-256 verifiers (scram_iterations). */
export const SCRAM_ITERATIONS = 4096;
/** PostgreSQL's salt length for new verifiers, in bytes. */
const SALT_BYTES = 16;

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores in pg_authid.rolpassword for this password, salt and
 * iteration count (RFC 5802, RFC 7677): `SCRAM-SHA-256$ITER:SALT$STOREDKEY:SERVERKEY`, base64 parts.
 */
export function scramVerifier(password: string, salt: Buffer, iterations: number): string {
  const salted = pbkdf2Sync(Buffer.from(saslprep(password), 'utf8'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/**
 * The salt for a new verifier. Plan is pure, so the salt is derived, not random: from the password, the
 * host and the role, so two hosts (or two roles) with one password never share a verifier.
 */
export function derivedSalt(password: string, host: string, role: string): Buffer {
  return createHmac('sha256', password).update(`phanes postgres salt\0${host}\0${role}`).digest().subarray(0, SALT_BYTES);
}

/** What the host tells about a role's stored password: never the verifier itself, only its parameters and digest. */
export interface StoredPassword {
  readonly iterations: number;
  /** Base64, as in the verifier. */
  readonly salt: string;
  /** Hex SHA-256 of the whole rolpassword text. */
  readonly digest: string;
}

/** Hex SHA-256 of a verifier, as the host computes it with `sha256(convert_to(rolpassword, 'UTF8'))`. */
export function verifierDigest(verifier: string): string {
  return createHash('sha256').update(verifier, 'utf8').digest('hex');
}

/** Whether the stored password is a SCRAM verifier of `password` (computed here with its salt and iterations). */
export function storedPasswordMatches(password: string, stored: StoredPassword | null): boolean {
  if (!stored || stored.iterations <= 0 || stored.salt === '') return false;
  return verifierDigest(scramVerifier(password, Buffer.from(stored.salt, 'base64'), stored.iterations)) === stored.digest;
}
