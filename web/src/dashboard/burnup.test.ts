import { describe, expect, it } from 'vitest';
import { addDays, dayNumber, expectedValue, fromDayNumber } from '@luoshi/shared';
import { burnupData, fitTicks, fitToPlot, forecastLine, monthLabelWidth, planLine, type Burnup, type BurnupRow } from './burnup';
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

describe('fitToPlot (issue 18.9: rows the plot can show, nothing visible lost)', () => {
  // A year of daily points, as the series answer sends them: the actual value moves on report
  // days (a correction takes some back), the plan moves on working days, the forecast has two.
  const t = target('Y', { targetValue: 3000, value: 2400, forecastDate: '2027-01-20' });
  const points: { date: string; value: number }[] = [];
  const expected: { date: string; value: number }[] = [];
  let v = 0;
  for (let d = '2026-01-01'; d <= '2026-11-21'; d = addDays(d, 1)) {
    if (dayNumber(d) % 9 === 0) v += 75;
    if (d === '2026-06-10') v -= 40; // a correction
    points.push({ date: d, value: v });
  }
  for (let d = '2026-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) expected.push({ date: d, value: expectedValue(t, d) });
  const full = burnupData(t, points, '2026-11-21', { expected, forecast: [{ date: '2026-11-21', value: v }, { date: '2027-01-20', value: 3000 }] });
  const yDomain = [0, 3200] as const;
  const box = (width: number) => ({ width, height: 220, yDomain });
  /** The step value drawn at a day: the last actual at or before it. */
  const stepAt = (rows: readonly BurnupRow[], day: number): number | undefined => rows.filter((r) => r.actual !== undefined && r.day <= day).at(-1)?.actual;
  const valuesOf = (b: Burnup, key: 'actual' | 'plan' | 'forecast') => b.rows.filter((r) => r[key] !== undefined).map((r) => [r.day, r[key]!] as const);

  it('keeps the actual steps exactly when the plot has a column per day, with the first and the last day', () => {
    const fit = fitToPlot(full, box(4000));
    for (const r of full.rows) if (r.actual !== undefined) expect(stepAt(fit.rows, r.day), r.date).toBe(r.actual);
    expect(valuesOf(fit, 'actual')[0]).toEqual(valuesOf(full, 'actual')[0]);
    expect(valuesOf(fit, 'actual').at(-1)).toEqual(valuesOf(full, 'actual').at(-1));
    expect(fit.rows.length).toBeLessThan(full.rows.length / 2);
  });
  it('on a phone-sized plot: no more actual points than pixel columns, each a real value, steps off by under a column', () => {
    const width = 250;
    const fit = fitToPlot(full, box(width));
    const [x0, x1] = full.domain;
    const dayPerPx = (x1 - x0) / width;
    expect(valuesOf(fit, 'actual').length).toBeLessThanOrEqual(width);
    const original = new Map(valuesOf(full, 'actual'));
    for (const [day, value] of valuesOf(fit, 'actual')) expect(original.get(day)).toBe(value);
    // Wherever a step is drawn, the original had that value within a column of it.
    for (const r of full.rows) {
      if (r.actual === undefined) continue;
      const drawn = stepAt(fit.rows, r.day);
      const near = full.rows.filter((o) => o.actual !== undefined && Math.abs(o.day - r.day) <= dayPerPx + 1).map((o) => o.actual);
      expect(near, r.date).toContain(drawn);
    }
    expect(valuesOf(fit, 'actual').some(([, value], i, all) => i > 0 && value < all[i - 1]![1])).toBe(true); // the correction stays
  });
  it('keeps the drawn plan line within half a pixel of every daily plan point, with far fewer points', () => {
    const width = 250;
    const fit = fitToPlot(full, box(width));
    const [x0, x1] = full.domain;
    const px = (day: number) => ((day - x0) / (x1 - x0)) * width;
    const py = (value: number) => (value / 3200) * 220;
    const kept = valuesOf(fit, 'plan');
    expect(kept.length).toBeLessThan(valuesOf(full, 'plan').length / 3);
    for (const [day, value] of valuesOf(full, 'plan')) {
      const i = kept.findIndex(([d]) => d >= day);
      const [d1, v1] = kept[i]!;
      const [d0, v0] = kept[Math.max(0, i - 1)]!;
      // Distance in screen pixels from the daily point to the drawn segment's line.
      const [ax, ay, bx, by, x, y] = [px(d0), py(v0), px(d1), py(v1), px(day), py(value)];
      const off = Math.abs((by - ay) * (x - ax) - (bx - ax) * (y - ay)) / (Math.hypot(bx - ax, by - ay) || 1);
      expect(off, fromDayNumber(day)).toBeLessThan(0.5);
      expect(px(day)).toBeGreaterThanOrEqual(px(d0));
    }
  });
  it('keeps the forecast, the domain and the ticks as they were', () => {
    const fit = fitToPlot(full, box(250));
    expect(valuesOf(fit, 'forecast')).toEqual(valuesOf(full, 'forecast'));
    expect(fit.domain).toEqual(full.domain);
    expect(fit.ticks).toEqual(full.ticks);
    for (let i = 1; i < fit.rows.length; i++) expect(fit.rows[i]!.day).toBeGreaterThan(fit.rows[i - 1]!.day);
  });
});

describe('fitTicks (the month labels Recharts showed, without measuring them)', () => {
  const months = Array.from({ length: 12 }, (_, i) => i * 30.4);
  const zh = (i: number): string => `${i + 1}月`;
  const en = (i: number): string => ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][i]!;
  const pick = (width: number, label: (i: number) => string): string[] => {
    const ticks = months.map((_, i) => i);
    const x = (i: number): number => (months[i]! / 365) * width;
    return fitTicks(ticks, x, (i) => monthLabelWidth(label(i)), width, 8).map(label);
  };
  it('on a phone (250 px): every other month from January, and December kept at the end', () => {
    expect(pick(250, zh)).toEqual(['1月', '3月', '5月', '7月', '9月', '12月']);
    expect(pick(250, en)).toEqual(['Jan', 'Mar', 'May', 'Jul', 'Sep', 'Dec']);
  });
  it('on a desktop plot every month', () => {
    expect(pick(1000, zh)).toHaveLength(12);
  });
  it('labels never overlap, and a single tick stays', () => {
    expect(fitTicks([5], () => 0, () => 20, 100, 8)).toEqual([5]);
    for (const w of [120, 180, 250, 400]) expect(pick(w, zh).length).toBeLessThanOrEqual(Math.floor(w / (monthLabelWidth('10月') + 8)) + 1);
  });
  it('estimates label widths as 12px text renders them', () => {
    expect(monthLabelWidth('1月')).toBe(19);
    expect(monthLabelWidth('12月')).toBe(26);
    expect(monthLabelWidth('Sep')).toBe(21);
  });
});
