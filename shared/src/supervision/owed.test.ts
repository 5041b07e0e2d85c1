import { describe, expect, it } from 'vitest';
import { weekdayCalendar } from '../calendar/calendar';
import { reportingCycles } from './cycles';
import { cancelledBy, judgeCycles, owedNow, sumTimeliness, timeliness } from './owed';

const weekly = reportingCycles({ startDate: '2026-03-02', dueDate: '2026-04-26' }, 'weekly', 2, weekdayCalendar);
const ctx = (asOf: string, over: Partial<{ finishedOn: string; cancelledOn: string }> = {}) => ({
  asOf,
  finishedOn: over.finishedOn ?? null,
  cancelledOn: over.cancelledOn ?? null,
});

describe('judgeCycles', () => {
  it('tells on-time, late, missing and open cycles apart and counts working days late', () => {
    // Cycles: 03-02..08 due 03-10; 03-09..15 due 03-17; 03-16..22 due 03-24; 03-23..29 due 03-31.
    const j = judgeCycles(weekly, ['2026-03-09', '2026-03-19'], ctx('2026-03-27'), weekdayCalendar);
    expect(j.map((c) => [c.start, c.outcome, c.reportedOn, c.daysLate])).toEqual([
      ['2026-03-02', 'on_time', '2026-03-09', 0],
      ['2026-03-09', 'late', '2026-03-19', 2],
      ['2026-03-16', 'on_time', '2026-03-19', 0],
      ['2026-03-23', 'open', null, 0],
    ]);
    const j2 = judgeCycles(weekly, ['2026-03-09'], ctx('2026-03-27'), weekdayCalendar);
    expect(j2.map((c) => [c.outcome, c.daysLate])).toEqual([
      ['on_time', 0],
      ['missing', 8],
      ['missing', 3],
      ['open', 0],
    ]);
    const active = { asOf: '2026-03-27', cancelledOn: null };
    expect(owedNow(j2, active).missing.map((c) => c.due)).toEqual(['2026-03-17', '2026-03-24']);
    expect(owedNow(j2, active).next?.due).toBe('2026-03-31');
  });

  it('ignores reports after asOf (a past day is judged as it stood)', () => {
    const j = judgeCycles(weekly, ['2026-03-30'], ctx('2026-03-12'), weekdayCalendar);
    expect(j.map((c) => c.outcome)).toEqual(['missing', 'open']);
  });

  it('excuses cycles after the target was finished, and those due after it was cancelled', () => {
    const f = judgeCycles(weekly, ['2026-03-04'], ctx('2026-04-30', { finishedOn: '2026-03-04' }), weekdayCalendar);
    expect(f[0]!.outcome).toBe('on_time');
    expect(f.slice(1).every((c) => c.outcome === 'excused')).toBe(true);
    const c = judgeCycles(weekly, [], ctx('2026-04-30', { cancelledOn: '2026-03-20' }), weekdayCalendar);
    expect(c.map((x) => x.outcome).slice(0, 4)).toEqual(['missing', 'missing', 'excused', 'excused']);
  });
});

describe('a target cancelled after it missed a cycle (docs/decisions.md)', () => {
  // Missed the weeks due 03-17 and 03-24 while active; cancelled on Thursday 03-26.
  const cancelledOn = '2026-03-26';
  const judged = (asOf: string) => judgeCycles(weekly, ['2026-03-09'], ctx(asOf, { cancelledOn }), weekdayCalendar);

  it('keeps the missed cycles in the history: they still count in that period’s 报送及时率', () => {
    const j = judged('2026-04-30');
    expect(j.filter((c) => c.outcome === 'missing').map((c) => c.due)).toEqual(['2026-03-17', '2026-03-24']);
    // Cycles due from the cancellation day on are owed by nobody.
    expect(j.filter((c) => c.due >= cancelledOn).every((c) => c.outcome === 'excused')).toBe(true);
    expect(timeliness(j)).toEqual({ owed: 3, onTime: 1, late: 0, missing: 2, rate: 1 / 3 });
    expect(timeliness(j, '2026-03-16', '2026-03-31').rate).toBe(0);
  });

  it('is owed by nobody from the cancellation day: no missing cycle and no next one to chase', () => {
    expect(owedNow(judged('2026-03-26'), { asOf: '2026-03-26', cancelledOn })).toEqual({ missing: [], next: null });
    expect(owedNow(judged('2026-04-30'), { asOf: '2026-04-30', cancelledOn })).toEqual({ missing: [], next: null });
    expect(cancelledBy(cancelledOn, '2026-03-26')).toBe(true);
    expect(cancelledBy(null, '2026-03-26')).toBe(false);
  });

  it('judged as of a day before the cancellation, it owed what it owed then', () => {
    const before = owedNow(judged('2026-03-25'), { asOf: '2026-03-25', cancelledOn });
    expect(before.missing.map((c) => c.due)).toEqual(['2026-03-17', '2026-03-24']);
    expect(cancelledBy(cancelledOn, '2026-03-25')).toBe(false);
  });
});

describe('timeliness (报送及时率)', () => {
  it('is on-time ÷ owed over cycles due in the period', () => {
    const j = judgeCycles(weekly, ['2026-03-09', '2026-03-19'], ctx('2026-03-27'), weekdayCalendar);
    expect(timeliness(j)).toEqual({ owed: 3, onTime: 2, late: 1, missing: 0, rate: 2 / 3 });
    expect(timeliness(j, '2026-03-11', '2026-03-20')).toEqual({ owed: 1, onTime: 0, late: 1, missing: 0, rate: 0 });
  });

  it('is null — not 0 — when a finished target owes nothing (the 0.0% bug)', () => {
    const j = judgeCycles(weekly, ['2026-02-27'], ctx('2026-04-30', { finishedOn: '2026-02-27' }), weekdayCalendar);
    expect(j.every((c) => c.outcome === 'excused')).toBe(true);
    const t = timeliness(j);
    expect(t.rate).toBeNull();
    expect(sumTimeliness([t, t]).rate).toBeNull();
  });

  it('sums counts and recomputes the rate (never an average of rates)', () => {
    const a = { owed: 1, onTime: 1, late: 0, missing: 0, rate: 1 };
    const b = { owed: 3, onTime: 0, late: 1, missing: 2, rate: 0 };
    expect(sumTimeliness([a, b])).toEqual({ owed: 4, onTime: 1, late: 1, missing: 2, rate: 0.25 });
  });
});
