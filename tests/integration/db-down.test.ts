import type { NatsConnection } from '@nats-io/transport-node';
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@luoshi/db';
import { luoshiApp } from '../../server/src/app';
import { issueToken, loginCookie } from '../support/auth';
import type { RestartablePostgres } from '../support/restartable-postgres';
import { startStack, type Stack } from '../support/stack';
import { waitFor } from '../support/wait';

/**
 * PostgreSQL stopped mid-test (issue 15 item 6): every route that needs the database answers
 * 503 `unavailable` with Retry-After — for a session cookie, a bearer token and anonymous
 * callers alike; before, the principal lookup failed first and answered 500 `internal`.
 * When the database is back, the same requests succeed again.
 */
let stack: Stack;
let pg: RestartablePostgres;
let db: Kysely<Database>;
let nc: NatsConnection;
let app: FastifyInstance;
let cookie: Record<string, string>;
let bearerStaff: Record<string, string>;
let bearerScreen: Record<string, string>;
let adminCookie: Record<string, string>;
/** Every route Fastify knows ("GET /api/plans/:id"), collected as they are registered. */
const known: { method: string; url: string }[] = [];

beforeAll(async () => {
  stack = await startStack({
    name: 'test-db-down',
    postgres: 'restartable',
    accounts: true,
    prepare: (db) => db.insertInto('screens').values({ id: 'wall-1', title: '大屏', plan_id: 'TP-2026', rotation_seconds: 20, views: JSON.stringify([{ kind: 'overview' }]) }).execute(),
    app: false,
  });
  ({ pg, db, nc } = stack);
  // The app is built here, not by the stack: the onRoute hook must be in place before the routes
  // register, so that "every route" below is every route Fastify knows.
  app = Fastify({ bodyLimit: 1_048_576, logger: false });
  stack.onStop(() => app.close());
  app.addHook('onRoute', (r) => {
    for (const m of ([] as string[]).concat(r.method)) if (m !== 'HEAD' && m !== 'OPTIONS') known.push({ method: m, url: r.url });
  });
  await app.register(luoshiApp, { db, nc, webDist: null });
  await app.ready();
  const s = await loginCookie(app, 'leader-t-jd');
  cookie = { cookie: s.cookie, 'x-csrf-token': s.csrf };
  const a = await loginCookie(app, 'admin');
  adminCookie = { cookie: a.cookie, 'x-csrf-token': a.csrf };
  bearerStaff = { authorization: `Bearer ${await issueToken(db, { role: 'staff', unitCode: 'T-JD-A' })}` };
  bearerScreen = { authorization: `Bearer ${await issueToken(db, { role: 'screen', screenId: 'wall-1' })}` };
}, 120_000);

afterAll(() => stack?.stop());

const requests = (): [string, InjectOptions][] => [
  ['cookie GET /api/auth/me', { url: '/api/auth/me', headers: cookie }],
  ['cookie GET /api/plans', { url: '/api/plans', headers: cookie }],
  ['cookie GET /api/plans/:id/overview', { url: '/api/plans/TP-2026/overview', headers: cookie }],
  ['cookie GET /api/units/:code', { url: '/api/units/T-JD-A', headers: cookie }],
  ['bearer staff GET /api/targets/:code', { url: '/api/targets/TP-JOBS', headers: bearerStaff }],
  ['bearer staff GET /api/me/targets', { url: '/api/me/targets', headers: bearerStaff }],
  [
    'bearer staff POST /api/events',
    { method: 'POST', url: '/api/events', headers: bearerStaff, payload: { id: 'db-down-1', target: 'TP-JOBS', kind: 'increment', value: 1, occurredAt: '2026-03-01T02:00:00Z' } },
  ],
  ['bearer screen GET /api/screens/:id', { url: '/api/screens/wall-1', headers: bearerScreen }],
  ['anonymous POST /api/auth/login', { method: 'POST', url: '/api/auth/login', payload: { username: 'staff-t-jd-a', password: 'whatever-it-is' } }],
  ['anonymous GET /api/health', { url: '/api/health' }],
];

describe('with PostgreSQL down', () => {
  it('answers 503 unavailable with Retry-After on every route, whoever asks', { timeout: 120_000 }, async () => {
    for (const [name, req] of requests()) expect((await app.inject(req)).statusCode, `${name} before the stop`).toBeLessThan(500);
    await pg.stop();
    for (const [name, req] of requests()) {
      const res = await app.inject(req);
      expect({ name, status: res.statusCode, code: res.json<{ code: string }>().code }).toEqual({ name, status: 503, code: 'unavailable' });
      expect(Number(res.headers['retry-after']), name).toBeGreaterThan(0);
    }
    await pg.start();
    await waitFor('the database answers again', async () => ((await app.inject({ url: '/api/plans', headers: cookie })).statusCode === 200 ? true : undefined), 30_000);
    for (const [name, req] of requests()) expect((await app.inject(req)).statusCode, `${name} after the restart`).toBeLessThan(500);
  });
});

/** A plausible value for a path parameter, from the segment before it (a real row where one exists). */
function fill(url: string): string {
  const parts = url.split('/');
  return parts
    .map((seg, i) => {
      if (!seg.startsWith(':')) return seg;
      const before = parts[i - 1];
      if (before === 'targets') return 'TP-JOBS';
      if (before === 'units') return 'T-JD-A';
      if (before === 'plans') return 'TP-2026';
      if (before === 'screens') return 'wall-1';
      if (before === 'events') return 'db-down-1';
      return '1';
    })
    .join('/');
}

describe('with PostgreSQL down, every route Fastify knows', () => {
  it('answers 503 unavailable or a plain client error, never another 5xx, for an admin and a staff member', { timeout: 180_000 }, async () => {
    const routes = known.filter((r) => r.url.startsWith('/api/') && !r.url.includes('*'));
    expect(routes.length).toBeGreaterThan(60);
    await pg.stop();
    try {
      const answers: { route: string; who: string; status: number; code?: string }[] = [];
      for (const r of routes) {
        for (const [who, headers] of [['admin', adminCookie], ['staff', bearerStaff]] as const) {
          const payload = r.method === 'GET' || r.method === 'DELETE' ? undefined : {};
          const res = await app.inject({ method: r.method as InjectOptions['method'], url: fill(r.url), headers, ...(payload ? { payload } : {}) });
          const code = String(res.headers['content-type'] ?? '').includes('json') ? res.json<{ code?: string }>().code : undefined;
          answers.push({ route: `${r.method} ${r.url}`, who, status: res.statusCode, code });
        }
      }
      // Probes never depend on who asks: liveness stays 200, health says what is down.
      const probe = (url: string) => answers.filter((a) => a.route === `GET ${url}`).map((a) => a.status);
      expect(probe('/api/health/live')).toEqual([200, 200]);
      expect(probe('/api/health')).toEqual([503, 503]);
      expect(probe('/api/health/ready')).toEqual([503, 503]);
      // Every other route: the one error body of an outage.
      const bad = answers.filter((a) => !a.route.startsWith('GET /api/health') && a.status >= 500 && !(a.status === 503 && a.code === 'unavailable'));
      expect(bad, 'routes answering a 5xx other than 503 unavailable with the database down').toEqual([]);
      // Not vacuous: an admin's reads that need the database say so, rather than answering from nowhere.
      const adminReads = answers.filter((a) => a.who === 'admin' && a.route.startsWith('GET ') && !/\/health|\/docs|status-style/.test(a.route));
      const unavailable = adminReads.filter((a) => a.status === 503);
      console.log(`database down: ${answers.length} requests over ${routes.length} routes; ${unavailable.length} of ${adminReads.length} admin reads answered 503`);
      expect(unavailable.length / adminReads.length).toBeGreaterThan(0.9);
    } finally {
      await pg.start();
      await waitFor('the database answers again', async () => ((await app.inject({ url: '/api/plans', headers: cookie })).statusCode === 200 ? true : undefined), 30_000);
    }
  });
});
