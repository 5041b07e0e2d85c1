import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, chinaDate, chinaDayStartMs } from '../calendar/ymd';
import { assessTarget } from '../pace/status';
import type { FoldEvent } from '../rollup/events';
import { foldTarget, latestOccurredAt } from '../rollup/fold';
import { valueSeries } from '../rollup/series';
import { assessAsOf, finishedOn } from './asof';

const START = '2026-01-01';
const DUE = '2026-06-30';

const target = (measureKind: 'cumulative' | 'reading' | 'ceiling') => ({
  measureKind,
  direction: 'up' as const,
  baseline: 0,
  targetValue: 100,
  startDate: START,
  dueDate: DUE,
  milestones: [],
  reportingIntervalDays: 14,
});

const event = fc
  .record({
    day: fc.integer({ min: -10, max: 200 }),
    minute: fc.integer({ min: 0, max: 1439 }),
    kind: fc.constantFrom('increment' as const, 'reading' as const, 'note' as const),
    value: fc.integer({ min: 0, max: 40 }),
  });

function toEvents(raw: { day: number; minute: number; kind: FoldEvent['kind']; value: number }[]): FoldEvent[] {
  return raw.map((r, i) => {
    const ms = chinaDayStartMs(addDays(START, r.day)) + r.minute * 60_000;
    return { id: `e${i}`, kind: r.kind, value: r.value, occurredAt: new Date(ms).toISOString() };
  });
}

describe('assessAsOf (status of a past day from daily rollups)', () => {
  it('equals the status computed by folding only the events up to that day', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('cumulative' as const, 'reading' as const, 'ceiling' as const),
        fc.array(event, { maxLength: 40 }),
        fc.integer({ min: -5, max: 220 }),
        (kind, raw, dOffset) => {
          const t = target(kind);
          const events = toEvents(raw);
          const D = addDays(START, dOffset);

          // What the database holds: the value at the end of every day it changed (target_daily),
          // and the latest report day up to D (max occurred_at of events before D's end).
          const all = valueSeries(t, events, { from: addDays(START, -12), to: addDays(START, 230), bucket: 'day' });
          const daily = all.filter((p, i) => (i === 0 ? p.value !== t.baseline : p.value !== all[i - 1]!.value));
          const cutoff = chinaDayStartMs(addDays(D, 1));
          const upToD = events.filter((e) => Date.parse(e.occurredAt) < cutoff);
          const lastDay = upToD.length ? chinaDate(latestOccurredAt(upToD)!) : null;
          const fromRollups = assessAsOf(t, daily, lastDay, D);

          // The reference: fold only the events up to D.
          const series = valueSeries(t, upToD, { from: addDays(START, -12), to: D < START ? START : D, bucket: 'day' });
          const folded = assessTarget(t, { value: foldTarget(t, upToD), lastUpdate: latestOccurredAt(upToD), series }, D);

          expect(fromRollups.status).toBe(folded.status);
          expect(fromRollups.value).toBe(folded.value);
          expect(fromRollups.pct).toBe(folded.pct);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('finishedOn', () => {
  const t = target('reading');
  it('is the first day of the last achieved run up to asOf', () => {
    const daily = [
      { date: '2026-02-01', value: 100 },
      { date: '2026-02-05', value: 90 },
      { date: '2026-03-01', value: 120 },
    ];
    expect(finishedOn(t, daily, '2026-02-03')).toBe('2026-02-01');
    expect(finishedOn(t, daily, '2026-02-10')).toBeNull();
    expect(finishedOn(t, daily, '2026-04-01')).toBe('2026-03-01');
    expect(finishedOn(target('ceiling'), daily, '2026-04-01')).toBeNull();
  });
});
