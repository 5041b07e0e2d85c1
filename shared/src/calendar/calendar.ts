import { CHINA_HOLIDAY_YEARS } from './data/index';
import type { HolidayYear, WorkingCalendar } from './types';
import { dayNumber, fromDayNumber, isYmd, weekdayOfDayNumber } from './ymd';

/**
 * Working days of mainland China: Monday–Friday, minus the statutory holidays and 调休
 * days off, plus the 调休 make-up working days (weekends marked 上班) — all as data in
 * ./data, one file per year. Any day outside the years with data (before 2023, after 2027
 * today) falls back to plain Monday–Friday: a plan running into an unknown year is
 * counted a little generously (about 13 days a year) rather than failing.
 *
 * Counting is O(1): a prefix table over the covered days holds how far the true count
 * has drifted from the Monday–Friday count, so `workingDaysBetween` over a decade costs
 * the same as over a week.
 */

/** Monday–Friday days in [day 4, n) — day 4 (1970-01-05) is a Monday; negative for n < 4. */
function weekdaysBefore(n: number): number {
  const k = n - 4;
  const weeks = Math.floor(k / 7);
  const rest = k - weeks * 7; // 0..6, days into the week starting Monday
  return weeks * 5 + Math.min(rest, 5);
}

function isWeekdayNumber(n: number): boolean {
  const d = weekdayOfDayNumber(n);
  return d !== 0 && d !== 6;
}

/** Builds a calendar from holiday data. Throws on data that contradicts itself. */
export function createCalendar(years: readonly HolidayYear[]): WorkingCalendar {
  const off = new Set<number>();
  const on = new Set<number>();
  let lo = Infinity;
  let hi = -Infinity;
  for (const y of years) {
    lo = Math.min(lo, dayNumber(`${y.year}-01-01`));
    hi = Math.max(hi, dayNumber(`${y.year}-12-31`));
    for (const f of y.festivals) {
      for (const s of [f.from, f.to, ...f.makeUpWorkdays]) {
        if (!isYmd(s)) throw new RangeError(`${y.year} ${f.name}: bad date ${JSON.stringify(s)}`);
      }
      const a = dayNumber(f.from);
      const b = dayNumber(f.to);
      if (b < a) throw new RangeError(`${y.year} ${f.name}: ${f.to} is before ${f.from}`);
      for (let d = a; d <= b; d++) off.add(d);
      lo = Math.min(lo, a);
      hi = Math.max(hi, b);
      for (const s of f.makeUpWorkdays) {
        const d = dayNumber(s);
        if (isWeekdayNumber(d)) throw new RangeError(`${y.year} ${f.name}: make-up day ${s} is not a weekend`);
        on.add(d);
        lo = Math.min(lo, d);
        hi = Math.max(hi, d);
      }
    }
  }
  for (const d of on) {
    if (off.has(d)) throw new RangeError(`${fromDayNumber(d)} is both a day off and a make-up working day`);
  }

  const covered = Number.isFinite(lo);
  const isWorkingNumber = (n: number): boolean => {
    if (on.has(n)) return true;
    if (off.has(n)) return false;
    return isWeekdayNumber(n);
  };

  // drift[i] = (true working days) − (Monday–Friday days) over [lo, lo + i).
  const size = covered ? hi - lo + 1 : 0;
  const drift = new Int32Array(size + 1);
  for (let i = 0; i < size; i++) {
    const n = lo + i;
    drift[i + 1] = (drift[i] ?? 0) + (isWorkingNumber(n) ? 1 : 0) - (isWeekdayNumber(n) ? 1 : 0);
  }
  const driftBefore = (n: number): number => {
    if (!covered || n <= lo) return 0;
    if (n > hi) return drift[size] ?? 0;
    return drift[n - lo] ?? 0;
  };
  /** Working days in [day 4, n), so that count(a, b) = before(b) − before(a). */
  const before = (n: number): number => weekdaysBefore(n) + driftBefore(n);

  const yearList = [...new Set(years.map((y) => y.year))].sort((a, b) => a - b);
  const provisional = [...new Set(years.filter((y) => y.provisional).map((y) => y.year))].sort((a, b) => a - b);

  return {
    years: yearList,
    provisionalYears: provisional,
    isWorkingDay: (ymd) => isWorkingNumber(dayNumber(ymd)),
    workingDaysBetween: (startYmd, endYmd) => before(dayNumber(endYmd)) - before(dayNumber(startYmd)),
    addWorkingDays(ymd, n) {
      if (!Number.isInteger(n)) throw new RangeError(`addWorkingDays needs a whole number of days, got ${n}`);
      const d0 = dayNumber(ymd);
      if (n === 0) return ymd;
      if (n > 0) {
        // Smallest d > d0 with n working days in [d0 + 1, d + 1).
        const base = before(d0 + 1);
        const reached = (d: number): boolean => before(d + 1) - base >= n;
        let lo2 = d0 + 1;
        let hi2 = d0 + 2 * n + 14;
        while (!reached(hi2)) hi2 = d0 + (hi2 - d0) * 2;
        while (lo2 < hi2) {
          const mid = Math.floor((lo2 + hi2) / 2);
          if (reached(mid)) hi2 = mid;
          else lo2 = mid + 1;
        }
        return fromDayNumber(lo2);
      }
      // Largest d < d0 with |n| working days in [d, d0).
      const m = -n;
      const top = before(d0);
      const reached = (d: number): boolean => top - before(d) >= m;
      let lo2 = d0 - 2 * m - 14;
      let hi2 = d0 - 1;
      while (!reached(lo2)) lo2 = d0 - (d0 - lo2) * 2;
      while (lo2 < hi2) {
        const mid = Math.ceil((lo2 + hi2) / 2);
        if (reached(mid)) lo2 = mid;
        else hi2 = mid - 1;
      }
      return fromDayNumber(lo2);
    },
  };
}

/** Mainland China, 2023–2027 (2027 provisional until its notice is transcribed). */
export const chinaCalendar: WorkingCalendar = createCalendar(CHINA_HOLIDAY_YEARS);

/** Plain Monday–Friday, no holidays: for tests and for places without holiday data. */
export const weekdayCalendar: WorkingCalendar = createCalendar([]);

/** True when `ymd` is a working day. */
export function isWorkingDay(ymd: string, calendar: WorkingCalendar = chinaCalendar): boolean {
  return calendar.isWorkingDay(ymd);
}

/**
 * Working days d with `startYmd <= d < endYmd` — half-open, like `Array#slice`, so counts
 * add up: between(a, b) + between(b, c) = between(a, c), and between(a, a) = 0. Reversed
 * arguments give the negative count. For "from … to … inclusive" use `workingDaysInRange`.
 */
export function workingDaysBetween(
  startYmd: string,
  endYmd: string,
  calendar: WorkingCalendar = chinaCalendar,
): number {
  return calendar.workingDaysBetween(startYmd, endYmd);
}

/** Working days d with `fromYmd <= d <= toYmd`, both ends included; 0 when to < from. */
export function workingDaysInRange(fromYmd: string, toYmd: string, calendar: WorkingCalendar = chinaCalendar): number {
  if (toYmd < fromYmd) return 0;
  return calendar.workingDaysBetween(fromYmd, fromDayNumber(dayNumber(toYmd) + 1));
}

/**
 * The `n`-th working day after `ymd` (n > 0) or before it (n < 0); `ymd` itself when n = 0,
 * working day or not. The result is always a working day for n ≠ 0, and `ymd` itself is
 * never counted: from Friday 2025-09-26, +1 is Sunday 2025-09-28 (a make-up day);
 * from Saturday, +1 is Monday. Equivalently, for n > 0:
 * workingDaysInRange(ymd + 1 day, result) = n.
 */
export function addWorkingDays(ymd: string, n: number, calendar: WorkingCalendar = chinaCalendar): string {
  return calendar.addWorkingDays(ymd, n);
}

/** The latest working day on or before `ymd`. */
export function previousOrSameWorkingDay(ymd: string, calendar: WorkingCalendar = chinaCalendar): string {
  return calendar.isWorkingDay(ymd) ? ymd : calendar.addWorkingDays(ymd, -1);
}

/**
 * Share of the working days of the period [startYmd, endYmd] (both included) that have
 * passed by the END of `asOfYmd`: 0 before the start, 1 from the end date on, and on the
 * first working day 1/N. A day is counted as soon as it begins, so "today" counts as
 * elapsed — the dashboard asks "where should we be by tonight". A period without a single
 * working day jumps from 0 to 1 on its end date.
 */
export function workingTimeElapsed(
  startYmd: string,
  endYmd: string,
  asOfYmd: string,
  calendar: WorkingCalendar = chinaCalendar,
): number {
  if (asOfYmd < startYmd) return 0;
  if (asOfYmd >= endYmd) return 1;
  const total = workingDaysInRange(startYmd, endYmd, calendar);
  if (total <= 0) return 0;
  return workingDaysInRange(startYmd, asOfYmd, calendar) / total;
}
