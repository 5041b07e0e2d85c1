import type { FastifyInstance } from 'fastify';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDataFor, seedPlanIds } from '@luoshi/seeds';
import { chinaDate, type PlanOverview, type Screen, type TargetStatus } from '@luoshi/shared';
import { buildApp } from '../../server/src/app';
import { startDemoFeed } from '../../server/src/demo/feed';
import { ensureDemoYear } from '../../server/src/demo/year';
import type { Clock } from '../../server/src/infra/clock';
import { IngestWorker } from '../../server/src/ingest/worker';
import { injectAs } from '../support/auth';
import type { TestDatabase } from '../support/infra';
import { startStack, type Stack } from '../support/stack';

/**
 * Issue 18.12: `npm start` on any date gives a believable demo. For a demo started on
 * 2027-03-15 and then, on the same data, on 2028-11-20: the plans are that year's, the
 * back-fill gives history up to yesterday with targets behind (滞后/风险), on track or
 * finished and a few stale, and while the live feed runs laggards appear and recover.
 * Everything runs on the injected clock — the feed, the ingest worker (whose future-event
 * check would refuse a 2028 report on a 2026 clock) and the read routes — and the clock
 * runs 60× fast, so one 20-minute swing of the feed's goals passes in 20 s.
 */
const SPEED = 60;
const WATCH_MS = 24_000;
const log = pino({ level: 'silent' });
let stack: Stack;
let tdb: TestDatabase;
let nc: NatsConnection;
let admin: { authorization: string };

beforeAll(async () => {
  // Each year below runs its own worker, app and feed with its own clock.
  stack = await startStack({ name: 'test-demo-any-date', seed: null, app: false });
  ({ tdb, nc } = stack);
  admin = await stack.adminBearer();
});
afterAll(() => stack?.stop());

/** A clock at 10:00 China time on `day`, running SPEED× real time from now. */
function fastClock(day: string): Clock {
  const base = Date.parse(`${day}T10:00:00+08:00`);
  const t0 = Date.now();
  return () => new Date(base + (Date.now() - t0) * SPEED);
}

const LAGGING: readonly TargetStatus[] = ['behind', 'at_risk'];
const FINE: readonly TargetStatus[] = ['on_track', 'achieved'];

describe.each(['2027-03-15', '2028-11-20'])('the demo started on %s', (today) => {
  const year = Number(today.slice(0, 4));
  let app: FastifyInstance;
  let worker: IngestWorker;
  let feed: ReturnType<typeof startDemoFeed>;
  const clock = fastClock(today);

  const statuses = async (): Promise<{ overviews: PlanOverview[]; status: Map<string, TargetStatus> }> => {
    const overviews: PlanOverview[] = [];
    for (const id of seedPlanIds(year)) {
      const res = await app.inject(`/api/plans/${id}/overview`);
      expect(res.statusCode, res.body).toBe(200);
      overviews.push(res.json<PlanOverview>());
    }
    return { overviews, status: new Map(overviews.flatMap((o) => o.targets.map((t) => [t.code, t.status]))) };
  };

  beforeAll(async () => {
    await ensureDemoYear(tdb.db, year, log);
    // The intake thread decodes without this clock; the worker must judge dates by it (60× real time).
    worker = new IngestWorker(tdb.db, nc, log, { now: clock, intakeTarget: stack.nats.url });
    await worker.start();
    app = await buildApp({ db: tdb.db, nc, webDist: null, now: clock }, { logger: false });
    injectAs(app, admin);
    feed = startDemoFeed(tdb.db, nc, log, { everyMs: 25, now: clock });
    await feed.ready;
  });
  afterAll(async () => {
    await feed?.stop();
    await worker?.stop();
    await app?.close();
  });

  it(`shows ${today.slice(0, 4)}'s plans, with history up to yesterday and a believable mix; laggards appear and recover while watched`, async () => {
    // The plans of the clock's year, their period containing today, the seed's facts kept.
    const { overviews, status: first } = await statuses();
    expect(overviews.map((o) => o.plan.id)).toEqual(seedDataFor(year).plans.map((p) => p.plan.id));
    for (const o of overviews) {
      expect(o.asOf).toBe(today);
      expect(o.plan.status).toBe('published');
      expect(o.plan.periodStart <= today && today <= o.plan.periodEnd).toBe(true);
      expect(o.plan.title).toContain(`${year}年`);
    }
    const wjc = overviews[0]!.targets.find((t) => t.code === `WJC${year % 100}-001`)!;
    expect([wjc.title, wjc.uom, wjc.targetValue]).toEqual(['完成“美丽家园”改造 30万平方米', '平方米', 300000]);

    // History up to yesterday: many back-filled events, none on or after today.
    const history = await tdb.db
      .selectFrom('events as e')
      .innerJoin('targets as t', 't.code', 'e.target_code')
      .select(['e.occurred_at'])
      .where('e.source', '=', 'demo-backfill')
      .where('t.plan_id', 'in', seedPlanIds(year))
      .execute();
    expect(history.length).toBeGreaterThan(year === 2027 ? 300 : 1_000);
    expect(history.every((e) => chinaDate(e.occurred_at)! < today)).toBe(true);

    const count = (m: Map<string, TargetStatus>, s: readonly TargetStatus[]) => [...m.values()].filter((x) => s.includes(x)).length;
    const mix = (m: Map<string, TargetStatus>, when: string) => {
      expect(count(m, LAGGING), `滞后/风险 ${when}`).toBeGreaterThanOrEqual(3);
      expect(count(m, FINE), `正常/完成 ${when}`).toBeGreaterThanOrEqual(10);
      expect(count(m, ['stale']), `stale ${when}`).toBeGreaterThanOrEqual(1);
      expect(count(m, ['stale']), `only a few stale ${when}`).toBeLessThanOrEqual(8);
      expect(count(m, ['on_track']), `正常 ${when}`).toBeGreaterThanOrEqual(5);
    };
    mix(first, 'at start');

    // Watch: statuses are read every second while the feed publishes over NATS.
    const changes: { code: string; from: TargetStatus; to: TargetStatus }[] = [];
    let last = first;
    const until = Date.now() + WATCH_MS;
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, 1_000));
      const { status } = await statuses();
      for (const [code, s] of status) if (last.get(code) !== s) changes.push({ code, from: last.get(code)!, to: s });
      last = status;
    }
    mix(last, 'after watching');
    const fell = changes.filter((c) => FINE.includes(c.from) && LAGGING.includes(c.to));
    const recovered = changes.filter((c) => LAGGING.includes(c.from) && FINE.includes(c.to));
    console.log(
      `demo on ${today}: at start ${count(first, LAGGING)} lagging / ${count(first, FINE)} fine / ${count(first, ['stale'])} stale; ` +
        `${changes.length} status changes in ${WATCH_MS / 1000} s (${(WATCH_MS * SPEED) / 60_000} demo minutes): ${fell.length} fell behind, ${recovered.length} recovered`,
    );
    expect(fell.length, 'targets falling behind while watched').toBeGreaterThanOrEqual(1);
    expect(recovered.length, 'laggards recovering while watched').toBeGreaterThanOrEqual(1);

    // Every live report was taken: the ingest worker judged them on the same clock.
    const live = await tdb.db.selectFrom('events').select('id').where('source', '=', 'demo-feed').where('occurred_at', '>=', new Date(`${today}T00:00:00+08:00`)).execute();
    expect(live.length).toBeGreaterThan(50);
    expect(await tdb.db.selectFrom('rejected_events').select(['code', 'message']).execute()).toEqual([]);
  });

  it('moves the untouched demo wall screen to the year, and closed the earlier demo year', async () => {
    const screen = (await app.inject('/api/screens/demo')).json<Screen>();
    expect(screen.planId).toBe(`WJC-${year}`);
    const plans = await tdb.db.selectFrom('plans').select(['id', 'status']).orderBy('id').execute();
    for (const p of plans) expect(p.status, p.id).toBe(p.id.endsWith(String(year)) ? 'published' : 'closed');
  });
});

describe('a demo running through New Year', () => {
  it("moves on to the new year's plans without a restart", async () => {
    const base = Date.parse('2028-12-31T23:59:30+08:00');
    const t0 = Date.now();
    const clock: Clock = () => new Date(base + (Date.now() - t0) * SPEED);
    const feed = startDemoFeed(tdb.db, nc, log, { everyMs: 50, now: clock });
    try {
      await feed.ready;
      const status = async (id: string) => (await tdb.db.selectFrom('plans').select('status').where('id', '=', id).executeTakeFirst())?.status;
      const until = Date.now() + 15_000;
      while (Date.now() < until && (await status('WJC-2029')) !== 'published') await new Promise((r) => setTimeout(r, 200));
      expect(chinaDate(clock())! >= '2029-01-01').toBe(true);
      for (const id of seedPlanIds(2029)) expect(await status(id), id).toBe('published');
      for (const id of seedPlanIds(2028)) expect(await status(id), id).toBe('closed');
      const screen = await tdb.db.selectFrom('screens').select('plan_id').where('id', '=', 'demo').executeTakeFirstOrThrow();
      expect(screen.plan_id).toBe('WJC-2029');
    } finally {
      await feed.stop();
    }
  });
});
