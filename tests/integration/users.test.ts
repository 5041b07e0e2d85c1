import type { FastifyInstance, InjectOptions } from 'fastify';
import { io, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserAccount, UserWithPassword } from '@luoshi/shared';
import type { LiveSocket } from '../../web/src/live/client';
import { adminToken, bearer, loginCookie, sessionHeaders, type Session } from '../support/auth';
import type { TestDatabase } from '../support/infra';
import { USER_SOCKETS_END_SUBJECT } from '../../server/src/live';
import { startStack, type Stack } from '../support/stack';
import { waitFor } from '../support/wait';

/**
 * Account management (issue 9): admins create, change, disable, enable and reset accounts;
 * every change audited; disabling or resetting ends the account's sessions and its live
 * sockets at once, on every instance; the last admin stays; bad input is a specific 4xx.
 */
let stack: Stack;
let tdb: TestDatabase;
let app: FastifyInstance;
/** A second instance on the same database and NATS: sockets there must end too. */
let urls: [string, string];
let admin: Session;
let adminHeaders: Record<string, string>;
const sockets: LiveSocket[] = [];

beforeAll(async () => {
  stack = await startStack({ name: 'test-users', accounts: true, listen: true });
  ({ tdb, app } = stack);
  // A second server on the same database with its own NATS connection: sign-outs must reach its sockets too.
  const second = await stack.addApp({ ownConnection: true, listen: true });
  urls = [stack.url, second.url!];
  stack.onStop(() => sockets.forEach((s) => s.disconnect()));
  admin = await stack.login('admin');
  adminHeaders = sessionHeaders(admin);
});

afterAll(() => stack?.stop());

const as = (headers: Record<string, string>) => (o: InjectOptions) => app.inject({ ...o, headers: { ...headers, ...(o.headers as Record<string, string> | undefined) } });
const asAdmin = as({});
const adm = (o: InjectOptions) => asAdmin({ ...o, headers: adminHeaders });

async function create(body: object) {
  const res = await adm({ method: 'POST', url: '/api/users', payload: body });
  return { status: res.statusCode, body: res.json<UserWithPassword & { code?: string; message?: string }>() };
}

async function tryLogin(username: string, password: string): Promise<number> {
  return (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: `10.55.0.${Math.floor(Math.random() * 250)}` })).statusCode;
}

function openSocket(url: string, s: Session, opts: Partial<ManagerOptions & SocketOptions> = {}): Promise<LiveSocket> {
  const socket = io(url, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie: s.cookie }, ...opts }) as LiveSocket;
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}
const ended = (s: LiveSocket) => new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));

async function auditOf(action: string, subject: string) {
  return tdb.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('subject', '=', subject).execute();
}

describe('account management', () => {
  it('lists accounts without their password hashes', async () => {
    const res = await adm({ url: '/api/users' });
    expect(res.statusCode).toBe(200);
    const users = res.json<UserAccount[]>();
    expect(users.map((u) => u.username)).toEqual(expect.arrayContaining(['admin', 'leader-t-jd', 'staff-t-jd-a']));
    expect(res.body).not.toMatch(/scrypt|password/);
    expect(users.find((u) => u.username === 'staff-t-jd-a')).toMatchObject({ role: 'staff', unitCode: 'T-JD-A', disabledAt: null });
  });

  it('creates an account with a generated password shown once, which signs in; audited', async () => {
    const { status, body } = await create({ username: 'wang.fang', name: '王芳', role: 'staff', unitCode: 'T-JD-A' });
    expect(status).toBe(201);
    expect(body.user).toMatchObject({ username: 'wang.fang', name: '王芳', role: 'staff', unitCode: 'T-JD-A', disabledAt: null });
    expect(body.password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(await tryLogin('wang.fang', body.password!)).toBe(200);
    // Shown once: nothing lists or returns it again.
    expect((await adm({ url: '/api/users' })).body).not.toContain(body.password!);
    const [row] = await auditOf('account.create', body.user.id);
    expect(row).toMatchObject({ actor_name: 'admin', ip: expect.any(String) });
    expect(row!.detail).toMatchObject({ username: 'wang.fang', role: 'staff', unitCode: 'T-JD-A', generatedPassword: true });
    expect(JSON.stringify(row!.detail)).not.toContain(body.password!);
  });

  it('takes a password the admin sets when it is strong enough', async () => {
    const { status, body } = await create({ username: 'li.ming', role: 'leader', unitCode: 'T-JD', password: 'Chrysanthemum-2026' });
    expect(status).toBe(201);
    expect(body.password).toBeNull();
    expect(await tryLogin('li.ming', 'Chrysanthemum-2026')).toBe(200);
  });

  const bad: [string, object, number, string, RegExp][] = [
    ['a short password', { username: 'u1x', role: 'staff', unitCode: 'T-JD-A', password: 'short-1' }, 400, 'weak_password', /12/],
    ['a one-letter password', { username: 'u2x', role: 'staff', unitCode: 'T-JD-A', password: 'aaaaaaaaaaaaaa' }, 400, 'weak_password', /6/],
    ['a password holding the login', { username: 'zhang', role: 'staff', unitCode: 'T-JD-A', password: 'zhang-password-1' }, 400, 'weak_password', /username/],
    ['an unknown unit', { username: 'u3x', role: 'staff', unitCode: 'NO-SUCH' }, 400, 'unknown_unit', /^unitCode/],
    ['staff without a unit', { username: 'u4x', role: 'staff' }, 400, 'unit_required', /^unitCode/],
    ['a leader with a null unit', { username: 'u5x', role: 'leader', unitCode: null }, 400, 'unit_required', /^unitCode/],
    ['an admin with a unit', { username: 'u6x', role: 'admin', unitCode: 'T-JD' }, 400, 'unit_not_allowed', /^unitCode/],
    ['a taken login', { username: 'staff-t-jd-a', role: 'staff', unitCode: 'T-JD-A' }, 409, 'duplicate_login', /^username/],
    ['an upper-case login', { username: 'Wang', role: 'staff', unitCode: 'T-JD-A' }, 400, 'invalid_username', /^username/],
    ['a login with a space', { username: 'wang fang', role: 'staff', unitCode: 'T-JD-A' }, 400, 'invalid_username', /^username/],
    ['the screen role', { username: 'hall', role: 'screen' }, 400, 'invalid_role', /token/],
    ['an unknown field', { username: 'u7x', role: 'staff', unitCode: 'T-JD-A', isAdmin: true }, 400, 'invalid_request', /^isAdmin/],
    ['a blank name', { username: 'u8x', name: '', role: 'staff', unitCode: 'T-JD-A' }, 400, 'invalid_name', /^name/],
    ['no role', { username: 'u9x' }, 400, 'invalid_role', /^role/],
  ];
  for (const [what, payload, status, code, message] of bad) {
    it(`refuses ${what} with ${status} ${code}, writing nothing`, async () => {
      const before = (await tdb.db.selectFrom('users').select('id').execute()).length;
      const res = await create(payload);
      expect(res.status).toBe(status);
      expect(res.body).toEqual({ code, message: expect.stringMatching(message) });
      expect((await tdb.db.selectFrom('users').select('id').execute()).length).toBe(before);
    });
  }

  it("changes role and unit; the user's sockets end at once and reconnect under the new scope", async () => {
    const { body } = await create({ username: 'zhao.lei', role: 'staff', unitCode: 'T-JD-A' });
    const s = await loginCookie(app, 'zhao.lei', body.password!);
    const socket = await openSocket(urls[0], s);
    const gone = ended(socket);
    const res = await adm({ method: 'PATCH', url: `/api/users/${body.user.id}`, payload: { role: 'leader', unitCode: 'T-JD' } });
    expect(res.statusCode).toBe(200);
    expect(res.json<UserAccount>()).toMatchObject({ role: 'leader', unitCode: 'T-JD' });
    expect(await gone).toBe('io server disconnect');
    // The session stays; the new role applies to its next request.
    expect((await app.inject({ url: '/api/units/T-JD', headers: sessionHeaders(s) })).statusCode).toBe(200);
    const [row] = await auditOf('account.update', body.user.id);
    expect(row!.detail).toMatchObject({ before: { role: 'staff', unitCode: 'T-JD-A' }, after: { role: 'leader', unitCode: 'T-JD' } });

    const badPatch = async (payload: object) => (await adm({ method: 'PATCH', url: `/api/users/${body.user.id}`, payload })).json<{ code: string }>().code;
    expect(await badPatch({ unitCode: 'NO-SUCH' })).toBe('unknown_unit');
    expect(await badPatch({ unitCode: null })).toBe('unit_required');
    expect(await badPatch({ role: 'admin', unitCode: 'T-JD' })).toBe('unit_not_allowed');
    expect(await badPatch({})).toBe('invalid_request');
    expect(await badPatch({ role: 'boss' })).toBe('invalid_role');
    expect((await adm({ method: 'PATCH', url: '/api/users/no-such-id', payload: { name: 'x' } })).statusCode).toBe(404);
  });

  it('disables an account: its sessions and sockets end on every instance, it cannot sign in; enabling lets it back', async () => {
    const { body } = await create({ username: 'sun.li', role: 'staff', unitCode: 'T-JD-A' });
    const s = await loginCookie(app, 'sun.li', body.password!);
    const here = await openSocket(urls[0], s);
    const there = await openSocket(urls[1], s);
    const bystander = await openSocket(urls[1], await loginCookie(app, 'staff-t-jd-b'));
    const [goneHere, goneThere] = [ended(here), ended(there)];
    // The instance that served the change tells the others over NATS (the minute's credential sweep is only the fallback).
    const told: string[] = [];
    const sub = stack.nc.subscribe(USER_SOCKETS_END_SUBJECT, { callback: (_e, m) => void told.push(m.string()) });
    const res = await adm({ method: 'POST', url: `/api/users/${body.user.id}/disable` });
    expect(res.statusCode).toBe(200);
    expect(res.json<UserAccount>().disabledAt).not.toBeNull();
    expect(await goneHere).toBe('io server disconnect');
    expect(await goneThere).toBe('io server disconnect');
    // Through NATS: the notice naming this account went out (ordering and content, not a stopwatch).
    await waitFor('the NATS notice', async () => (told.includes(body.user.id) ? true : undefined));
    sub.unsubscribe();
    expect(bystander.connected).toBe(true);
    expect((await app.inject({ url: '/api/auth/me', headers: sessionHeaders(s) })).statusCode).toBe(401);
    expect(await tryLogin('sun.li', body.password!)).toBe(401);
    await expect(openSocket(urls[0], s)).rejects.toThrow(/unauthenticated/);
    expect((await auditOf('account.disable', body.user.id))[0]!.detail).toMatchObject({ sessionsEnded: 1 });

    expect((await adm({ method: 'POST', url: `/api/users/${body.user.id}/enable` })).json<UserAccount>().disabledAt).toBeNull();
    expect(await tryLogin('sun.li', body.password!)).toBe(200);
    expect(await auditOf('account.enable', body.user.id)).toHaveLength(1);
  });

  it('resets a password: a new one shown once, the old one and every session end', async () => {
    const { body } = await create({ username: 'qian.hua', role: 'staff', unitCode: 'T-JD-B' });
    const s = await loginCookie(app, 'qian.hua', body.password!);
    const socket = await openSocket(urls[1], s);
    const gone = ended(socket);
    const res = await adm({ method: 'POST', url: `/api/users/${body.user.id}/password` });
    expect(res.statusCode).toBe(200);
    const { password } = res.json<UserWithPassword>();
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(password).not.toBe(body.password);
    expect(await gone).toBe('io server disconnect');
    expect((await app.inject({ url: '/api/auth/me', headers: sessionHeaders(s) })).statusCode).toBe(401);
    expect(await tryLogin('qian.hua', body.password!)).toBe(401);
    expect(await tryLogin('qian.hua', password!)).toBe(200);
    expect(await auditOf('account.password_reset', body.user.id)).toHaveLength(1);
    expect((await adm({ method: 'POST', url: '/api/users/no-such-id/password' })).statusCode).toBe(404);
  });

  it('keeps an admin from disabling itself and the last active admin from going', async () => {
    const me = (await adm({ url: '/api/auth/me' })).json<{ user: { id: string } }>().user.id;
    const self = await adm({ method: 'POST', url: `/api/users/${me}/disable` });
    expect(self.statusCode).toBe(409);
    expect(self.json()).toMatchObject({ code: 'self' });
    // With an API token (not the account itself), the only admin account is still the last one.
    const token = bearer(await adminToken(tdb.db));
    const viaToken = (o: InjectOptions) => app.inject({ ...o, headers: token });
    expect((await viaToken({ method: 'POST', url: `/api/users/${me}/disable` })).json()).toMatchObject({ code: 'last_admin' });
    expect((await viaToken({ method: 'PATCH', url: `/api/users/${me}`, payload: { role: 'leader', unitCode: 'T-JD' } })).json()).toMatchObject({ code: 'last_admin' });
    // A second admin: now either may be disabled, but not both.
    const second = (await create({ username: 'admin2', role: 'admin' })).body;
    expect(second.user.role).toBe('admin');
    expect((await viaToken({ method: 'POST', url: `/api/users/${second.user.id}/disable` })).statusCode).toBe(200);
    expect((await viaToken({ method: 'POST', url: `/api/users/${me}/disable` })).json()).toMatchObject({ code: 'last_admin' });
    expect((await tdb.db.selectFrom('users').select('disabled_at').where('id', '=', me).executeTakeFirstOrThrow()).disabled_at).toBeNull();
  });

  it('is for admins only', async () => {
    const staff = sessionHeaders(await loginCookie(app, 'staff-t-jd-a'));
    for (const [method, url] of [['GET', '/api/users'], ['POST', '/api/users'], ['POST', '/api/users/x/disable']] as const) {
      expect((await app.inject({ method, url, headers: staff, payload: method === 'POST' ? {} : undefined })).statusCode).toBe(403);
    }
  });
});
