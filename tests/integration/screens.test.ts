import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedData } from '@luoshi/seeds';
import { SCREEN_PROBLEMS, SCREEN_VIEW_KINDS, type LiveBatch, type Screen, type ScreenInput } from '@luoshi/shared';
import { hashSecret } from '../../server/src/auth/tokens';
import { DEMO_SCREEN, seedDemoScreen } from '../../server/src/screens/seed';
import type { TestDatabase } from '../support/infra';
import { loginCookie, seedAccounts, TEST_PASSWORD } from '../support/auth';
import { connectClient, connected, setClientToken, subscribe } from './live-support';
import { startStack, type Stack } from '../support/stack';
import { waitFor } from '../support/wait';

/** Wall screen configurations (issue 8): GET/POST/PUT /api/screens, validated against the plan. */

let stack: Stack;
let tdb: TestDatabase;
let app: FastifyInstance;
let addr = 0;

beforeAll(async () => {
  // Screens are managed by admins; the device-token test below sends its own credentials.
  stack = await startStack({ name: 'test-screens', seed: seedData, prepare: seedDemoScreen, injectAsAdmin: true });
  ({ tdb, app } = stack);
  setClientToken(await stack.adminToken());
});

afterAll(() => stack?.stop());

const good: ScreenInput = {
  id: 'hall-2',
  title: '新江湾城街道城运中心',
  planId: 'WJC-2026',
  rotationSeconds: 30,
  views: [{ kind: 'overview' }, { kind: 'section', sectionId: 'WJC-2026-S2' }, { kind: 'target', target: 'WJC26-002' }, { kind: 'ticker' }],
};

describe('screens API', () => {
  it('serves the seeded demo screen with every view kind', async () => {
    const list = await app.inject({ method: 'GET', url: '/api/screens' });
    expect(list.statusCode).toBe(200);
    expect((list.json() as Screen[]).map((s) => s.id)).toContain('demo');
    const res = await app.inject({ method: 'GET', url: '/api/screens/demo' });
    expect(res.statusCode).toBe(200);
    const s = res.json<Screen>();
    expect(s).toMatchObject({ id: 'demo', planId: 'WJC-2026', rotationSeconds: 20 });
    expect(new Set(s.views.map((v) => v.kind))).toEqual(new Set(SCREEN_VIEW_KINDS));
    // Seeding again keeps what is there.
    await seedDemoScreen(tdb.db, { ...DEMO_SCREEN, title: 'changed' });
    expect((await app.inject({ method: 'GET', url: '/api/screens/demo' })).json<Screen>().title).toBe(DEMO_SCREEN.title);
  });

  it('creates, reads and changes a screen', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/screens', payload: good });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ ...good });
    const again = await app.inject({ method: 'POST', url: '/api/screens', payload: good });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'duplicate_screen' });

    const changed = await app.inject({ method: 'PUT', url: '/api/screens/hall-2', payload: { ...good, rotationSeconds: 60, views: [{ kind: 'tiles' }] } });
    expect(changed.statusCode).toBe(200);
    const read = (await app.inject({ method: 'GET', url: '/api/screens/hall-2' })).json<Screen>();
    expect(read).toMatchObject({ rotationSeconds: 60, views: [{ kind: 'tiles' }] });
    expect(Date.parse(read.updatedAt)).toBeGreaterThanOrEqual(Date.parse(read.createdAt));

    // PUT may leave the id out of the body (the path names it).
    const { id: _omit, ...noId } = good;
    expect((await app.inject({ method: 'PUT', url: '/api/screens/hall-2', payload: noId })).statusCode).toBe(200);
  });

  it('keeps a dwell time per view and the same view kind for several sections and units (issue 18.11)', async () => {
    const playlist: ScreenInput = {
      ...good,
      id: 'hall-3',
      views: [
        { kind: 'section', sectionId: 'WJC-2026-S2', dwellSeconds: 5 },
        { kind: 'section', sectionId: 'WJC-2026-S3', dwellSeconds: 600 },
        { kind: 'unit', unit: 'YP-WJC-GLB' },
        { kind: 'unit', unit: 'YP-WJC-ZZB', dwellSeconds: 45 },
        { kind: 'overview', dwellSeconds: 12 },
      ],
    };
    const created = await app.inject({ method: 'POST', url: '/api/screens', payload: playlist });
    expect(created.statusCode).toBe(201);
    const read = (await app.inject({ method: 'GET', url: '/api/screens/hall-3' })).json<Screen>();
    expect(read.views).toEqual(playlist.views);
    // A PUT that breaks one entry changes nothing.
    const broken = { ...playlist, views: [...playlist.views.slice(0, 4), { kind: 'unit', unit: 'YP-WL-GLB', dwellSeconds: 30 }] };
    const refused = await app.inject({ method: 'PUT', url: '/api/screens/hall-3', payload: broken });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'unknown_unit' });
    expect((await app.inject({ method: 'GET', url: '/api/screens/hall-3' })).json<Screen>().views).toEqual(playlist.views);
    // Moving the plan under it: views naming the old plan's sections and units are refused, not kept dangling.
    const moved = await app.inject({ method: 'PUT', url: '/api/screens/hall-3', payload: { ...playlist, planId: 'WL-2026' } });
    expect(moved.statusCode).toBe(400);
    expect(moved.json()).toMatchObject({ code: 'unknown_section', message: expect.stringMatching(/^views\[0\]\.sectionId: plan WL-2026 has no section WJC-2026-S2/) });
  });

  it('answers 404 for an unknown screen, and for a PUT of one', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/screens/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found' });
    expect((await app.inject({ method: 'PUT', url: '/api/screens/nope', payload: { ...good, id: 'nope' } })).statusCode).toBe(404);
  });

  const bad: [string, unknown, string, RegExp][] = [
    ['no title', { ...good, id: 'b1', title: '' }, 'invalid_screen', /^title/],
    ['rotation too short', { ...good, id: 'b2', rotationSeconds: 1 }, 'invalid_screen', /^rotationSeconds/],
    ['rotation not an integer', { ...good, id: 'b3', rotationSeconds: 'fast' }, 'invalid_screen', /^rotationSeconds/],
    ['no views', { ...good, id: 'b4', views: [] }, 'invalid_screen', /^views/],
    ['unknown view kind', { ...good, id: 'b5', views: [{ kind: 'map' }] }, 'invalid_screen', /^views\[0\]\.kind/],
    ['section view without a section', { ...good, id: 'b6', views: [{ kind: 'overview' }, { kind: 'section' }] }, 'invalid_screen', /^views\[1\]\.sectionId/],
    ['unexpected field', { ...good, id: 'b7', views: [{ kind: 'ranking', unit: 'x' }] }, 'invalid_screen', /^views\[0\]\.unit/],
    ['bad id', { ...good, id: 'a b' }, 'invalid_screen', /^id/],
    ['unknown plan', { ...good, id: 'b8', planId: 'NOPE-2026' }, 'unknown_plan', /^planId/],
    ['section of another plan', { ...good, id: 'b9', views: [{ kind: 'section', sectionId: 'XJWC-2026-S1' }] }, 'unknown_section', /^views\[0\]\.sectionId/],
    ['unknown target', { ...good, id: 'b10', views: [{ kind: 'tiles' }, { kind: 'target', target: 'NOPE-1' }] }, 'unknown_target', /^views\[1\]\.target/],
    ['not an object', [1, 2], 'invalid_screen', /screen/],
    // Dwell times and unit views (issue 18.11), including what a forged body would try.
    ['a dwell under 5 s', { ...good, id: 'b11', views: [{ kind: 'overview' }, { kind: 'tiles', dwellSeconds: 4 }] }, 'invalid_screen', /^views\[1\]\.dwellSeconds: whole seconds from 5 to 600/],
    ['a dwell over 600 s', { ...good, id: 'b12', views: [{ kind: 'overview', dwellSeconds: 601 }] }, 'invalid_screen', /^views\[0\]\.dwellSeconds/],
    ['a fractional dwell', { ...good, id: 'b13', views: [{ kind: 'section', sectionId: 'WJC-2026-S2', dwellSeconds: 7.5 }] }, 'invalid_screen', /^views\[0\]\.dwellSeconds/],
    ['a dwell as text', { ...good, id: 'b14', views: [{ kind: 'ticker', dwellSeconds: '10' }] }, 'invalid_screen', /^views\[0\]\.dwellSeconds/],
    ['a huge dwell', { ...good, id: 'b15', views: [{ kind: 'ticker', dwellSeconds: 1e308 }] }, 'invalid_screen', /^views\[0\]\.dwellSeconds/],
    ['a negative dwell', { ...good, id: 'b16', views: [{ kind: 'ticker', dwellSeconds: -20 }] }, 'invalid_screen', /^views\[0\]\.dwellSeconds/],
    ['a unit view without a unit', { ...good, id: 'b17', views: [{ kind: 'unit' }] }, 'invalid_screen', /^views\[0\]\.unit/],
    ['a unit view with a forged code', { ...good, id: 'b18', views: [{ kind: 'unit', unit: "x' OR 1=1" }] }, 'invalid_screen', /^views\[0\]\.unit/],
    ['a unit of another plan', { ...good, id: 'b19', views: [{ kind: 'overview' }, { kind: 'unit', unit: 'YP-XJWC-FWB' }] }, 'unknown_unit', /^views\[1\]\.unit: no target of plan WJC-2026 is owned by unit YP-XJWC-FWB/],
    ['a unit that does not exist', { ...good, id: 'b20', views: [{ kind: 'unit', unit: 'NOPE-UNIT' }] }, 'unknown_unit', /^views\[0\]\.unit/],
    // The 街道 owns the plan but no target of it: a unit view of it would always be empty.
    ['the plan owner unit, which owns no target', { ...good, id: 'b21', views: [{ kind: 'unit', unit: 'YP-WJC' }] }, 'unknown_unit', /^views\[0\]\.unit/],
    ['the second of two sections from another plan', { ...good, id: 'b22', views: [{ kind: 'section', sectionId: 'WJC-2026-S2' }, { kind: 'section', sectionId: 'WL-2026-S1' }] }, 'unknown_section', /^views\[1\]\.sectionId/],
    ['a dwell on a section view of a section not in the plan', { ...good, id: 'b23', views: [{ kind: 'section', sectionId: 'XJWC-2026-S2', dwellSeconds: 30 }] }, 'unknown_section', /^views\[0\]\.sectionId/],
  ];
  for (const [what, payload, code, field] of bad) {
    it(`refuses ${what} with 400 naming the field`, async () => {
      const res = await app.inject({ method: 'POST', url: '/api/screens', payload: payload as object });
      expect(res.statusCode).toBe(400);
      const body = res.json<{ code: string; message: string; field: string; problem: string; params: Record<string, unknown> }>();
      expect(body.code).toBe(code);
      expect(body.message).toMatch(field);
      // The field and a problem code with its numbers, for the admin form to say in its language.
      expect(body.message.startsWith(body.field)).toBe(true);
      expect(SCREEN_PROBLEMS).toContain(body.problem);
      expect(typeof body.params).toBe('object');
      if (code !== 'invalid_screen') expect(body.problem).toBe(code);
    });
  }

  it('names the problem with its numbers: the view counted from 1, the limits', async () => {
    const one = async (payload: object) => (await app.inject({ method: 'POST', url: '/api/screens', payload })).json<{ problem: string; params: Record<string, unknown> }>();
    expect(await one({ ...good, id: 'p1', views: [{ kind: 'overview' }, { kind: 'tiles', dwellSeconds: 4 }] })).toMatchObject({ problem: 'view_dwell', params: { view: 2, min: 5, max: 600 } });
    expect(await one({ ...good, id: 'p2', rotationSeconds: 1 })).toMatchObject({ problem: 'rotation', params: { min: 5, max: 3600 } });
    expect(await one({ ...good, id: 'p3', views: [{ kind: 'overview' }, { kind: 'unit', unit: 'NOPE-UNIT' }] })).toMatchObject({ problem: 'unknown_unit', params: { view: 2, value: 'NOPE-UNIT' } });
    expect(await one({ ...good, id: 'p4', views: [{ kind: 'section' }] })).toMatchObject({ problem: 'view_param', params: { view: 1, kind: 'section', param: 'sectionId' } });
    expect(await one({ ...good, id: 'p5', extra: 1 })).toMatchObject({ problem: 'field', params: { field: 'extra' } });
    expect(await one({ ...good, id: '' })).toMatchObject({ problem: 'id' });
  });

  it('refuses a PUT whose body names another screen, and stores nothing from refused writes', async () => {
    const res = await app.inject({ method: 'PUT', url: '/api/screens/hall-2', payload: { ...good, id: 'demo' } });
    expect(res.statusCode).toBe(400);
    // The house refusal: field and problem with its numbers, which the admin page says in zh (scP_id_mismatch).
    expect(res.json()).toMatchObject({ code: 'invalid_screen', field: 'id', problem: 'id_mismatch', params: { path: 'hall-2', body: 'demo' } });
    expect(res.json<{ message: string }>().message).toMatch(/^id/);
    const ids = (await app.inject({ method: 'GET', url: '/api/screens' })).json<Screen[]>().map((s) => s.id);
    expect(ids.filter((id) => id.startsWith('b'))).toEqual([]);
  });

  it('lets a screen device token read its own screen only', async () => {
    const token = 'lst_screen_test_token_0001';
    await tdb.db
      .insertInto('api_tokens')
      .values({ id: 'tok-screen-1', name: 'hall-2 device', token_hash: hashSecret(token), role: 'screen', unit_code: null, screen_id: 'hall-2', created_by: 'test' })
      .execute();
    const auth = { authorization: `Bearer ${token}` };
    expect((await app.inject({ method: 'GET', url: '/api/screens/hall-2', headers: auth })).statusCode).toBe(200);
    const other = await app.inject({ method: 'GET', url: '/api/screens/demo', headers: auth });
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ code: 'forbidden' });
    expect((await app.inject({ method: 'GET', url: '/api/screens', headers: auth })).json<Screen[]>().map((s) => s.id)).toEqual(['hall-2']);
  });

  it('lets leaders read the screens of plans their unit owns, and nobody else but admins (issue 15 item 7)', async () => {
    await seedAccounts(tdb.db);
    const as = async (username: string) => ({ cookie: (await loginCookie(app, username, TEST_PASSWORD, `10.15.7.${++addr}`)).cookie });
    const screenIds = async (headers: Record<string, string>) => (await app.inject({ method: 'GET', url: '/api/screens', headers })).json<Screen[]>().map((s) => s.id);
    // demo shows WJC-2026 (五角场): its leader reads it; the 万里 leader sees neither it nor that it exists in the list.
    const wjc = await as('leader-yp-wjc');
    expect((await app.inject({ method: 'GET', url: '/api/screens/demo', headers: wjc })).statusCode).toBe(200);
    expect(await screenIds(wjc)).toContain('demo');
    const wl = await as('leader-yp-wl');
    const refused = await app.inject({ method: 'GET', url: '/api/screens/demo', headers: wl });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'forbidden' });
    expect(refused.body).not.toContain('WJC26');
    expect(await screenIds(wl)).toEqual([]);
    // Staff, even of the owning 街道's departments, read no configuration.
    const staff = await as('staff-yp-wjc-dzb');
    expect((await app.inject({ method: 'GET', url: '/api/screens/demo', headers: staff })).statusCode).toBe(403);
    expect(await screenIds(staff)).toEqual([]);
  });

  it('sends screen rooms a heartbeat, and a resync when their screen changes', async () => {
    // An instance with a short heartbeat, so beats are counted, not timed: the interval is configuration.
    const beating = await stack.addApp({ app: { screenHeartbeatMs: 300 }, listen: true });
    const client = connectClient(beating.url!);
    try {
      await connected(client);
      expect(await subscribe(client, { kind: 'screen', id: 'demo' })).toMatchObject({ ok: true });
      const beats: LiveBatch[] = [];
      client.on('live', (b: LiveBatch) => void beats.push(b));
      await waitFor('three heartbeats', async () => (beats.length >= 3 ? true : undefined));
      // Nothing was published: each batch is an empty beat, and they keep coming (not a one-off).
      for (const beat of beats) expect(beat).toMatchObject({ updates: [], activity: [], activityDropped: 0 });
      const resync = new Promise<{ reason: string }>((resolve) => client.once('resync', resolve));
      const put = await beating.app.inject({ method: 'PUT', url: '/api/screens/demo', payload: DEMO_SCREEN, headers: await stack.adminBearer() });
      expect(put.statusCode).toBe(200);
      expect((await resync).reason).toMatch(/screen/);
    } finally {
      client.close();
    }
  });
});
