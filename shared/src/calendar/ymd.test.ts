import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  chinaDate,
  chinaDayStartMs,
  dayNumber,
  dayOfWeek,
  isYmd,
  parseInstant,
  startOfMonth,
  startOfNextMonth,
  startOfWeek,
} from './ymd';

describe('ymd', () => {
  it('validates real dates', () => {
    expect(isYmd('2024-02-29')).toBe(true);
    expect(isYmd('2025-02-29')).toBe(false);
    expect(isYmd('2025-2-1')).toBe(false);
    expect(() => dayNumber('2025-13-01')).toThrow(RangeError);
  });

  it('does day arithmetic across month and year ends', () => {
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(dayOfWeek('2025-01-26')).toBe(0);
    expect(dayOfWeek('2025-02-08')).toBe(6);
  });

  it('reads instants as China dates', () => {
    expect(chinaDate('2025-03-01T23:30:00+08:00')).toBe('2025-03-01');
    expect(chinaDate('2025-03-01T16:00:00Z')).toBe('2025-03-02');
    expect(chinaDate('2025-03-01T15:59:59Z')).toBe('2025-03-01');
    expect(chinaDate('2025-03-01')).toBe('2025-03-01');
    expect(chinaDate('nonsense')).toBeNull();
    // No offset: China time, never the host's zone.
    expect(chinaDate('2025-03-01T23:30:00')).toBe('2025-03-01');
    expect(parseInstant('2025-03-01T23:30:00')).toBe(Date.parse('2025-03-01T23:30:00+08:00'));
    expect(parseInstant('2025-03-01')).toBe(Date.parse('2025-03-01T00:00:00+08:00'));
    expect(parseInstant('2025-03-01T10:00:00-05:00')).toBe(Date.parse('2025-03-01T15:00:00Z'));
    expect(chinaDayStartMs('2025-03-02')).toBe(Date.parse('2025-03-02T00:00:00+08:00'));
  });

  it('reads a UTC instant by its digits exactly as Date.parse does, invalid fields included', () => {
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const instant = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), two(99), two(99), two(99), two(99), two(99), fc.option(fc.integer({ min: 0, max: 999 })))
      .map(([y, mo, d, h, mi, s, ms]) =>
        `${String(y).padStart(4, '0')}-${mo}-${d}T${h}:${mi}:${s}${ms === null ? '' : `.${String(ms).padStart(3, '0')}`}Z`,
      );
    // Realistic ones too (toISOString), where the fast path is the one taken.
    const real = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) }).map((ms) => new Date(ms).toISOString());
    const seconds = real.map((s) => `${s.slice(0, 19)}Z`);
    fc.assert(
      fc.property(fc.oneof(instant, real, seconds), (s) => {
        expect(Object.is(parseInstant(s), Date.parse(s))).toBe(true);
      }),
      { numRuns: 5_000 },
    );
    // Edges Date.parse rolls over or refuses: the same answers.
    for (const s of ['2026-02-30T00:00:00Z', '2026-01-01T24:00:00Z', '2026-13-01T00:00:00Z', '2026-01-01T23:59:60Z', '0099-01-01T00:00:00Z', '2026-01-01T00:00:00.5Z', '2026-01-01t00:00:00Z']) {
      expect(Object.is(parseInstant(s), Date.parse(s))).toBe(true);
    }
  });

  it('finds week and month starts', () => {
    expect(startOfWeek('2025-03-09')).toBe('2025-03-03'); // Sunday belongs to the week of Monday 3rd
    expect(startOfWeek('2025-03-03')).toBe('2025-03-03');
    expect(startOfMonth('2025-03-09')).toBe('2025-03-01');
    expect(startOfNextMonth('2025-12-09')).toBe('2026-01-01');
    expect(startOfNextMonth('2025-09-30')).toBe('2025-10-01');
  });
});
