import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Passwords are stored as scrypt hashes (memory-hard). N = 2^15, r = 8 uses 32 MiB and
 * about 100 ms per check on this class of machine: slow for a guesser, fine for a sign-in
 * that is also rate-limited. Parameters travel with the hash so they can be raised later;
 * a hash with other parameters still verifies and is rehashed on the next good sign-in.
 */
export const SCRYPT_PARAMS: Readonly<ScryptParams> = { N: 2 ** 15, r: 8, p: 1 };
const KEYLEN = 32;

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * The one key derivation every password check goes through. An object (not a bare
 * function) so a test can observe the parameters each sign-in path derives with: unknown,
 * disabled and wrong-password sign-ins must all do the same work (issue 15 item 4).
 */
export const kdf = {
  derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
    return new Promise((resolve, reject) =>
      scrypt(password.normalize('NFKC'), salt, KEYLEN, { ...params, maxmem: 256 * 1024 * 1024 }, (err, key) =>
        err ? reject(err) : resolve(key),
      ),
    );
  },
};

const encode = (params: ScryptParams, salt: Buffer, key: Buffer): string =>
  ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');

interface Parsed {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

function parse(stored: string): Parsed | null {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key || rest.length > 0) return null;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (![params.N, params.r, params.p].every((x) => Number.isSafeInteger(x) && x > 0)) return null;
  const k = Buffer.from(key, 'base64url');
  return k.length === KEYLEN ? { params, salt: Buffer.from(salt, 'base64url'), key: k } : null;
}

/**
 * Stands in for the account when there is none (unknown login), when it may not sign in
 * (disabled) or when its stored hash is unreadable: the same parameters and key length as
 * a real hash, a random salt, and a key no password derives to in practice.
 */
const DUMMY: Parsed = { params: SCRYPT_PARAMS, salt: randomBytes(16), key: randomBytes(KEYLEN) };

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return encode(SCRYPT_PARAMS, salt, await kdf.derive(password, salt, SCRYPT_PARAMS));
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  return (await checkPassword(password, stored)).ok;
}

export interface PasswordCheck {
  ok: boolean;
  /** The password was right but its hash has other parameters than today's: store `hashPassword` of it. */
  rehash: boolean;
}

/**
 * A sign-in's password check. `stored` is null when there is no account that may sign in:
 * the dummy hash is checked then, so the answer takes the same key derivation with the
 * same parameters as a wrong password for a real account.
 */
export async function checkPassword(password: string, stored: string | null): Promise<PasswordCheck> {
  const real = stored === null ? null : parse(stored);
  const h = real ?? DUMMY;
  const actual = await kdf.derive(password, h.salt, h.params);
  const same = timingSafeEqual(actual, h.key); // compared on every path, dummy included
  const ok = real !== null && same;
  const current = h.params.N === SCRYPT_PARAMS.N && h.params.r === SCRYPT_PARAMS.r && h.params.p === SCRYPT_PARAMS.p;
  return { ok, rehash: ok && !current };
}

/** A password people can type from a printout: 4 groups of 5 from an unambiguous alphabet (~100 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}
