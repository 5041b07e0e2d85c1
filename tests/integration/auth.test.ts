import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdmin, ensureDemoAccounts, type Credential } from '../../server/src/auth/bootstrap';
import { createTestDatabase, type TestDatabase } from '../support/infra';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let tdb: TestDatabase;
let app: FastifyInstance;
let staff: Credential;
/** A second, empty migrated database for the "no admin yet" case. */
let empty: TestDatabase;

beforeAll(async () => {
  [stack, empty] = await Promise.all([startStack({ name: 'test-auth' }), createTestDatabase()]);
  stack.onStop(() => empty.drop());
  ({ tdb, app } = stack);
  await ensureAdmin(tdb.db, 'admin-pass-for-tests');
  const demo = await ensureDemoAccounts(tdb.db);
  staff = demo.accounts.find((a) => a.unit === 'T-JD-A')!;
});

afterAll(() => stack?.stop());

async function login(username: string, password: string, ip = '10.0.0.1') {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });
  const cookie = res.cookies.find((c) => c.name === 'luoshi_session');
  return { res, cookie: cookie ? `luoshi_session=${cookie.value}` : '', csrf: res.json<{ csrfToken?: string }>().csrfToken ?? '' };
}

describe('accounts', () => {
  it('creates the first admin once, from ADMIN_PASSWORD or a generated password', async () => {
    expect(await ensureAdmin(tdb.db, 'another')).toBeNull();
    const generated = await ensureAdmin(empty.db, null);
    expect(generated?.password).toMatch(/^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}$/);
  });

  it('creates demo accounts in every role: staff per department, leader per sub-district, a screen token', async () => {
    const users = await tdb.db.selectFrom('users').select(['username', 'role', 'unit_code']).orderBy('username').execute();
    expect(users).toEqual(
      expect.arrayContaining([
        { username: 'staff-t-jd-a', role: 'staff', unit_code: 'T-JD-A' },
        { username: 'staff-t-jd-b', role: 'staff', unit_code: 'T-JD-B' },
        { username: 'leader-t-jd', role: 'leader', unit_code: 'T-JD' },
      ]),
    );
    const stored = await tdb.db.selectFrom('users').select('password_hash').execute();
    expect(stored.every((u) => u.password_hash.startsWith('scrypt$'))).toBe(true);
  });

  it('signs in with a secure, httpOnly, SameSite session cookie and refuses a wrong password', async () => {
    const bad = await login('admin', 'wrong');
    expect(bad.res.statusCode).toBe(401);
    expect(bad.res.json()).toMatchObject({ code: 'bad_credentials' });

    const { res, cookie } = await login('admin', 'admin-pass-for-tests');
    expect(res.statusCode).toBe(200);
    const set = String(res.headers['set-cookie']);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Lax/);
    const me = await app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ user: { role: 'admin', kind: 'user' } });
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const { cookie, csrf } = await login('admin', 'admin-pass-for-tests');
    const body = { name: 'grid', role: 'staff', unitCode: 'T-JD-A' };
    const without = await app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie }, payload: body });
    expect(without.statusCode).toBe(403);
    expect(without.json()).toMatchObject({ code: 'csrf' });
    const withToken = await app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie, 'x-csrf-token': csrf }, payload: body });
    expect(withToken.statusCode).toBe(201);
  });

  it('issues an API token shown once, stored hashed, usable as a bearer, and revocable', async () => {
    const { cookie, csrf } = await login('admin', 'admin-pass-for-tests');
    const issued = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { name: '12345热线', role: 'staff', unitCode: 'T-JD-A' },
    });
    const { id, token } = issued.json<{ id: string; token: string }>();
    expect(token).toMatch(/^lst_/);
    const row = await tdb.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(token);
    const list = await app.inject({ url: '/api/tokens', headers: { cookie } });
    expect(JSON.stringify(list.json())).not.toContain(token);

    const me = await app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json()).toMatchObject({ user: { kind: 'token', role: 'staff', unitCode: 'T-JD-A' } });

    const revoke = await app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: { cookie, 'x-csrf-token': csrf } });
    expect(revoke.statusCode).toBe(204);
    const after = await app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ code: 'invalid_token' });

    const actions = (await tdb.db.selectFrom('audit_log').select('action').where('subject', '=', id).execute()).map((a) => a.action);
    expect(actions).toEqual(['token.issue', 'token.revoke']);
  });

  it('lets only admins issue tokens: staff 403, nobody 401', async () => {
    const s = await login(staff.username, staff.password);
    const body = { name: 'x', role: 'admin' };
    expect((await app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload: body })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/tokens', payload: body })).statusCode).toBe(401);
  });

  it('keeps the audit log append-only', async () => {
    await expect(sql`update audit_log set action = 'x'`.execute(tdb.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(tdb.db)).rejects.toThrow(/append-only/);
  });

  it('rate-limits sign-in attempts per address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await login('admin', 'wrong', '10.9.9.9')).res.statusCode);
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.at(-1)).toBe(429);
  });
});

