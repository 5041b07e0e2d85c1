import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeed } from '@luoshi/seeds';
import { foldTarget, progressSubject, valueSeries, type ProgressEvent, type Target } from '@luoshi/shared';
import { writeBatch, type IncomingMessage } from '../../server/src/ingest/batch';
import { testSeed } from '../support/fixtures';
import type { TestDatabase } from '../support/infra';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let tdb: TestDatabase;
beforeAll(async () => {
  stack = await startStack({ name: 'test-rollup-property', nats: false, app: false });
  ({ tdb } = stack);
});
afterAll(() => stack?.stop());

const base = testSeed.plans[0]!;
let run = 0;

/** A fresh target per property run, so runs do not see each other's events. */
async function freshTarget(kind: 'cumulative' | 'reading'): Promise<Target> {
  const proto = base.targets.find((t) => t.measureKind === kind)!;
  const target: Target = { ...proto, code: `${proto.code}-R${++run}` };
  await loadSeed(tdb.db, { units: [], plans: [{ ...base, sections: [], targets: [target] }] });
  return target;
}

const instant = (day: number, minute: number): string => new Date(Date.UTC(2026, 0, 1 + day, 1, minute)).toISOString();

/**
 * Events of one target: its own kind (increment or reading), notes, and corrections that
 * name a random id — an earlier or later event, a note, a correction, a missing id or
 * themselves. Ids repeat (duplicates); days go back and forth (back-dating).
 */
const eventArb = (kind: 'increment' | 'reading') =>
  fc
    .record({
      id: fc.integer({ min: 1, max: 15 }).map((n) => `e${n}`),
      kind: fc.constantFrom(kind, kind, kind, 'correction', 'correction', 'note'),
      // Which earlier event a correction names (index modulo the events before it); 0: a missing id.
      corrects: fc.nat({ max: 1000 }),
      // Decimal fractions up to 4 places (4.5 公里, 0.0125 公顷): numeric sums them exactly,
      // and so must the fold; compared exactly below. Small enough that most totals stay
      // within the plausibility bounds (the rest are refused, see below).
      value: fc.oneof(fc.integer({ min: 0, max: 200_000 }).map((n) => n / 10_000), fc.constantFrom(0.1, 0.2, 0.3, 4.5, 0.001)),
      sign: fc.boolean(),
      day: fc.integer({ min: 0, max: 300 }),
      minute: fc.integer({ min: 0, max: 3 }),
    })
    .map(({ id, kind: k, corrects, value, sign, day, minute }) => {
      const base = { id, kind: k, value, occurredAt: instant(day, minute) };
      if (k !== 'correction') return base;
      // Cumulative corrections are signed deltas; reading corrections absolute values.
      return { ...base, value: kind === 'increment' && sign ? -value : value, pick: corrects, reason: '核对更正' };
    });

/** e1 reported, e2 corrects e1, e3 corrects e2 (pick 1 names the draft at index pick % i). */
function chainExample(kind: 'increment' | 'reading') {
  const cum = kind === 'increment';
  return [
    { id: 'e1', kind, value: 5, occurredAt: instant(10, 0) },
    { id: 'e2', kind: 'correction' as const, value: cum ? -1 : 6, occurredAt: instant(11, 0), pick: 1, reason: '核对更正' },
    { id: 'e3', kind: 'correction' as const, value: cum ? 0.5 : 7, occurredAt: instant(12, 0), pick: 1, reason: '核对更正' },
  ];
}

/** Stored corrections and back-dated arrivals over all runs: the property must not pass vacuously. */
const seen = { corrections: 0, chains: 0, backDated: 0 };

describe('rollups and daily buckets equal a recomputation from the raw events', () => {
  for (const kind of ['cumulative', 'reading'] as const) {
    it(`for ${kind} targets, with corrections, notes, any arrival order, any batches, duplicates and back-dating`, async () => {
      Object.assign(seen, { corrections: 0, chains: 0, backDated: 0 });
      await fc.assert(
        fc.asyncProperty(
          fc.array(eventArb(kind === 'cumulative' ? 'increment' : 'reading'), { minLength: 3, maxLength: 30 }),
          fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 10 }),
          async (drafts, cuts) => {
            const target = await freshTarget(kind);
            const scoped = (id: string) => `${target.code}-${id}`;
            // One content per id: a duplicate is the same event published again.
            const byId = new Map<string, ProgressEvent>();
            drafts.forEach((d, i) => {
              if (byId.has(d.id)) return;
              const { pick, ...rest } = d as typeof d & { pick?: number };
              const e = { ...rest, id: scoped(d.id), target: target.code } as ProgressEvent;
              if (pick !== undefined)
                e.corrects = pick === 0 || i === 0 ? scoped('missing') : scoped(drafts[pick % i]!.id);
              byId.set(d.id, e);
            });
            const arrivals = drafts.map((d) => byId.get(d.id)!);
            let seq = run * 1000;
            const messages: IncomingMessage[] = arrivals.map((e) => ({
              subject: progressSubject(target.ownerUnit, target.code),
              data: new TextEncoder().encode(JSON.stringify(e)),
              seq: ++seq,
            }));
            let rejected = 0;
            for (let i = 0, c = 0; i < messages.length; c++) {
              const size = cuts[c % cuts.length]!;
              const res = await writeBatch(tdb.db, messages.slice(i, i + size), new Date('2026-11-21T00:00:00Z'));
              // Only corrections are refused here: of unknown events, notes or themselves, or
              // taking the total below the baseline (the bounds judge what an event leads to).
              for (const r of res.rejects) expect(['unknown_event', 'correction_mismatch', 'invalid_value']).toContain(r.code);
              rejected += res.rejects.length;
              i += size;
            }

            const stored = await tdb.db
              .selectFrom('events')
              .selectAll()
              .where('target_code', '=', target.code)
              .execute();
            expect(stored.length).toBeLessThanOrEqual(byId.size);
            if (rejected === 0) expect(stored).toHaveLength(byId.size);
            const raw = stored.map((r) => ({
              id: r.id,
              kind: r.kind as ProgressEvent['kind'],
              value: r.value,
              occurredAt: r.occurred_at.toISOString(),
              corrects: r.corrects,
            }));
            const rollup = await tdb.db
              .selectFrom('target_rollups')
              .selectAll()
              .where('target_code', '=', target.code)
              .executeTakeFirstOrThrow();
            expect(rollup.value).toBe(foldTarget(target, raw));
            expect(rollup.event_count).toBe(stored.length);
            const kinds = new Map(stored.map((r) => [r.id, r.kind]));
            for (const r of stored) {
              if (r.kind === 'correction') seen.corrections++;
              if (r.kind === 'correction' && kinds.get(r.corrects!) === 'correction') seen.chains++;
            }
            for (let j = 1; j < arrivals.length; j++)
              if (arrivals[j]!.occurredAt < arrivals[j - 1]!.occurredAt) seen.backDated++;

            // Every day's closing value, read the way the API reads it (latest row on or
            // before the day), equals the fold of the raw events up to that day's end.
            const rows = await tdb.db
              .selectFrom('target_daily')
              .select(['day', 'value_end'])
              .where('target_code', '=', target.code)
              .orderBy('day')
              .execute();
            const expected = valueSeries(target, raw, { from: '2026-01-01', to: '2026-11-21', bucket: 'day' });
            let i = 0;
            let v = target.baseline;
            for (const p of expected) {
              while (i < rows.length && rows[i]!.day <= p.date) v = rows[i++]!.value_end;
              expect(v, p.date).toBe(p.value);
            }
          },
        ),
        {
          numRuns: 40,
          // One known chain (a correction of a correction) besides the random runs: the bounds
          // refuse many random corrections, so random runs alone sometimes store none.
          examples: [[chainExample(kind === 'cumulative' ? 'increment' : 'reading'), [1]]],
        },
      );
      expect(seen.corrections).toBeGreaterThan(20);
      expect(seen.chains).toBeGreaterThan(0);
      expect(seen.backDated).toBeGreaterThan(20);
    });
  }
});
