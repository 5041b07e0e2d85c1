import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, chinaCalendar, weekdayCalendar, workingDaysInRange } from '../calendar/calendar';
import { addDays, dayNumber, fromDayNumber } from '../calendar/ymd';
import type { Target } from '../domain/types';
import { expectedValue, planPoints } from './expected';
import { forecast, paceDate, runRateWindow } from './forecast';
import { valueSeries } from '../rollup/series';
import { halfwayCheck } from './halfway';
import type { PaceOptions } from './input';
import { assessTarget, statusCounts, targetStatus } from './status';

const wk = weekdayCalendar;
/** 2025-03-03 (Mon) to 2025-03-28 (Fri): 20 working days on a plain Monday–Friday calendar. */
const base: Target = {
  code: 'T-1',
  planId: 'p',
  sectionId: null,
  ownerUnit: 'u',
  title: '新增就业',
  uom: '人',
  measureKind: 'cumulative',
  direction: 'up',
  baseline: 0,
  targetValue: 100,
  startDate: '2025-03-03',
  dueDate: '2025-03-28',
  weight: 1,
  milestones: [],
  reportingIntervalDays: 7,
};
const at = (ymd: string) => `${ymd}T10:00:00+08:00`;

describe('expectedValue', () => {
  it('is a straight line in working days from baseline to target', () => {
    expect(expectedValue(base, '2025-03-02', wk)).toBe(0);
    expect(expectedValue(base, '2025-03-03', wk)).toBe(5); // the end of day one
    expect(expectedValue(base, '2025-03-07', wk)).toBe(25);
    expect(expectedValue(base, '2025-03-08', wk)).toBe(25); // nothing expected on Saturday
    expect(expectedValue(base, '2025-03-14', wk)).toBe(50);
    expect(expectedValue(base, '2025-03-28', wk)).toBe(100);
    expect(expectedValue(base, '2025-06-01', wk)).toBe(100);
  });

  it('stands still over the Spring Festival and moves on make-up days', () => {
    const t = { ...base, startDate: '2025-01-02', dueDate: '2025-02-28', targetValue: 38 };
    expect(workingDaysInRange(t.startDate, t.dueDate)).toBe(38);
    expect(expectedValue(t, '2025-01-25')).toBe(17); // Jan 2–3, 6–10, 13–17, 20–24
    expect(expectedValue(t, '2025-01-26')).toBe(18); // Sunday make-up day
    expect(expectedValue(t, '2025-01-27')).toBe(19);
    expect(expectedValue(t, '2025-02-04')).toBe(19); // 除夕 to 初七: nothing
    expect(expectedValue(t, '2025-02-05')).toBe(20);
  });

  it('follows milestones piecewise', () => {
    const t = {
      ...base,
      startDate: '2025-01-01',
      dueDate: '2025-12-31',
      targetValue: 400,
      milestones: [
        { date: '2025-09-30', value: 300 },
        { date: '2025-03-31', value: 100 },
        { date: '2025-06-30', value: 200 },
        { date: '2026-03-31', value: 999 }, // after due: ignored
      ],
    };
    expect(planPoints(t).map((p) => p.value)).toEqual([0, 100, 200, 300, 400]);
    expect(expectedValue(t, '2025-03-31')).toBe(100);
    expect(expectedValue(t, '2025-06-30')).toBe(200);
    expect(expectedValue(t, '2025-09-30')).toBe(300);
    expect(expectedValue(t, '2025-10-08')).toBe(300); // Golden Week: flat
    const share = workingDaysInRange('2025-04-01', '2025-05-15') / workingDaysInRange('2025-04-01', '2025-06-30');
    expect(expectedValue(t, '2025-05-15')).toBeCloseTo(100 + 100 * share, 10);
  });

  it('follows a target that goes down', () => {
    const t = { ...base, measureKind: 'reading' as const, direction: 'down' as const, baseline: 100, targetValue: 60 };
    expect(expectedValue(t, '2025-03-14', wk)).toBe(80);
  });
});

describe('status bands', () => {
  // Reported on Saturday for the week: judged at the end of Friday the 14th, 10 of 20 working days, 50 expected.
  const asOf = '2025-03-15';
  const s = (value: number, lastUpdate: string | null = at(asOf), when = asOf, opts?: Partial<PaceOptions>) =>
    targetStatus(base, { value, lastUpdate }, when, wk, opts);

  it.each([
    [50, 'on_track'],
    [48, 'on_track'], // 0.96
    [46, 'behind'], // 0.92
    [40, 'at_risk'], // 0.80
    [0, 'at_risk'],
    [100, 'achieved'],
    [130, 'achieved'],
  ] as const)('value %d → %s', (value, status) => {
    expect(s(value)).toBe(status);
  });

  it('honours the precedence order', () => {
    expect(s(100, at('2025-03-01'), '2025-03-01')).toBe('achieved'); // even before the start
    expect(s(0, null, '2025-03-01')).toBe('not_started');
    expect(s(90, at('2025-03-28'), '2025-03-28')).toBe('behind'); // the due date is still in time
    expect(s(90, at('2025-03-28'), '2025-03-29')).toBe('overdue');
    expect(s(95, at('2025-03-28'), '2025-03-28', { judgeAt: 'asOf' })).toBe('behind');
    expect(s(90, at('2025-03-05'), '2025-04-30')).toBe('overdue'); // overdue beats stale
    expect(s(10, at('2025-03-06'), '2025-03-14')).toBe('stale'); // 8 days > 7, stale beats at_risk
    expect(s(10, at('2025-03-07'), '2025-03-14')).not.toBe('stale'); // 7 days is fine
    expect(s(0, null, '2025-03-10')).toBe('on_track'); // nothing reported, first report not due yet
    expect(s(0, null, '2025-03-10', { judgeAt: 'asOf' })).toBe('at_risk');
    expect(s(0, null, '2025-03-11')).toBe('stale'); // 8 days since start, no report
  });

  it('makes the bands configurable', () => {
    const opts = { onTrackFrom: 0.9, atRiskBelow: 0.5 };
    expect(targetStatus(base, { value: 46, lastUpdate: at(asOf) }, asOf, wk)).toBe('behind');
    expect(targetStatus(base, { value: 46, lastUpdate: at(asOf) }, asOf, wk, opts)).toBe('on_track');
    expect(targetStatus(base, { value: 40, lastUpdate: at(asOf) }, asOf, wk, opts)).toBe('behind');
  });

  it('judges pace on the day of the last report, within the reporting interval', () => {
    // Friday's report covers Monday to Thursday: 4 working days, 20 expected.
    const input = { value: 20, lastUpdate: at('2025-03-07') };
    expect(paceDate(base, input.lastUpdate, '2025-03-13')).toBe('2025-03-06');
    expect(targetStatus(base, input, '2025-03-13', wk)).toBe('on_track');
    expect(targetStatus(base, input, '2025-03-13', wk, { judgeAt: 'asOf' })).toBe('at_risk');
    // Never judged on news older than the interval: by the 14th, the 6th must be covered.
    expect(paceDate(base, at('2025-03-03'), '2025-03-14')).toBe('2025-03-06');
    // An instant late in the evening UTC is the next day in China.
    expect(paceDate(base, '2025-03-07T17:00:00Z', '2025-03-13')).toBe('2025-03-07');
    expect(paceDate(base, at('2025-03-07'), '2025-03-13', { judgeAt: 'asOf' })).toBe('2025-03-13');
  });

  it('lets a slowing run-rate pull a target on plan down to behind, and a stall to at risk', () => {
    // 2025-01-06 (Mon) to 2025-03-28 (Fri): 60 working days, 120 to do, 2 a day.
    const t = { ...base, startDate: '2025-01-06', dueDate: '2025-03-28', targetValue: 120 };
    const asOf = '2025-03-01'; // Saturday's report covers to Friday the 28th: 40 working days, 80 expected
    const slowing = [
      { date: '2025-01-31', value: 50 },
      { date: '2025-02-14', value: 80 },
      { date: '2025-02-28', value: 80 },
    ];
    const a = assessTarget(t, { value: 80, lastUpdate: at(asOf), series: slowing }, asOf, wk);
    expect(a.paceRatio).toBe(1);
    expect(a.forecast.runRate).toBe(1.5); // (80 − 50) over the last 20 working days
    expect(a.forecast.projectedCompletion).toBe(addWorkingDays('2025-02-28', 27, wk)); // 40 / 1.5 → 27
    expect(a.forecast.forecastRatio).toBeCloseTo(60 / 67, 10);
    expect(a.status).toBe('behind');

    const stalled = [{ date: '2025-01-31', value: 80 }];
    const b = assessTarget(t, { value: 80, lastUpdate: at(asOf), series: stalled }, asOf, wk);
    expect(b.forecast.runRate).toBe(0);
    expect(b.forecast.projectedCompletion).toBeNull();
    expect(b.forecast.finishesLate).toBe(true);
    expect(b.status).toBe('at_risk');
    expect(
      assessTarget(t, { value: 80, lastUpdate: at(asOf), series: stalled }, asOf, wk, { forecastAffectsStatus: false })
        .status,
    ).toBe('on_track');
  });

  it('handles a target that goes down', () => {
    const t = { ...base, measureKind: 'reading' as const, direction: 'down' as const, baseline: 100, targetValue: 60 };
    expect(targetStatus(t, { value: 80, lastUpdate: at(asOf) }, asOf, wk)).toBe('on_track');
    expect(targetStatus(t, { value: 90, lastUpdate: at(asOf) }, asOf, wk)).toBe('at_risk');
    expect(targetStatus(t, { value: 59, lastUpdate: at(asOf) }, asOf, wk)).toBe('achieved');
  });

  it('counts statuses', () => {
    const c = statusCounts(['on_track', 'behind', 'on_track']);
    expect(c.on_track).toBe(2);
    expect(c.behind).toBe(1);
    expect(c.stale).toBe(0);
  });
});

describe('ceilings', () => {
  const ceil = { ...base, measureKind: 'ceiling' as const, direction: 'down' as const, baseline: 0, targetValue: 50 };
  const asOf = '2025-03-14';
  it.each([
    [20, asOf, 'on_track'], // 2 a day → 40 at due
    [30, asOf, 'behind'], // 3 a day → 60 at due
    [51, asOf, 'at_risk'], // over now
    [45, '2025-03-29', 'achieved'], // stayed under to the end
    [55, '2025-03-29', 'overdue'],
    [0, '2025-03-02', 'not_started'],
  ] as const)('value %d on %s → %s', (value, when, status) => {
    expect(targetStatus(ceil, { value, lastUpdate: at(minDate(when, asOf)) }, when, wk)).toBe(status);
  });

  it('is never achieved while the period runs', () => {
    expect(targetStatus(ceil, { value: 0, lastUpdate: at(asOf) }, asOf, wk)).toBe('on_track');
  });

  it('reports the allowance left per working day', () => {
    const f = forecast(ceil, { value: 20, lastUpdate: at('2025-03-15') }, '2025-03-15', wk);
    expect(f.requiredRate).toBe(3);
    expect(f.projectedValueAtDue).toBe(40);
    expect(f.projectedCompletion).toBeNull();
  });
});

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

describe('forecast', () => {
  const asOf = '2025-03-15'; // a Saturday report, covering to Friday the 14th

  it('projects completion from the run-rate and gives the rate still needed', () => {
    const f = forecast(base, { value: 46, lastUpdate: at(asOf) }, asOf, wk);
    expect(f.runRate).toBeCloseTo(4.6, 10);
    expect(f.windowWorkingDays).toBe(10);
    expect(f.projectedCompletion).toBe('2025-04-01'); // 54 / 4.6 → 12 working days
    expect(f.forecastRatio).toBeCloseTo(20 / 22, 10);
    expect(f.finishesLate).toBe(true);
    expect(f.requiredRate).toBeCloseTo(5.4, 10); // 需每工作日完成 5.4 人
    expect(f.projectedValueAtDue).toBeCloseTo(92, 10);
  });

  it('measures progress in the direction of the target', () => {
    const t = { ...base, measureKind: 'reading' as const, direction: 'down' as const, baseline: 100, targetValue: 60 };
    const f = forecast(t, { value: 90, lastUpdate: at(asOf) }, asOf, wk);
    expect(f.runRate).toBe(1);
    expect(f.requiredRate).toBe(3);
    expect(f.projectedCompletion).toBe(addWorkingDays('2025-03-14', 30, wk));
  });

  it('returns null where nothing can be computed', () => {
    const none = forecast(base, { value: 0, lastUpdate: null }, '2025-03-01', wk);
    expect(none.runRate).toBeNull();
    expect(none.projectedCompletion).toBeNull();
    expect(none.finishesLate).toBe(false);
    const done = forecast(base, { value: 100, lastUpdate: at(asOf) }, asOf, wk);
    expect(done.projectedCompletion).toBeNull();
    expect(done.requiredRate).toBeNull();
    expect(done.forecastRatio).toBeNull();
    const stalled = forecast(base, { value: 0, lastUpdate: at(asOf) }, asOf, wk);
    expect(stalled.projectedCompletion).toBeNull();
    expect(stalled.forecastRatio).toBe(0);
    const pastDue = forecast(base, { value: 50, lastUpdate: at('2025-03-29') }, '2025-04-02', wk);
    expect(pastDue.requiredRate).toBeNull();
    expect(pastDue.projectedValueAtDue).toBeNull();
    const crawl = forecast({ ...base, targetValue: 1e9 }, { value: 1, lastUpdate: at(asOf) }, asOf, wk);
    expect(crawl.projectedCompletion).toBeNull(); // beyond the ten-year horizon
    expect(crawl.finishesLate).toBe(true);
  });

  it('widens the window to two reporting intervals', () => {
    const monthly = {
      ...base,
      startDate: '2025-01-01',
      dueDate: '2025-12-31',
      targetValue: 1200,
      reportingIntervalDays: 30,
    };
    const series = [
      { date: '2025-04-30', value: 300 },
      { date: '2025-05-30', value: 400 },
      { date: '2025-06-30', value: 500 },
    ];
    const f = forecast(monthly, { value: 500, lastUpdate: at('2025-07-01'), series }, '2025-07-03', wk);
    expect(f.fromDate).toBe('2025-06-30');
    expect(f.windowWorkingDays).toBe(43); // ceil(2 × 30 × 5 / 7)
    // 43 working days before 2025-06-30 is 2025-04-30: two reports of 100 in 43 working days.
    expect(f.runRate).toBeCloseTo(200 / 43, 10);
  });

  it('counts working days of the China calendar', () => {
    const t = { ...base, startDate: '2025-09-01', dueDate: '2025-10-31', targetValue: 100 };
    const f = forecast(t, { value: 23, lastUpdate: at('2025-10-01') }, '2025-10-01');
    // September 2025 has 23 working days (22 weekdays and make-up Sunday the 28th); 1 a day.
    expect(f.runRate).toBe(1);
    // 77 more: October 9–10, 11 (make-up Saturday), then weekdays.
    expect(f.projectedCompletion).toBe(addWorkingDays('2025-09-30', 77));
    expect(f.projectedCompletion).toBe('2026-01-23');
    expect(addWorkingDays('2025-09-30', 3)).toBe('2025-10-11');
  });
});

describe('halfwayCheck (时间过半、任务过半)', () => {
  it('flags only past half the time and under half done', () => {
    expect(halfwayCheck(base, 10, '2025-03-14', wk).flagged).toBe(false); // exactly half the time
    expect(halfwayCheck(base, 40, '2025-03-17', wk)).toEqual({
      flagged: true,
      elapsed: 0.55,
      progress: 0.4,
      applicable: true,
    });
    expect(halfwayCheck(base, 50, '2025-03-17', wk).flagged).toBe(false);
    expect(halfwayCheck(base, 100, '2025-04-30', wk).flagged).toBe(false);
    expect(halfwayCheck(base, 40, '2025-04-30', wk).flagged).toBe(true); // overdue and under half
  });

  it('works for targets that go down and skips ceilings', () => {
    const down = {
      ...base,
      measureKind: 'reading' as const,
      direction: 'down' as const,
      baseline: 100,
      targetValue: 60,
    };
    expect(halfwayCheck(down, 85, '2025-03-17', wk).flagged).toBe(true);
    expect(halfwayCheck(down, 80, '2025-03-17', wk).flagged).toBe(false);
    const ceil = { ...base, measureKind: 'ceiling' as const };
    expect(halfwayCheck(ceil, 0, '2025-03-17', wk)).toMatchObject({ flagged: false, applicable: false });
  });

  it('counts the year in working days of the China calendar', () => {
    const year = { ...base, startDate: '2025-01-01', dueDate: '2025-12-31', targetValue: 1000 };
    const half = addWorkingDays('2024-12-31', 124); // the 124th of 248 working days
    expect(halfwayCheck(year, 400, half).flagged).toBe(false);
    expect(halfwayCheck(year, 400, addDays(half, 2)).flagged).toBe(false); // Sunday: still 124
    expect(halfwayCheck(year, 400, addDays(half, 3)).flagged).toBe(true);
    expect(half).toBe('2025-07-04');
  });
});

// ---------- properties ----------

const dateArb = (from: string, to: string) =>
  fc.integer({ min: dayNumber(from), max: dayNumber(to) }).map(fromDayNumber);

const upTargetArb = fc
  .record({
    start: dateArb('2023-01-01', '2027-06-30'),
    length: fc.integer({ min: 0, max: 500 }),
    baseline: fc.integer({ min: 0, max: 1000 }),
    gain: fc.integer({ min: 1, max: 100_000 }),
    ms: fc.array(fc.tuple(fc.integer({ min: 0, max: 500 }), fc.double({ min: 0, max: 1, noNaN: true })), {
      maxLength: 6,
    }),
  })
  .map(({ start, length, baseline, gain, ms }): Target => {
    const due = addDays(start, length);
    // Milestone values rise with their dates, between baseline and target.
    const fracs = ms.map(([, f]) => f).sort((a, b) => a - b);
    const days = ms.map(([d]) => d % (length + 1)).sort((a, b) => a - b);
    return {
      ...base,
      startDate: start,
      dueDate: due,
      baseline,
      targetValue: baseline + gain,
      milestones: days.map((d, i) => ({ date: addDays(start, d), value: baseline + gain * (fracs[i] ?? 0) })),
    };
  });

describe('pace properties', () => {
  it('expected value never falls as time passes for up targets, and stays between baseline and target', () => {
    fc.assert(
      fc.property(upTargetArb, dateArb('2022-12-01', '2029-01-31'), fc.integer({ min: 0, max: 400 }), (t, d1, step) => {
        const d2 = addDays(d1, step);
        const e1 = expectedValue(t, d1, chinaCalendar);
        const e2 = expectedValue(t, d2, chinaCalendar);
        expect(e2).toBeGreaterThanOrEqual(e1 - 1e-9 * Math.abs(t.targetValue));
        expect(e1).toBeGreaterThanOrEqual(t.baseline - 1e-9);
        expect(e1).toBeLessThanOrEqual(t.targetValue + 1e-9);
      }),
      { numRuns: 400 },
    );
  });

  it('without milestones, expected value follows the share of working time elapsed', () => {
    fc.assert(
      fc.property(upTargetArb, dateArb('2022-12-01', '2029-01-31'), (t0, d) => {
        const t = { ...t0, milestones: [] };
        const total = workingDaysInRange(t.startDate, t.dueDate);
        if (d < t.startDate || d >= t.dueDate || total === 0) return;
        const share = workingDaysInRange(t.startDate, d) / total;
        expect(expectedValue(t, d)).toBeCloseTo(t.baseline + (t.targetValue - t.baseline) * share, 6);
      }),
    );
  });

  it('status is total and achieved wins', () => {
    fc.assert(
      fc.property(
        upTargetArb,
        fc.double({ min: -1000, max: 200_000, noNaN: true }),
        dateArb('2022-12-01', '2029-01-31'),
        fc.option(dateArb('2022-12-01', '2029-01-31'), { nil: null }),
        (t, value, asOf, last) => {
          const a = assessTarget(t, { value, lastUpdate: last }, asOf);
          if (value >= t.targetValue) expect(a.status).toBe('achieved');
          else expect(a.status).not.toBe('achieved');
          if (a.statusRatio !== null && a.paceRatio !== null) expect(a.statusRatio).toBeLessThanOrEqual(a.paceRatio);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('runRateWindow', () => {
  it('names the one day forecast reads from a series, so a single point gives the same forecast', () => {
    const target = {
      measureKind: 'cumulative' as const,
      direction: 'up' as const,
      baseline: 0,
      targetValue: 500,
      startDate: '2025-01-01',
      dueDate: '2025-12-31',
      reportingIntervalDays: 7,
    };
    const events = Array.from({ length: 40 }, (_, i) => ({
      id: `e${i}`,
      kind: 'increment' as const,
      value: i < 20 ? 2 : 5,
      occurredAt: new Date(Date.UTC(2025, 0, 2 + i * 4, 2)).toISOString(),
    }));
    const asOf = '2025-06-10';
    const series = valueSeries(target, events, { from: '2025-01-01', to: asOf, bucket: 'day' });
    const value = series.at(-1)!.value;
    const lastUpdate = events.at(-1)!.occurredAt;
    const w = runRateWindow(target, lastUpdate, asOf);
    expect(w.start).not.toBeNull();
    const point = series.find((p) => p.date === w.start)!;
    expect(forecast(target, { value, lastUpdate, series: [point] }, asOf)).toEqual(
      forecast(target, { value, lastUpdate, series }, asOf),
    );
    // Too early for a window: the average since the start, no series needed.
    expect(runRateWindow(target, '2025-01-10T00:00:00Z', '2025-01-12').start).toBeNull();
  });
});
