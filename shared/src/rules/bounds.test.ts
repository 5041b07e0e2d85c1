import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ABSURD_FACTOR, boundsProblem, outcomeOf, plausibleLimit, type BoundsTarget } from './bounds';
import { addExact } from './decimal';

const jobs: BoundsTarget = { measureKind: 'cumulative', uom: '人', baseline: 0, targetValue: 127 };
const area: BoundsTarget = { measureKind: 'reading', uom: '平方米', baseline: 1_950_000, targetValue: 2_020_000 };
const rate: BoundsTarget = { measureKind: 'reading', uom: '%', baseline: 60, targetValue: 95 };

/** The problem of an event of `value` on `t` whose value in force is `total`. */
const vp = (t: BoundsTarget, value: number, total = t.baseline, correction = false) => boundsProblem(t, outcomeOf(t, value, total, correction));

describe('bounds judged on what the event leads to', () => {
  it('allows a total up to ten times the commitment, not more', () => {
    const limit = 127 * ABSURD_FACTOR;
    expect(vp(jobs, limit)).toBeNull();
    expect(vp(jobs, limit + 1)).toMatchObject({ field: 'value', code: 'value_too_large', params: { limit, uom: '人' } });
    expect(vp(jobs, 0)).toBeNull();
    // The same increment on a total already near the limit: the total is what counts.
    expect(vp(jobs, 100, limit - 50)).toMatchObject({ code: 'value_too_large', params: { limit: 50 } });
    expect(vp(jobs, 50, limit - 50)).toBeNull();
  });

  it('measures sums against the distance baseline → target, a reading against the larger end', () => {
    const step = { ...jobs, baseline: 100, targetValue: 150 };
    expect(vp(step, 500)).toBeNull();
    expect(vp(step, 501)?.code).toBe('value_too_large');
    expect(vp(area, 20_200_000)).toBeNull();
    expect(vp(area, 20_200_001)).toMatchObject({ code: 'value_too_large', params: { limit: 20_200_000 } });
    expect(vp({ ...area, baseline: 500, targetValue: 100 }, 5000)).toBeNull();
  });

  it('gives a target with nothing to do (target = baseline) a floor of ten', () => {
    const flat = { ...jobs, baseline: 5, targetValue: 5 };
    expect(vp(flat, 10)).toBeNull();
    expect(vp(flat, 11)?.code).toBe('value_too_large');
  });

  it('refuses negatives and percentages over 100', () => {
    expect(vp(jobs, -1)).toEqual({ field: 'value', code: 'value_negative' });
    expect(vp(area, -0.5)?.code).toBe('value_negative');
    expect(vp(rate, 100)).toBeNull();
    expect(vp(rate, 100.1)).toEqual({ field: 'value', code: 'percent_over_100' });
  });

  it('judges a correction by the total it produces', () => {
    // Taking back 3 of 5 is fine; taking back 6 would go below the baseline.
    expect(vp(jobs, -3, 5, true)).toBeNull();
    expect(vp(jobs, -6, 5, true)).toMatchObject({ code: 'total_below_baseline', params: { total: -1, baseline: 0 } });
    // The attack of issue 15: a correction of 1e12 on a 30万 m² target.
    const big = { ...jobs, uom: '平方米', targetValue: 300_000 };
    expect(vp(big, 1e12, 3301, true)?.code).toBe('value_too_large');
    // A % reading corrected to 5000.
    expect(vp(rate, 5000, 80, true)?.code).toBe('percent_over_100');
  });

  it('compares exactly: 0.1 + 0.2 sits exactly on a limit of 0.3', () => {
    const tiny: BoundsTarget = { measureKind: 'cumulative', uom: '%', baseline: 0, targetValue: 100 };
    expect(vp(tiny, 0.2, 99.8)).toBeNull();
    expect(vp(tiny, 0.3, 99.8)?.code).toBe('percent_over_100');
  });
});

describe('plausibleLimit', () => {
  it('is ten times the commitment rounded to 15 digits; whole numbers take a shortcut to the same value', () => {
    const value = fc.oneof(fc.integer({ min: -1e15, max: 1e15 }), fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.constantFrom(0, 0.1, 123_456_789_012_345, 900_719_925_474_099));
    const kind = fc.constantFrom<BoundsTarget['measureKind']>('cumulative', 'reading');
    fc.assert(
      fc.property(kind, value, value, (measureKind, targetValue, baseline) => {
        const t: BoundsTarget = { measureKind, uom: '个', baseline, targetValue };
        // The definition, without the shortcut.
        const scale = measureKind === 'cumulative' ? Math.abs(addExact(targetValue, -baseline)) : Math.max(Math.abs(targetValue), Math.abs(baseline));
        expect(plausibleLimit(t)).toBe(Number((Math.max(scale, 1) * ABSURD_FACTOR).toPrecision(15)));
      }),
      { numRuns: 5_000 },
    );
  });
});
