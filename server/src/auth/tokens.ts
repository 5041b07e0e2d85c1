import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Machine tokens and session ids are 256-bit random secrets shown once; only their
 * SHA-256 is stored. A fast hash is right here: unlike passwords, the secret has full
 * entropy, so there is nothing to guess.
 */
export function newSecret(prefix: 'lst' | 'lss'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Constant-time comparison for CSRF tokens and the like. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
