import type { FastifyInstance } from 'fastify';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeed, seedData } from '@luoshi/seeds';
import type { PlanOverview, TargetStatus } from '@luoshi/shared';
import { buildApp } from '../../server/src/app';
import { backfillDemo } from '../../server/src/demo/backfill';
import { connectNats } from '../../server/src/infra/nats';
import { adminToken, bearer, injectAs } from '../support/auth';
import { createTestDatabase, startTestNats, type TestDatabase, type TestNats } from '../support/infra';

const NOW = new Date('2026-11-21T04:00:00Z');
let tdb: TestDatabase;
let nats: TestNats;
let nc: NatsConnection;
let app: FastifyInstance;
let adminBearer: { authorization: string };

beforeAll(async () => {
  [tdb, nats] = await Promise.all([createTestDatabase(), startTestNats()]);
  await loadSeed(tdb.db, seedData);
  nc = await connectNats(nats.url, 'test-demo');
  app = await buildApp({ db: tdb.db, nc, webDist: null, now: () => NOW });
  adminBearer = bearer(await adminToken(tdb.db));
  injectAs(app, adminBearer);
});
afterAll(async () => {
  await app?.close();
  await nc?.close();
  await nats?.destroy();
  await tdb?.drop();
});

describe('demo back-fill', () => {
  it('writes the year so far once, refusing nothing, and the dashboards show every status', async () => {
    const log = pino({ level: 'silent' });
    const written = await backfillDemo(tdb.db, log, NOW);
    expect(written).toBeGreaterThan(1_000);
    expect(await backfillDemo(tdb.db, log, NOW)).toBeNull();
    const rejected = await tdb.db.selectFrom('rejected_events').select('code').execute();
    expect(rejected).toEqual([]);
    const corrections = await tdb.db.selectFrom('events').select('id').where('kind', '=', 'correction').execute();
    expect(corrections.length).toBeGreaterThanOrEqual(3);

    const seen = new Set<TargetStatus>();
    for (const { plan } of seedData.plans) {
      const res = await app.inject(`/api/plans/${plan.id}/overview`);
      expect(res.statusCode).toBe(200);
      const o = res.json<PlanOverview>();
      for (const t of o.targets) seen.add(t.status);
      expect(o.recent.length).toBeGreaterThan(0);
    }
    expect([...seen].sort()).toEqual(['achieved', 'at_risk', 'behind', 'on_track', 'overdue', 'stale']);
  });
});
