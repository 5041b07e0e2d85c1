import { addWorkingDays } from '../calendar/calendar';
import { chinaCalendar } from '../calendar/calendar';
import type { WorkingCalendar } from '../calendar/types';
import { addDays, dayNumber, fromDayNumber, maxYmd, minYmd, startOfNextMonth, startOfWeek } from '../calendar/ymd';

/**
 * Reporting cycles: how often a target must be reported on and by when.
 * A cycle is a run of calendar days [start, end] aligned to the calendar (weeks start on
 * Monday, fortnights on the Monday of the target's first week, months and quarters on the
 * 1st), clipped to the target's own [startDate, dueDate]. Its report is due by the end of
 * the `dueWorkingDays`-th working day after the cycle ends (by the working-day calendar),
 * so a weekly cycle ending on Sunday with dueWorkingDays 2 is due on Tuesday, and one
 * before a Golden Week holiday moves past it.
 */

export const CADENCES = ['weekly', 'biweekly', 'monthly', 'quarterly'] as const;
export type Cadence = (typeof CADENCES)[number];

export function isCadence(v: unknown): v is Cadence {
  return typeof v === 'string' && (CADENCES as readonly string[]).includes(v);
}

/** Working days after a cycle's last day by which its report is due: 0–20 (0 = on the last day, or the working day before it). */
export const MAX_DUE_WORKING_DAYS = 20;

export interface Cycle {
  /** First and last calendar day the cycle covers (China dates). */
  start: string;
  end: string;
  /** The last day a report for this cycle is on time. */
  due: string;
}

/** The first day of the cycle after the one holding `day` (unclipped). */
function nextBoundary(cadence: Cadence, day: string, anchorMonday: string): string {
  switch (cadence) {
    case 'weekly':
      return addDays(startOfWeek(day), 7);
    case 'biweekly': {
      const offset = (((dayNumber(day) - dayNumber(anchorMonday)) % 14) + 14) % 14;
      return fromDayNumber(dayNumber(day) - offset + 14);
    }
    case 'monthly':
      return startOfNextMonth(day);
    case 'quarterly': {
      let next = startOfNextMonth(day);
      while (Number(next.slice(5, 7)) % 3 !== 1) next = startOfNextMonth(next);
      return next;
    }
  }
}

export function cycleDue(end: string, dueWorkingDays: number, calendar: WorkingCalendar = chinaCalendar): string {
  const n = Math.max(0, Math.min(MAX_DUE_WORKING_DAYS, Math.floor(dueWorkingDays)));
  return n === 0 ? (calendar.isWorkingDay(end) ? end : addWorkingDays(end, -1, calendar)) : addWorkingDays(end, n, calendar);
}

/** Every cycle of a target from its start date to its due date, in order. */
export function reportingCycles(
  target: { startDate: string; dueDate: string },
  cadence: Cadence,
  dueWorkingDays: number,
  calendar: WorkingCalendar = chinaCalendar,
): Cycle[] {
  const out: Cycle[] = [];
  if (target.dueDate < target.startDate) return out;
  const anchor = startOfWeek(target.startDate);
  let start = target.startDate;
  // A guard against malformed input looping: 10 years of weekly cycles.
  while (start <= target.dueDate && out.length < 600) {
    const nextStart = nextBoundary(cadence, start, anchor);
    const end = minYmd(addDays(nextStart, -1), target.dueDate);
    out.push({ start: maxYmd(start, target.startDate), end, due: cycleDue(end, dueWorkingDays, calendar) });
    start = nextStart;
  }
  return out;
}
