import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { kdf, SCRYPT_PARAMS, type ScryptParams } from '../../server/src/auth/password';
import { seedAccounts, TEST_PASSWORD } from '../support/auth';
import type { TestDatabase } from '../support/infra';
import { startStack, type Stack } from '../support/stack';

/**
 * Sign-in timing (issue 15 item 4): unknown, disabled and wrong-password sign-ins must do
 * the same key derivation with the same parameters, or the time of the answer tells which
 * accounts exist. Observed here through the one derivation seam (`kdf.derive`), not by
 * timing: the parameters, key length and number of derivations per sign-in.
 * bench/sign-in-timing.ts measures the medians.
 */
let stack: Stack;
let tdb: TestDatabase;
let app: FastifyInstance;

/** scrypt N=2^14 — what the dummy hash used before, and what an old account may still hold. */
const OLD = { N: 2 ** 14, r: 8, p: 1 };

beforeAll(async () => {
  stack = await startStack({
    name: 'test-sign-in-timing',
    accounts: true,
    prepare: (db) => db.updateTable('users').set({ disabled_at: new Date() }).where('username', '=', 'staff-t-jd-b').execute(),
  });
  ({ tdb, app } = stack);
});

afterAll(() => stack?.stop());

afterEach(() => vi.restoreAllMocks());

let addr = 0;
const login = (username: string, password: string) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: `10.44.${(++addr >> 8) & 255}.${addr & 255}` });

/** The derivations one sign-in runs: parameters and salt length of each. */
async function derivations(username: string, password: string): Promise<{ status: number; calls: { params: ScryptParams; saltBytes: number }[] }> {
  const spy = vi.spyOn(kdf, 'derive');
  const res = await login(username, password);
  const calls = spy.mock.calls.map(([, salt, params]) => ({ params: { ...params }, saltBytes: salt.length }));
  spy.mockRestore();
  return { status: res.statusCode, calls };
}

describe('sign-in does the same work on every path', () => {
  it('derives once with today\'s parameters for unknown, disabled and wrong-password sign-ins alike', async () => {
    const unknown = await derivations('no-such-account', 'guess-1');
    const disabled = await derivations('staff-t-jd-b', TEST_PASSWORD); // the right password of a disabled account
    const wrong = await derivations('staff-t-jd-a', 'guess-1');
    const right = await derivations('staff-t-jd-a', TEST_PASSWORD);
    expect([unknown.status, disabled.status, wrong.status, right.status]).toEqual([401, 401, 401, 200]);
    const expected = [{ params: { ...SCRYPT_PARAMS }, saltBytes: 16 }];
    expect(unknown.calls).toEqual(expected);
    expect(disabled.calls).toEqual(expected);
    expect(wrong.calls).toEqual(expected);
    expect(right.calls).toEqual(expected);
  });

  it('answers a disabled account exactly like an unknown one', async () => {
    const [disabled, unknown] = [await login('staff-t-jd-b', TEST_PASSWORD), await login('no-such-account-2', TEST_PASSWORD)];
    expect(disabled.statusCode).toBe(unknown.statusCode);
    expect(disabled.json()).toEqual(unknown.json());
  });

  it('treats an unreadable stored hash like no account: same derivation, refused', async () => {
    await tdb.db.updateTable('users').set({ password_hash: 'scrypt$1$1$1$AAAA$AAAA' }).where('username', '=', 'staff-t-jd-a').execute();
    const res = await derivations('staff-t-jd-a', 'anything');
    expect(res.status).toBe(401);
    expect(res.calls).toEqual([{ params: { ...SCRYPT_PARAMS }, saltBytes: 16 }]);
    await seedAccounts(tdb.db);
  });

  it('still verifies a hash stored with older parameters, and rehashes it on success', async () => {
    // Made with the old parameters through the same seam, as an earlier release stored it.
    const salt = Buffer.from('0123456789abcdef');
    const key = await kdf.derive(TEST_PASSWORD, salt, OLD);
    const old = ['scrypt', OLD.N, OLD.r, OLD.p, salt.toString('base64url'), key.toString('base64url')].join('$');
    await tdb.db.updateTable('users').set({ password_hash: old }).where('username', '=', 'leader-t-jd').execute();
    expect((await login('leader-t-jd', 'wrong password')).statusCode).toBe(401);
    expect((await tdb.db.selectFrom('users').select('password_hash').where('username', '=', 'leader-t-jd').executeTakeFirstOrThrow()).password_hash).toBe(old);
    const ok = await derivations('leader-t-jd', TEST_PASSWORD);
    expect(ok.status).toBe(200);
    expect(ok.calls[0]!.params).toEqual(OLD);
    const stored = (await tdb.db.selectFrom('users').select('password_hash').where('username', '=', 'leader-t-jd').executeTakeFirstOrThrow()).password_hash;
    expect(stored).toMatch(new RegExp(`^scrypt\\$${SCRYPT_PARAMS.N}\\$${SCRYPT_PARAMS.r}\\$${SCRYPT_PARAMS.p}\\$`));
    expect((await login('leader-t-jd', TEST_PASSWORD)).statusCode).toBe(200);
  });
});
