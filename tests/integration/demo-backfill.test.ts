import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedData } from '@luoshi/seeds';
import type { PlanOverview, TargetStatus } from '@luoshi/shared';
import { backfillDemo } from '../../server/src/demo/backfill';
import type { TestDatabase } from '../support/infra';
import { startStack, type Stack } from '../support/stack';

const NOW = new Date('2026-11-21T04:00:00Z');
let stack: Stack;
let tdb: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  stack = await startStack({ name: 'test-demo', seed: seedData, clock: () => NOW, injectAsAdmin: true });
  ({ tdb, app } = stack);
});
afterAll(() => stack?.stop());

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
