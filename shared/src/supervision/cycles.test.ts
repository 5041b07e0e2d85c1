import { describe, expect, it } from 'vitest';
import { weekdayCalendar, chinaCalendar } from '../calendar/calendar';
import { reportingCycles, cycleDue, isCadence } from './cycles';

describe('reportingCycles', () => {
  it('cuts weekly cycles on Mondays, clipped to the target period, due N working days after', () => {
    // 2026-03-04 is a Wednesday; 2026-03-22 a Sunday.
    const cs = reportingCycles({ startDate: '2026-03-04', dueDate: '2026-03-22' }, 'weekly', 2, weekdayCalendar);
    expect(cs).toEqual([
      { start: '2026-03-04', end: '2026-03-08', due: '2026-03-10' },
      { start: '2026-03-09', end: '2026-03-15', due: '2026-03-17' },
      { start: '2026-03-16', end: '2026-03-22', due: '2026-03-24' },
    ]);
  });

  it('cuts fortnights from the Monday of the first week', () => {
    const cs = reportingCycles({ startDate: '2026-03-04', dueDate: '2026-04-05' }, 'biweekly', 1, weekdayCalendar);
    expect(cs.map((c) => [c.start, c.end])).toEqual([
      ['2026-03-04', '2026-03-15'],
      ['2026-03-16', '2026-03-29'],
      ['2026-03-30', '2026-04-05'],
    ]);
  });

  it('cuts calendar months and quarters, the last clipped to the due date', () => {
    const m = reportingCycles({ startDate: '2026-01-15', dueDate: '2026-03-20' }, 'monthly', 5, weekdayCalendar);
    expect(m.map((c) => [c.start, c.end])).toEqual([
      ['2026-01-15', '2026-01-31'],
      ['2026-02-01', '2026-02-28'],
      ['2026-03-01', '2026-03-20'],
    ]);
    const q = reportingCycles({ startDate: '2026-02-10', dueDate: '2026-12-31' }, 'quarterly', 5, weekdayCalendar);
    expect(q.map((c) => [c.start, c.end])).toEqual([
      ['2026-02-10', '2026-03-31'],
      ['2026-04-01', '2026-06-30'],
      ['2026-07-01', '2026-09-30'],
      ['2026-10-01', '2026-12-31'],
    ]);
  });

  it('counts the due rule on the China working-day calendar (National Day holiday is skipped)', () => {
    // September 2026 ends on a Wednesday; 1–7 October 2026 is the National Day holiday.
    expect(cycleDue('2026-09-30', 5, chinaCalendar) > '2026-10-07').toBe(true);
    expect(cycleDue('2026-09-30', 5, weekdayCalendar)).toBe('2026-10-07');
    // 0: the last day itself when it is a working day, else the working day before it.
    expect(cycleDue('2026-03-22', 0, weekdayCalendar)).toBe('2026-03-20');
  });

  it('has no cycles for a period that ends before it starts; knows its cadences', () => {
    expect(reportingCycles({ startDate: '2026-03-04', dueDate: '2026-03-01' }, 'weekly', 2)).toEqual([]);
    expect(isCadence('monthly')).toBe(true);
    expect(isCadence('daily')).toBe(false);
  });
});
