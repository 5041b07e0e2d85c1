import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeed } from '@luoshi/seeds';
import { foldTarget, progressSubject, type ProgressEvent, type Target } from '@luoshi/shared';
import { writeBatch, type IncomingMessage } from '../../server/src/ingest/batch';
import { testSeed } from '../support/fixtures';
import { createTestDatabase, type TestDatabase } from '../support/infra';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
  await loadSeed(tdb.db, testSeed);
});
afterAll(async () => tdb?.drop());

const base = testSeed.plans[0]!;
let run = 0;

/** A fresh target per property run, so runs do not see each other's events. */
async function freshTarget(kind: 'cumulative' | 'reading'): Promise<Target> {
  const proto = base.targets.find((t) => t.measureKind === kind)!;
  const target: Target = { ...proto, code: `${proto.code}-R${++run}` };
  await loadSeed(tdb.db, { units: [], plans: [{ ...base, sections: [], targets: [target] }] });
  return target;
}

const eventArb = (kind: 'increment' | 'reading') =>
  fc.record({
    id: fc.integer({ min: 1, max: 40 }).map((n) => `e${n}`),
    // Tenths, as in 4.5 公里: exact in numeric, and sums stay exact enough in doubles.
    value: fc.integer({ min: 0, max: 50_000 }).map((n) => n / 10),
    day: fc.integer({ min: 0, max: 300 }),
    minute: fc.integer({ min: 0, max: 3 }),
  }).map(({ id, value, day, minute }) => ({
    id,
    kind,
    value,
    occurredAt: new Date(Date.UTC(2026, 0, 1 + day, 1, minute)).toISOString(),
  }));

describe('rollups equal a recomputation from the raw events', () => {
  for (const kind of ['cumulative', 'reading'] as const) {
    it(`for ${kind} targets, in any arrival order, split in any batches, with duplicates and back-dating`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(eventArb(kind === 'cumulative' ? 'increment' : 'reading'), { minLength: 1, maxLength: 30 }),
          fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 10 }),
          async (drafts, cuts) => {
            const target = await freshTarget(kind);
            // One content per id: a duplicate is the same event published again.
            const byId = new Map<string, ProgressEvent>();
            for (const d of drafts) if (!byId.has(d.id)) byId.set(d.id, { ...d, id: `${target.code}-${d.id}`, target: target.code });
            const arrivals = drafts.map((d) => byId.get(d.id)!);
            let seq = run * 1000;
            const messages: IncomingMessage[] = arrivals.map((e) => ({
              subject: progressSubject(target.ownerUnit, target.code),
              data: new TextEncoder().encode(JSON.stringify(e)),
              seq: ++seq,
            }));
            for (let i = 0, c = 0; i < messages.length; c++) {
              const size = cuts[c % cuts.length]!;
              await writeBatch(tdb.db, messages.slice(i, i + size), new Date('2026-11-21T00:00:00Z'));
              i += size;
            }

            const stored = await tdb.db.selectFrom('events').selectAll().where('target_code', '=', target.code).execute();
            expect(stored).toHaveLength(byId.size);
            const recomputed = foldTarget(
              target,
              stored.map((r) => ({ id: r.id, kind: r.kind as ProgressEvent['kind'], value: r.value, occurredAt: r.occurred_at.toISOString() })),
            );
            const rollup = await tdb.db.selectFrom('target_rollups').selectAll().where('target_code', '=', target.code).executeTakeFirstOrThrow();
            expect(rollup.value).toBeCloseTo(recomputed, 6);
            expect(rollup.event_count).toBe(byId.size);
          },
        ),
        { numRuns: 40 },
      );
    });
  }
});
