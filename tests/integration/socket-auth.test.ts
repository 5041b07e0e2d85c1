import type { FastifyInstance } from 'fastify';
import { io, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeedData } from '@luoshi/seeds';
import type { SubscribeAck } from '@luoshi/shared';
import type { LiveSocket } from '../../web/src/live/client';
import { rescopeScreenSockets, sweepCredentials } from '../../server/src/live/socket';
import { insertScreen } from '../../server/src/screens/repository';
import { adminToken, bearer, issueToken, loginCookie, sessionHeaders, type Session } from '../support/auth';
import { testSeed } from '../support/fixtures';
import type { TestDatabase } from '../support/infra';
import { startStack, type Stack } from '../support/stack';

/** A second plan (another 街道's), which screen wall-1 does not show. */
const otherPlan: SeedData = {
  units: [
    { code: 'T-JD2', name: '另一街道', kind: 'subdistrict', parentCode: 'T' },
    { code: 'T-JD2-C', name: '另一街道科室', kind: 'department', parentCode: 'T-JD2' },
  ],
  plans: [
    {
      plan: { id: 'TP2-2026', title: '另一街道2026年工作计划', ownerUnit: 'T-JD2', periodStart: '2026-01-01', periodEnd: '2026-12-31', status: 'published' },
      sections: [],
      targets: [{ ...testSeed.plans[0]!.targets[0]!, code: 'TP2-ROAD', planId: 'TP2-2026', sectionId: null, ownerUnit: 'T-JD2-C', title: '道路整治 10 条', uom: '条', targetValue: 10 }],
    },
  ],
};
const wall = (id: string, planId: string) => ({ id, title: '测试大屏', planId, rotationSeconds: 20, views: [{ kind: 'overview' as const }] });

let stack: Stack;
let tdb: TestDatabase;
let app: FastifyInstance;
let url: string;
let staff: Session;
let leader: Session;
let screenToken: string;
const sockets: LiveSocket[] = [];

beforeAll(async () => {
  stack = await startStack({
    name: 'test-socket-auth',
    seed: [testSeed, otherPlan],
    accounts: true,
    prepare: (db) => insertScreen(db, wall('wall-1', 'TP-2026')),
    app: { corsOrigins: ['https://wall.example.org'] },
    listen: true,
  });
  ({ tdb, app, url } = stack);
  stack.onStop(() => sockets.forEach((s) => s.disconnect()));
  staff = await stack.login('staff-t-jd-a');
  leader = await stack.login('leader-t-jd');
  screenToken = await issueToken(tdb.db, { role: 'screen', screenId: 'wall-1' });
});

afterAll(() => stack?.stop());

function open(opts: Partial<ManagerOptions & SocketOptions>): LiveSocket {
  const s = io(url, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, ...opts }) as LiveSocket;
  sockets.push(s);
  return s;
}

/** Resolves 'connected' or the connect_error message. Call it before awaiting anything else. */
function outcome(s: LiveSocket): Promise<string> {
  if (s.connected) return Promise.resolve('connected');
  return new Promise((resolve) => {
    s.once('connect', () => resolve('connected'));
    s.once('connect_error', (e: Error) => resolve(e.message));
  });
}

const join = (s: LiveSocket, kind: 'plan' | 'unit' | 'target' | 'screen' | 'reports', id: string): Promise<SubscribeAck> =>
  s.timeout(10_000).emitWithAck('subscribe', { kind, id });

describe('socket.io access', () => {
  it('refuses a connection without credentials, or with a revoked or unknown token, with a clear message', async () => {
    expect(await outcome(open({}))).toMatch(/^unauthenticated: sign in/);
    expect(await outcome(open({ auth: { token: 'lst_nonsense' } }))).toMatch(/^unauthenticated/);
    expect(await outcome(open({ extraHeaders: { cookie: 'luoshi_session=lss_expired' } }))).toMatch(/^unauthenticated/);
  });

  it('refuses a browser connection from a foreign Origin, allows its own and CORS_ORIGIN', async () => {
    const cookie = { cookie: staff.cookie };
    expect(await outcome(open({ extraHeaders: { ...cookie, origin: 'https://evil.example.com' } }))).toMatch(/^forbidden_origin/);
    expect(await outcome(open({ extraHeaders: { ...cookie, origin: url } }))).toBe('connected');
    expect(await outcome(open({ extraHeaders: { ...cookie, origin: 'https://wall.example.org' } }))).toBe('connected');
  });

  it("answers a staff connection asking for another unit's room with a forbidden ack, and joins its own", async () => {
    const s = open({ extraHeaders: { cookie: staff.cookie } });
    expect(await outcome(s)).toBe('connected');
    expect(await join(s, 'unit', 'T-JD-B')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await join(s, 'target', 'TP-AREA')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await join(s, 'plan', 'TP-2026')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await join(s, 'screen', 'wall-1')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await join(s, 'unit', 'T-JD-A')).toMatchObject({ ok: true, room: 'unit:T-JD-A' });
    expect(await join(s, 'target', 'TP-JOBS')).toMatchObject({ ok: true });
  });

  it("lets a leader join its 街道's plan and units, a screen token its own screen only", async () => {
    const l = open({ extraHeaders: { cookie: leader.cookie } });
    expect(await outcome(l)).toBe('connected');
    expect(await join(l, 'plan', 'TP-2026')).toMatchObject({ ok: true });
    expect(await join(l, 'unit', 'T-JD-B')).toMatchObject({ ok: true });
    expect(await join(l, 'unit', 'T')).toMatchObject({ ok: false, code: 'forbidden' });

    const w = open({ auth: { token: screenToken } });
    expect(await outcome(w)).toBe('connected');
    expect(await join(w, 'screen', 'wall-1')).toMatchObject({ ok: true });
    expect(await join(w, 'screen', 'wall-2')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await join(w, 'plan', 'TP-2026')).toMatchObject({ ok: true });
  });

  it('gives a reports room to whoever may report for the unit: its staff and admins, not leaders or screens', async () => {
    const s = open({ extraHeaders: { cookie: staff.cookie } });
    const l = open({ extraHeaders: { cookie: leader.cookie } });
    const w = open({ auth: { token: screenToken } });
    const a = open({ auth: { token: await issueToken(tdb.db, { role: 'admin', name: 'reports admin' }) } });
    const b = open({ auth: { token: await issueToken(tdb.db, { role: 'staff', unitCode: 'T-JD-B', name: 'reports staff b' }) } });
    expect(await Promise.all([s, l, w, a, b].map(outcome))).toEqual(['connected', 'connected', 'connected', 'connected', 'connected']);
    expect(await join(s, 'reports', 'T-JD-A')).toMatchObject({ ok: true, room: 'reports:T-JD-A', snapshot: [] });
    expect(await join(s, 'reports', 'T-JD-B')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await join(s, 'reports', 'T-JD')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await join(s, 'reports', 'NO-SUCH-UNIT')).toMatchObject({ ok: false, code: 'not_found' });
    expect(await join(s, 'reports', 'bad.code')).toMatchObject({ ok: false, code: 'bad_room' });
    expect(await join(l, 'reports', 'T-JD-A')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await join(l, 'reports', 'T-JD')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await join(w, 'reports', 'T-JD-A')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await join(a, 'reports', 'T-JD-B')).toMatchObject({ ok: true, snapshot: [] });
    expect(await join(b, 'reports', 'T-JD-B')).toMatchObject({ ok: true });
    expect(await join(b, 'reports', 'T-JD-A')).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('checks the credential again at each reports join, and the sweep drops a reports socket whose token was revoked', async () => {
    const token = await issueToken(tdb.db, { role: 'staff', unitCode: 'T-JD-A', name: 'reports revoked' });
    const r = open({ auth: { token } });
    expect(await outcome(r)).toBe('connected');
    expect(await join(r, 'reports', 'T-JD-A')).toMatchObject({ ok: true });
    await tdb.db.updateTable('api_tokens').set({ revoked_at: new Date() }).where('name', '=', 'reports revoked').execute();
    const gone = new Promise<string>((resolve) => r.once('disconnect', (reason) => resolve(reason)));
    expect(await sweepCredentials(tdb.db, app.io)).toBeGreaterThanOrEqual(1);
    expect(await gone).toBe('io server disconnect');

    const token2 = await issueToken(tdb.db, { role: 'staff', unitCode: 'T-JD-A', name: 'reports revoked 2' });
    const r2 = open({ auth: { token: token2 } });
    expect(await outcome(r2)).toBe('connected');
    await tdb.db.updateTable('api_tokens').set({ revoked_at: new Date() }).where('name', '=', 'reports revoked 2').execute();
    expect(await join(r2, 'reports', 'T-JD-A')).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it("keeps a screen token to its screen's plan and that plan's targets: no other plan, no unit room", async () => {
    const w = open({ auth: { token: screenToken } });
    expect(await outcome(w)).toBe('connected');
    expect(await join(w, 'plan', 'TP-2026')).toMatchObject({ ok: true });
    expect(await join(w, 'target', 'TP-JOBS')).toMatchObject({ ok: true });
    expect(await join(w, 'plan', 'TP2-2026')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await join(w, 'target', 'TP2-ROAD')).toMatchObject({ ok: false, code: 'forbidden' });
    // Unit rooms carry a unit's targets of every plan; a screen has no need of them.
    expect(await join(w, 'unit', 'T-JD-A')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await join(w, 'unit', 'T-JD')).toMatchObject({ ok: false, code: 'forbidden' });
    // A token whose screen does not exist reads nothing but its (empty) screen room.
    const orphan = open({ auth: { token: await issueToken(tdb.db, { role: 'screen', screenId: 'wall-0', name: 'orphan' }) } });
    expect(await outcome(orphan)).toBe('connected');
    expect(await join(orphan, 'plan', 'TP-2026')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await join(orphan, 'screen', 'wall-0')).toMatchObject({ ok: true });
  });

  it("moves a screen's sockets out of the old plan's rooms at once when an admin changes its plan", async () => {
    await insertScreen(tdb.db, wall('wall-5', 'TP-2026'));
    const w = open({ auth: { token: await issueToken(tdb.db, { role: 'screen', screenId: 'wall-5', name: 'wall-5 device' }) } });
    expect(await outcome(w)).toBe('connected');
    for (const [kind, id] of [['screen', 'wall-5'], ['plan', 'TP-2026'], ['target', 'TP-AREA']] as const) expect(await join(w, kind, id)).toMatchObject({ ok: true });
    const rooms = app.io.of('/').adapter.rooms;
    const inRoom = (name: string) => rooms.get(name)?.has(w.id!) ?? false;
    expect([inRoom('plan:TP-2026'), inRoom('target:TP-AREA')]).toEqual([true, true]);
    const resync = new Promise<{ reason: string }>((resolve) => w.once('resync', resolve));
    const admin = bearer(await adminToken(tdb.db));
    const put = await app.inject({ method: 'PUT', url: '/api/screens/wall-5', payload: wall('wall-5', 'TP2-2026'), headers: admin });
    expect(put.statusCode).toBe(200);
    // Out of the old plan's rooms before the PUT answered; still in its screen room, told to resync.
    expect([inRoom('plan:TP-2026'), inRoom('target:TP-AREA'), inRoom('screen:wall-5')]).toEqual([false, false, true]);
    expect((await resync).reason).toMatch(/screen/);
    expect(await join(w, 'plan', 'TP-2026')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await join(w, 'plan', 'TP2-2026')).toMatchObject({ ok: true });
    // The sweep does the same for a change made on another instance (here: straight in the table).
    await tdb.db.updateTable('screens').set({ plan_id: 'TP-2026' }).where('id', '=', 'wall-5').execute();
    expect(await rescopeScreenSockets(tdb.db, app.io)).toBe(1);
    expect(inRoom('plan:TP2-2026')).toBe(false);
  });

  it('checks the credential again at each join: a token revoked after connecting loses access', async () => {
    const token = await issueToken(tdb.db, { role: 'screen', screenId: 'wall-9', name: 'soon revoked' });
    const w = open({ auth: { token } });
    expect(await outcome(w)).toBe('connected');
    expect(await join(w, 'screen', 'wall-9')).toMatchObject({ ok: true });
    await tdb.db.updateTable('api_tokens').set({ revoked_at: new Date() }).where('name', '=', 'soon revoked').execute();
    const gone = new Promise<string>((resolve) => w.once('disconnect', (reason) => resolve(reason)));
    expect(await join(w, 'plan', 'TP-2026')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await gone).toBe('io server disconnect');
  });

  it('drops sockets whose token was revoked or whose session ended, at the next sweep', async () => {
    const token = await issueToken(tdb.db, { role: 'screen', screenId: 'wall-8', name: 'revoked later' });
    const session = await loginCookie(app, 'leader-t-jd');
    const byToken = open({ auth: { token } });
    const bySession = open({ extraHeaders: { cookie: session.cookie } });
    const keeps = open({ extraHeaders: { cookie: staff.cookie } });
    // Listen on all three before awaiting any: a socket may connect while another is awaited.
    expect(await Promise.all([byToken, bySession, keeps].map(outcome))).toEqual(['connected', 'connected', 'connected']);
    expect(await sweepCredentials(tdb.db, app.io)).toBe(0);

    await tdb.db.updateTable('api_tokens').set({ revoked_at: new Date() }).where('name', '=', 'revoked later').execute();
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: sessionHeaders(session) });
    expect(out.statusCode).toBe(204);
    const gone = (s: LiveSocket) => new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));
    const [a, b] = [gone(byToken), gone(bySession)];
    expect(await sweepCredentials(tdb.db, app.io)).toBe(2);
    expect(await a).toBe('io server disconnect');
    expect(await b).toBe('io server disconnect');
    expect(keeps.connected).toBe(true);
  });

  it('accepts an Authorization bearer header at the handshake', async () => {
    expect(await outcome(open({ extraHeaders: { authorization: `Bearer ${screenToken}` } }))).toBe('connected');
  });
});

describe('HTTP hardening', () => {
  it('sends security headers with a CSP on the API and the docs', async () => {
    for (const path of ['/api/health', '/api/docs/static/index.html']) {
      const res = await app.inject({ url: path });
      expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('answers CORS only for CORS_ORIGIN', async () => {
    const pre = (origin: string) =>
      app.inject({ method: 'OPTIONS', url: '/api/events', headers: { origin, 'access-control-request-method': 'POST' } });
    const ok = await pre('https://wall.example.org');
    expect(ok.statusCode).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe('https://wall.example.org');
    expect(ok.headers['access-control-allow-credentials']).toBe('true');
    const other = await pre('https://evil.example.com');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const get = await app.inject({ url: '/api/health', headers: { origin: 'https://evil.example.com' } });
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('limits writes to 600 a minute per principal, with {code, message}', async () => {
    const token = await issueToken(tdb.db, { role: 'staff', unitCode: 'T-JD-A', name: 'busy producer' });
    const other = await issueToken(tdb.db, { role: 'staff', unitCode: 'T-JD-A', name: 'quiet producer' });
    const send = (t: string) => app.inject({ method: 'POST', url: '/api/events', payload: {}, headers: { authorization: `Bearer ${t}` } });
    for (let i = 0; i < 600; i++) expect((await send(token)).statusCode).toBe(400);
    const limited = await send(token);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({ code: expect.any(String), message: expect.any(String) });
    expect((await send(other)).statusCode).toBe(400);
  });
});
