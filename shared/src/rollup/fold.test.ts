import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MeasureKind } from '../domain/types';
import type { FoldEvent } from './events';
import { foldTarget, foldTargetAt, latestOccurredAt, ratioValue } from './fold';
import { valueSeries } from './series';

const cum = { measureKind: 'cumulative' as const, baseline: 10 };
const rdg = { measureKind: 'reading' as const, baseline: 50 };
const ev = (id: string, kind: FoldEvent['kind'], value: number, occurredAt: string, corrects?: string): FoldEvent =>
  corrects === undefined ? { id, kind, value, occurredAt } : { id, kind, value, occurredAt, corrects };

describe('foldTarget: cumulative and ceiling', () => {
  const events = [
    ev('a', 'increment', 5, '2025-03-01T09:00:00+08:00'),
    ev('b', 'increment', 3, '2025-03-02T09:00:00+08:00'),
    ev('c', 'correction', -3, '2025-03-03T09:00:00+08:00', 'b'),
    ev('n', 'note', 999, '2025-03-04T09:00:00+08:00'),
    ev('r', 'reading', 777, '2025-03-04T09:00:00+08:00'),
  ];

  it('adds increments and correction deltas to the baseline; notes and readings change nothing', () => {
    expect(foldTarget(cum, events)).toBe(15);
    expect(foldTarget({ measureKind: 'ceiling', baseline: 0 }, events)).toBe(5);
  });

  it('counts a duplicate id once', () => {
    expect(foldTarget(cum, [...events, ...events, events[0]!])).toBe(15);
  });

  it('applies a correction whose original is missing, and corrections of corrections', () => {
    expect(foldTarget(cum, [ev('x', 'correction', -2, '2025-03-01T00:00:00Z', 'gone')])).toBe(8);
    expect(foldTarget(cum, [...events, ev('d', 'correction', 1, '2025-03-05T00:00:00Z', 'c')])).toBe(16);
  });

  it('sums exactly: 100 × 0.1 is 10, 4.5 + 0.001 is 4.501', () => {
    const tenths = Array.from({ length: 100 }, (_, i) => ev(`t${i}`, 'increment', 0.1, '2025-03-01T09:00:00+08:00'));
    expect(foldTarget({ measureKind: 'cumulative', baseline: 0 }, tenths)).toBe(10);
    expect(foldTarget({ measureKind: 'cumulative', baseline: 4.5 }, [ev('m', 'increment', 0.001, '2025-03-01T09:00:00+08:00')])).toBe(4.501);
    expect(valueSeries({ measureKind: 'cumulative', baseline: 0 }, tenths, { from: '2025-03-01', to: '2025-03-01', bucket: 'day' })).toEqual([
      { start: '2025-03-01', date: '2025-03-01', value: 10 },
    ]);
  });

  it('is the baseline with no events', () => {
    expect(foldTarget(cum, [])).toBe(10);
    expect(latestOccurredAt([])).toBeNull();
  });
});

describe('foldTarget: reading', () => {
  it('takes the latest reading by event time, not by arrival', () => {
    const es = [
      ev('late', 'reading', 70, '2025-03-05T10:00:00+08:00'),
      ev('early', 'reading', 60, '2025-03-04T10:00:00+08:00'),
    ];
    expect(foldTarget(rdg, es)).toBe(70);
    expect(foldTarget(rdg, [...es].reverse())).toBe(70);
  });

  it('compares instants, not strings, across offsets', () => {
    // 03:00Z is 11:00 in China: later than 10:30+08:00.
    const es = [ev('a', 'reading', 1, '2025-03-05T10:30:00+08:00'), ev('b', 'reading', 2, '2025-03-05T03:00:00Z')];
    expect(foldTarget(rdg, es)).toBe(2);
  });

  it('breaks a tie in time by the larger id', () => {
    const t = '2025-03-05T10:00:00+08:00';
    expect(foldTarget(rdg, [ev('r-2', 'reading', 2, t), ev('r-1', 'reading', 1, t)])).toBe(2);
  });

  it('replaces a reading with its correction; the latest correction wins', () => {
    const es = [
      ev('r1', 'reading', 80, '2025-03-05T10:00:00+08:00'),
      ev('c1', 'correction', 78, '2025-03-06T10:00:00+08:00', 'r1'),
      ev('c2', 'correction', 79, '2025-03-07T10:00:00+08:00', 'r1'),
    ];
    expect(foldTarget(rdg, es)).toBe(79);
    // A correction of a correction still lands on the reading.
    expect(foldTarget(rdg, [...es, ev('c3', 'correction', 81, '2025-03-08T10:00:00+08:00', 'c1')])).toBe(81);
    // Correcting an older reading does not bring it back.
    expect(
      foldTarget(rdg, [
        ...es,
        ev('r0', 'reading', 1, '2025-03-01T10:00:00+08:00'),
        ev('c0', 'correction', 99, '2025-03-09T00:00:00Z', 'r0'),
      ]),
    ).toBe(79);
  });

  it('ignores increments, notes and corrections of unknown readings', () => {
    expect(
      foldTarget(rdg, [
        ev('i', 'increment', 5, '2025-03-01T00:00:00Z'),
        ev('c', 'correction', 5, '2025-03-01T00:00:00Z', 'zz'),
      ]),
    ).toBe(50);
  });
});

describe('latestOccurredAt, foldTargetAt, ratioValue', () => {
  it('finds the latest event of any kind', () => {
    expect(
      latestOccurredAt([
        ev('a', 'increment', 1, '2025-03-01T09:00:00+08:00'),
        ev('n', 'note', 0, '2025-03-01T02:00:00Z'),
      ]),
    ).toBe('2025-03-01T02:00:00Z');
  });
  it('folds up to an instant', () => {
    const es = [
      ev('a', 'increment', 1, '2025-03-01T09:00:00+08:00'),
      ev('b', 'increment', 2, '2025-03-02T09:00:00+08:00'),
    ];
    expect(foldTargetAt(cum, es, Date.parse('2025-03-02T00:00:00+08:00'))).toBe(11);
  });
  it('derives a ratio value', () => {
    expect(ratioValue(45, 60)).toBe(75);
    expect(ratioValue(1, 0)).toBeNull();
  });
});

describe('valueSeries', () => {
  const es = [
    ev('a', 'increment', 5, '2025-03-01T23:30:00+08:00'), // 1 March in China
    ev('b', 'increment', 3, '2025-03-01T16:30:00Z'), // 2 March 00:30 in China
    ev('c', 'increment', 4, '2025-03-10T09:00:00+08:00'),
    ev('d', 'correction', -4, '2025-03-20T09:00:00+08:00', 'c'), // takes c back from 10 March on
  ];

  it('buckets by China day', () => {
    expect(valueSeries(cum, es, { from: '2025-02-28', to: '2025-03-03', bucket: 'day' })).toEqual([
      { start: '2025-02-28', date: '2025-02-28', value: 10 },
      { start: '2025-03-01', date: '2025-03-01', value: 15 },
      { start: '2025-03-02', date: '2025-03-02', value: 18 },
      { start: '2025-03-03', date: '2025-03-03', value: 18 },
    ]);
  });

  it('places a correction at its original, so the chart shows no phantom jump', () => {
    const days = valueSeries(cum, es, { from: '2025-03-09', to: '2025-03-21', bucket: 'day' });
    expect(new Set(days.map((p) => p.value))).toEqual(new Set([18]));
  });

  it('buckets by Monday-to-Sunday week and by month, the last bucket ending at `to`', () => {
    expect(valueSeries(cum, es, { from: '2025-03-01', to: '2025-03-12', bucket: 'week' })).toEqual([
      { start: '2025-02-24', date: '2025-03-02', value: 18 },
      { start: '2025-03-03', date: '2025-03-09', value: 18 },
      { start: '2025-03-10', date: '2025-03-12', value: 18 },
    ]);
    expect(valueSeries(cum, es, { from: '2025-02-10', to: '2025-04-02', bucket: 'month' })).toEqual([
      { start: '2025-02-01', date: '2025-02-28', value: 10 },
      { start: '2025-03-01', date: '2025-03-31', value: 18 },
      { start: '2025-04-01', date: '2025-04-02', value: 18 },
    ]);
    expect(valueSeries(cum, es, { from: '2025-04-02', to: '2025-04-01', bucket: 'day' })).toEqual([]);
  });

  it('follows readings', () => {
    const rs = [
      ev('r1', 'reading', 60, '2025-03-01T10:00:00+08:00'),
      ev('r2', 'reading', 55, '2025-03-03T10:00:00+08:00'),
    ];
    expect(valueSeries(rdg, rs, { from: '2025-02-28', to: '2025-03-03', bucket: 'day' }).map((p) => p.value)).toEqual([
      50, 60, 60, 55,
    ]);
  });
});

// ---------- properties ----------

const KINDS = ['increment', 'reading', 'correction', 'note'] as const;
const T0 = Date.parse('2025-01-01T00:00:00Z');
const instantArb = fc
  .tuple(fc.integer({ min: 0, max: 90 * 24 * 60 }), fc.constantFrom('Z', '+08:00'))
  .map(([min, zone]) => {
    const ms = T0 + min * 60_000;
    if (zone === 'Z') return new Date(ms).toISOString();
    return `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
  });

/** Events with ids e0..eN; corrections point at random ids (sometimes missing, sometimes themselves). */
const eventsArb = fc
  .array(
    fc.record({
      kind: fc.constantFrom(...KINDS),
      // Decimal fractions as people type them (up to 4 places), so sums must be exact.
      value: fc.oneof(
        fc.integer({ min: -50, max: 200 }),
        fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => n / 10_000),
        fc.constantFrom(0.1, 0.2, 0.3, 0.001, 4.5, 1.1, 2.2),
      ),
      occurredAt: instantArb,
      corrects: fc.integer({ min: 0, max: 25 }),
    }),
    { maxLength: 25 },
  )
  .map((rows) =>
    rows.map((r, i): FoldEvent =>
      r.kind === 'correction'
        ? { id: `e${i}`, kind: r.kind, value: r.value, occurredAt: r.occurredAt, corrects: `e${r.corrects}` }
        : { id: `e${i}`, kind: r.kind, value: r.value, occurredAt: r.occurredAt },
    ),
  );

const kindArb = fc.constantFrom<MeasureKind>('cumulative', 'reading', 'ceiling', 'ratio');
const permuted = <T>(xs: readonly T[]) => fc.shuffledSubarray([...xs], { minLength: xs.length, maxLength: xs.length });

describe('fold properties', () => {
  it('is the same for every permutation of the events', () => {
    fc.assert(
      fc.property(
        kindArb,
        eventsArb.chain((es) => fc.tuple(fc.constant(es), permuted(es))),
        (measureKind, [es, shuffled]) => {
          const target = { measureKind, baseline: 7 };
          expect(foldTarget(target, shuffled)).toBe(foldTarget(target, es));
          expect(latestOccurredAt(shuffled)).toBe(latestOccurredAt(es));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('ignores duplicates by id', () => {
    fc.assert(
      fc.property(
        kindArb,
        eventsArb.chain((es) =>
          fc.tuple(fc.constant(es), fc.array(fc.constantFrom(...(es.length ? es : [undefined])), { maxLength: 10 })),
        ),
        (measureKind, [es, extra]) => {
          const dups = extra.filter((e): e is FoldEvent => e !== undefined);
          const target = { measureKind, baseline: 7 };
          expect(foldTarget(target, [...dups, ...es, ...dups])).toBe(foldTarget(target, es));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stays order-independent even when two copies of an id disagree', () => {
    fc.assert(
      fc.property(kindArb, eventsArb, eventsArb, (measureKind, a, b) => {
        const target = { measureKind, baseline: 0 };
        // b reuses a's ids with other contents.
        expect(foldTarget(target, [...a, ...b])).toBe(foldTarget(target, [...b, ...a]));
      }),
      { numRuns: 200 },
    );
  });

  it('a series ends at the fold, and its buckets are permutation-invariant too', () => {
    fc.assert(
      fc.property(
        kindArb,
        fc.constantFrom('day', 'week', 'month') as fc.Arbitrary<'day' | 'week' | 'month'>,
        eventsArb.chain((es) => fc.tuple(fc.constant(es), permuted(es))),
        (measureKind, bucket, [es, shuffled]) => {
          const target = { measureKind, baseline: 3 };
          const s1 = valueSeries(target, es, { from: '2024-12-30', to: '2025-04-10', bucket });
          const s2 = valueSeries(target, shuffled, { from: '2024-12-30', to: '2025-04-10', bucket });
          expect(s2).toEqual(s1);
          expect(s1[s1.length - 1]?.value).toBe(foldTarget(target, es));
        },
      ),
      { numRuns: 150 },
    );
  });
});
