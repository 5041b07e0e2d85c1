import { describe, expect, it } from 'vitest';
import { compareTargets, compareUnits, lastDayOfMonth, lastDayOfPreviousMonth, rankUnits, summarizeChanges } from './compare';

describe('compareTargets', () => {
  it('gives value and pct changes, status changes, new laggards and recoveries', () => {
    const from = [
      { code: 'A', ownerUnit: 'U1', value: 10, pct: 10, status: 'on_track' as const },
      { code: 'B', ownerUnit: 'U1', value: 5, pct: 50, status: 'behind' as const },
      { code: 'C', ownerUnit: 'U2', value: 1, pct: 1, status: 'on_track' as const },
    ];
    const to = [
      { code: 'A', ownerUnit: 'U1', value: 15, pct: 15, status: 'behind' as const },
      { code: 'B', ownerUnit: 'U1', value: 9, pct: 90, status: 'on_track' as const },
      { code: 'C', ownerUnit: 'U2', value: 1, pct: 1, status: 'on_track' as const },
    ];
    const ch = compareTargets(from, to);
    expect(ch.find((c) => c.code === 'A')).toMatchObject({ valueChange: 5, pctChange: 5, statusChanged: true, newLaggard: true });
    expect(ch.find((c) => c.code === 'B')).toMatchObject({ recovered: true, newLaggard: false });
    expect(ch.find((c) => c.code === 'C')).toMatchObject({ valueChange: 0, statusChanged: false });
    expect(summarizeChanges(ch)).toEqual({ newLaggards: 1, recoveries: 1, statusChanges: 2 });
  });
});

describe('compareUnits', () => {
  it('ranks by completion (ties share) and reports places moved (↑2 ↓1)', () => {
    expect([...rankUnits([{ code: 'a', pct: 5 }, { code: 'b', pct: 9 }, { code: 'c', pct: 9 }, { code: 'd', pct: null }])]).toEqual([
      ['b', 1],
      ['c', 1],
      ['a', 3],
    ]);
    const ch = compareUnits(
      [{ code: 'x', pct: 50 }, { code: 'y', pct: 40 }, { code: 'z', pct: 30 }],
      [{ code: 'x', pct: 51 }, { code: 'y', pct: 41 }, { code: 'z', pct: 60 }],
    );
    expect(ch.map((u) => [u.code, u.rankFrom, u.rankTo, u.rankChange])).toEqual([
      ['z', 3, 1, 2],
      ['x', 1, 2, -1],
      ['y', 2, 3, -1],
    ]);
    expect(ch[0]!.pctChange).toBe(30);
  });
});

describe('month helpers', () => {
  it('finds the last days of months', () => {
    expect(lastDayOfMonth('2026-02')).toBe('2026-02-28');
    expect(lastDayOfMonth('2026-12')).toBe('2026-12-31');
    expect(lastDayOfPreviousMonth('2026-03-15')).toBe('2026-02-28');
  });
});
