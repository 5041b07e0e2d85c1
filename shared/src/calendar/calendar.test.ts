import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  chinaCalendar,
  createCalendar,
  isWorkingDay,
  previousOrSameWorkingDay,
  weekdayCalendar,
  workingDaysBetween,
  workingDaysInRange,
  workingTimeElapsed,
} from './calendar';
import { CHINA_HOLIDAY_YEARS } from './data/index';
import { addDays, dayOfWeek, fromDayNumber, dayNumber } from './ymd';

const range = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
};

describe('calendar facts', () => {
  it.each([
    ['2025-01-26', true, 'Sunday make-up day before 春节'],
    ['2025-02-08', true, 'Saturday make-up day after 春节'],
    ['2025-01-27', true, 'Monday before 除夕'],
    ['2025-01-28', false, '除夕 2025'],
    ['2025-02-04', false, '正月初七 2025'],
    ['2025-02-05', true, 'first day back'],
    ['2025-01-01', false, '元旦'],
    ['2025-04-27', true, 'Sunday make-up before 劳动节'],
    ['2025-06-02', false, '端午 补假 Monday'],
    ['2025-09-28', true, 'Sunday make-up before 国庆'],
    ['2025-10-11', true, 'Saturday make-up after 国庆'],
    ['2025-10-12', false, 'ordinary Sunday'],
    ['2024-02-04', true, 'Sunday make-up before 春节 2024'],
    ['2024-02-09', true, '除夕 2024 was a working day'],
    ['2024-02-18', true, 'Sunday make-up after 春节 2024'],
    ['2024-09-14', true, 'Saturday make-up before 中秋 2024'],
    ['2023-01-02', false, '元旦 补假 2023'],
    ['2023-10-07', true, 'Saturday make-up 2023'],
    ['2023-10-08', true, 'Sunday make-up 2023'],
    ['2026-01-02', false, '元旦 调休 2026'],
    ['2026-01-04', true, 'Sunday make-up 2026'],
    ['2026-02-14', true, 'Saturday make-up before 春节 2026'],
    ['2026-02-16', false, '除夕 2026'],
    ['2026-02-23', false, '正月初七 2026'],
    ['2026-02-24', true, 'first day back 2026'],
    ['2026-02-28', true, 'Saturday make-up after 春节 2026'],
    ['2026-04-06', false, '清明 补假 2026'],
    ['2026-09-20', true, 'Sunday make-up before 国庆 2026'],
    ['2027-02-09', false, '春节 补假 2027 (provisional)'],
    ['2027-10-05', false, '国庆 补假 2027 (provisional)'],
    ['2022-10-03', true, 'before the data: Monday–Friday fallback'],
    ['2028-01-01', false, 'after the data: a Saturday stays a weekend'],
    ['2028-01-03', true, 'after the data: Monday counts, no holiday known'],
  ])('%s working=%s (%s)', (ymd, working) => {
    expect(isWorkingDay(ymd)).toBe(working);
  });

  it('2025-10-01..08 are all days off', () => {
    expect(range('2025-10-01', '2025-10-08').every((d) => !isWorkingDay(d))).toBe(true);
    expect(workingDaysInRange('2025-09-29', '2025-10-12')).toBe(5); // 29, 30 Sep; 9, 10 and make-up Saturday 11 Oct
  });

  it('2026 Spring Festival is nine days off, 02-15..02-23', () => {
    expect(range('2026-02-15', '2026-02-23').filter((d) => isWorkingDay(d))).toEqual([]);
    expect(workingDaysInRange('2026-02-09', '2026-03-01')).toBe(5 + 1 + 4 + 1); // 9–13, 14 (Sat), 24–27, 28 (Sat)
  });

  it('counts working days per year', () => {
    const perYear = (y: number): number => workingDaysInRange(`${y}-01-01`, `${y}-12-31`);
    expect(perYear(2023)).toBe(249);
    expect(perYear(2024)).toBe(251);
    expect(perYear(2025)).toBe(248);
    expect(perYear(2026)).toBe(248);
    expect(perYear(2027)).toBe(248);
    expect(perYear(2028)).toBe(260); // no data: plain weekdays
  });

  it('marks 2027 as provisional and only 2027', () => {
    expect(chinaCalendar.years).toEqual([2023, 2024, 2025, 2026, 2027]);
    expect(chinaCalendar.provisionalYears).toEqual([2027]);
  });
});

describe('holiday data transcription', () => {
  for (const year of CHINA_HOLIDAY_YEARS) {
    describe(`${year.year} (${year.source})`, () => {
      it.each(year.festivals.map((f) => [f.name, f] as const))('%s adds up', (_name, f) => {
        // Every statutory day is a weekday off or is made up on one (补假); every extra
        // weekday off (调休) is paid back by one make-up day. So the balance is exact.
        const weekdaysOff = range(f.from, f.to).filter((d) => dayOfWeek(d) !== 0 && dayOfWeek(d) !== 6).length;
        expect(weekdaysOff - f.makeUpWorkdays.length).toBe(f.statutoryDays);
        for (const m of f.makeUpWorkdays) expect([0, 6]).toContain(dayOfWeek(m));
        // A make-up day sits within three weeks of its break.
        for (const m of f.makeUpWorkdays) {
          expect(
            Math.min(Math.abs(dayNumber(m) - dayNumber(f.from)), Math.abs(dayNumber(m) - dayNumber(f.to))),
          ).toBeLessThan(21);
        }
      });
      it('has the statutory days of its 放假办法', () => {
        const total = year.festivals.reduce((s, f) => s + f.statutoryDays, 0);
        expect(total).toBe(year.year >= 2025 ? 13 : 11);
      });
    });
  }

  it('refuses contradictory data', () => {
    const bad = (makeUp: string) => () =>
      createCalendar([
        {
          year: 2030,
          source: 't',
          provisional: true,
          festivals: [{ name: 'x', from: '2030-01-01', to: '2030-01-03', statutoryDays: 1, makeUpWorkdays: [makeUp] }],
        },
      ]);
    expect(bad('2030-01-07')).toThrow(/not a weekend/);
    expect(bad('2030-02-30')).toThrow(/bad date/);
  });
});

describe('counting', () => {
  it('workingDaysBetween is half-open and antisymmetric', () => {
    expect(workingDaysBetween('2025-03-03', '2025-03-03')).toBe(0);
    expect(workingDaysBetween('2025-03-03', '2025-03-10')).toBe(5);
    expect(workingDaysBetween('2025-03-10', '2025-03-03')).toBe(-5);
    expect(workingDaysInRange('2025-03-03', '2025-03-09')).toBe(5);
    expect(workingDaysInRange('2025-03-09', '2025-03-03')).toBe(0);
  });

  it('addWorkingDays skips days off and lands on make-up days', () => {
    expect(addWorkingDays('2025-09-26', 1)).toBe('2025-09-28'); // Friday → make-up Sunday
    expect(addWorkingDays('2025-09-30', 1)).toBe('2025-10-09'); // across the Golden Week
    expect(addWorkingDays('2025-10-09', -1)).toBe('2025-09-30');
    expect(addWorkingDays('2025-03-08', 1)).toBe('2025-03-10'); // from a Saturday
    expect(addWorkingDays('2025-03-08', -1)).toBe('2025-03-07');
    expect(addWorkingDays('2025-03-08', 0)).toBe('2025-03-08');
    expect(addWorkingDays('2025-01-02', 248)).toBe('2026-01-04'); // 247 left in 2025, then make-up Sunday 2026-01-04
    expect(() => addWorkingDays('2025-01-02', 1.5)).toThrow(RangeError);
  });

  it('previousOrSameWorkingDay', () => {
    expect(previousOrSameWorkingDay('2025-10-05')).toBe('2025-09-30');
    expect(previousOrSameWorkingDay('2025-10-09')).toBe('2025-10-09');
  });

  it('workingTimeElapsed counts asOf as elapsed', () => {
    expect(workingTimeElapsed('2025-03-03', '2025-03-07', '2025-03-02')).toBe(0);
    expect(workingTimeElapsed('2025-03-03', '2025-03-07', '2025-03-03')).toBe(0.2);
    expect(workingTimeElapsed('2025-03-03', '2025-03-07', '2025-03-05')).toBeCloseTo(0.6);
    expect(workingTimeElapsed('2025-03-03', '2025-03-07', '2025-03-07')).toBe(1);
    expect(workingTimeElapsed('2025-03-03', '2025-03-07', '2025-04-01')).toBe(1);
    expect(workingTimeElapsed('2025-10-01', '2025-10-08', '2025-10-03')).toBe(0); // no working day at all
  });

  it('does not depend on the host time zone', () => {
    // All arithmetic goes through Date.UTC; a date string never meets local time.
    expect(fromDayNumber(dayNumber('2025-03-30'))).toBe('2025-03-30');
    expect(workingDaysBetween('2025-03-28', '2025-04-01')).toBe(2);
  });
});

const dayArb = fc.integer({ min: dayNumber('2021-06-01'), max: dayNumber('2029-06-30') }).map(fromDayNumber);

describe('calendar properties', () => {
  it('workingDaysBetween is additive', () => {
    fc.assert(
      fc.property(dayArb, dayArb, dayArb, (a, b, c) => {
        expect(workingDaysBetween(a, b) + workingDaysBetween(b, c)).toBe(workingDaysBetween(a, c));
      }),
    );
  });

  it('workingDaysBetween agrees with counting day by day', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 0, max: 400 }), (a, len) => {
        const b = addDays(a, len);
        let n = 0;
        for (let d = a; d < b; d = addDays(d, 1)) if (isWorkingDay(d)) n++;
        expect(workingDaysBetween(a, b)).toBe(n);
      }),
      { numRuns: 60 },
    );
  });

  it('addWorkingDays lands on a working day exactly n working days away', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: -600, max: 600 }), (a, n) => {
        const r = addWorkingDays(a, n);
        if (n === 0) {
          expect(r).toBe(a);
        } else {
          expect(isWorkingDay(r)).toBe(true);
          if (n > 0) expect(workingDaysInRange(addDays(a, 1), r)).toBe(n);
          else expect(workingDaysBetween(r, a)).toBe(-n);
        }
      }),
    );
  });

  it('the weekday calendar is plain Monday–Friday', () => {
    fc.assert(
      fc.property(dayArb, (a) => {
        expect(weekdayCalendar.isWorkingDay(a)).toBe(dayOfWeek(a) !== 0 && dayOfWeek(a) !== 6);
      }),
    );
  });
});
