import { describe, expect, it } from 'vitest';
import { dayNumber, expectedValue } from '@luoshi/shared';
import { burnupData, forecastLine, planLine } from './burnup';
import { target } from './test-fixtures';

describe('planLine', () => {
  const t = target('A', { milestones: [{ date: '2026-06-30', value: 30 }] });
  it('starts at the baseline the day before the start, hits each milestone and ends at the target on the due date', () => {
    const line = planLine(t);
    expect(line[0]).toEqual({ date: '2025-12-31', value: 0 });
    expect(line.find((p) => p.date === '2026-06-30')?.value).toBe(30);
    expect(line.at(-1)).toEqual({ date: '2026-12-31', value: 100 });
    for (let i = 1; i < line.length; i++) expect(line[i]!.date > line[i - 1]!.date).toBe(true);
  });
  it('follows the working-day pace: flat across the Spring Festival holiday', () => {
    const line = planLine(target('B'));
    for (const p of line) expect(p.value).toBeCloseTo(expectedValue(target('B'), p.date), 9);
  });
});

describe('forecastLine', () => {
  it('runs from today to the projected completion when it is before due', () => {
    expect(forecastLine(target('A', { value: 80, forecastDate: '2026-12-10' }), '2026-11-21')).toEqual([
      { date: '2026-11-21', value: 80 },
      { date: '2026-12-10', value: 100 },
    ]);
  });
  it('runs to the value projected at due when it finishes late', () => {
    expect(forecastLine(target('A', { value: 40, forecastDate: null, projectedValueAtDue: 60 }), '2026-11-21')).toEqual(
      [
        { date: '2026-11-21', value: 40 },
        { date: '2026-12-31', value: 60 },
      ],
    );
  });
  it('draws nothing after the due date or for a ceiling', () => {
    expect(forecastLine(target('A'), '2027-01-05')).toEqual([]);
    expect(forecastLine(target('A', { measureKind: 'ceiling' }), '2026-11-21')).toEqual([]);
  });
});

describe('burnupData', () => {
  const t = target('A', { value: 12, forecastDate: null, projectedValueAtDue: 20 });
  it('merges actual, plan and forecast on one time axis, carrying the actual flat to today', () => {
    const b = burnupData(t, [{ date: '2026-03-02', value: 12 }], '2026-11-21');
    expect(b.rows[0]!.date).toBe('2025-12-31');
    const actual = b.rows.filter((r) => r.actual !== undefined).map((r) => [r.date, r.actual]);
    expect(actual).toEqual([
      ['2026-01-01', 0],
      ['2026-03-02', 12],
      ['2026-11-21', 12],
    ]);
    expect(b.rows.find((r) => r.date === '2026-11-21')?.forecast).toBe(12);
    expect(b.rows.find((r) => r.date === '2026-12-31')).toMatchObject({ plan: 100, forecast: 20 });
    expect(b.domain).toEqual([dayNumber('2025-12-31'), dayNumber('2026-12-31')]);
    expect(b.ticks).toHaveLength(12);
    for (let i = 1; i < b.rows.length; i++) expect(b.rows[i]!.day).toBeGreaterThan(b.rows[i - 1]!.day);
  });
  it("uses the series response's expected and forecast lines when it sends them", () => {
    const b = burnupData(t, [], '2026-11-21', {
      expected: [{ date: '2026-06-30', value: 50 }],
      forecast: [
        { date: '2026-11-20', value: 12 },
        { date: '2026-12-31', value: 30 },
      ],
    });
    expect(b.rows.filter((r) => r.plan !== undefined).map((r) => [r.date, r.plan])).toEqual([
      ['2025-12-31', 0],
      ['2026-06-30', 50],
    ]);
    expect(b.rows.find((r) => r.date === '2026-12-31')?.forecast).toBe(30);
  });
});
