import { describe, expect, it } from 'vitest';
import { aggregateTargets, weightedMeanPct } from './aggregate';
import { isAchieved, pct, progressFraction } from './pct';

const up = { measureKind: 'cumulative' as const, direction: 'up' as const, baseline: 0, targetValue: 200, weight: 1 };
const down = { measureKind: 'reading' as const, direction: 'down' as const, baseline: 100, targetValue: 60, weight: 1 };
const ceil = { measureKind: 'ceiling' as const, direction: 'down' as const, baseline: 0, targetValue: 50, weight: 1 };

describe('pct', () => {
  it('measures up targets from the baseline', () => {
    expect(pct(up, 50)).toBe(25);
    expect(pct(up, 240)).toBe(120);
    expect(pct({ ...up, baseline: 100 }, 150)).toBe(50);
    expect(isAchieved(up, 200)).toBe(true);
    expect(isAchieved(up, 199.9)).toBe(false);
  });

  it('measures down targets as distance covered', () => {
    expect(pct(down, 70)).toBe(75);
    expect(pct(down, 100)).toBe(-0);
    expect(pct(down, 110)).toBe(-25);
    expect(isAchieved(down, 60)).toBe(true);
    expect(isAchieved(down, 61)).toBe(false);
  });

  it('gives a ceiling 100% while at or under, and less as it is overrun', () => {
    expect(pct(ceil, 0)).toBe(100);
    expect(pct(ceil, 50)).toBe(100);
    expect(pct(ceil, 60)).toBeCloseTo(83.333, 2);
    expect(pct({ ...ceil, targetValue: 0 }, 1)).toBe(0);
    expect(isAchieved(ceil, 50)).toBe(true);
    expect(isAchieved(ceil, 51)).toBe(false);
  });

  it('uses direction when baseline equals target', () => {
    expect(progressFraction({ ...up, baseline: 200 }, 200)).toBe(1);
    expect(progressFraction({ ...up, baseline: 200 }, 199)).toBe(0);
    expect(progressFraction({ ...down, baseline: 60 }, 59)).toBe(1);
  });
});

describe('aggregates', () => {
  it('is the weighted mean of pct clamped to 0–100', () => {
    const r = aggregateTargets([
      { target: { ...up, weight: 3 }, value: 100 }, // 50%
      { target: { ...up, weight: 1 }, value: 400 }, // 200% → 100
      { target: { ...down, weight: 1 }, value: 120 }, // −50% → 0
      { target: { ...up, weight: 5 }, value: null }, // unknown: left out
    ]);
    expect(r).toEqual({ pct: (3 * 50 + 100 + 0) / 5, weight: 5, count: 3 });
  });

  it('falls back to equal weights when no weight is positive, and is null when empty', () => {
    expect(
      weightedMeanPct([
        { weight: 0, pct: 40 },
        { weight: -1, pct: 80 },
      ]).pct,
    ).toBe(60);
    expect(
      weightedMeanPct([
        { weight: 2, pct: 40 },
        { weight: 0, pct: 80 },
      ]).pct,
    ).toBe(40);
    expect(weightedMeanPct([]).pct).toBeNull();
    expect(
      weightedMeanPct([
        { weight: 1, pct: null },
        { weight: 1, pct: Number.NaN },
      ]).pct,
    ).toBeNull();
  });
});
