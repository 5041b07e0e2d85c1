import { chinaDate, daysBetween, isYmd } from '@luoshi/shared';

/**
 * The one clock the server judges "today" by: statuses and pace (read routes, live deltas,
 * socket snapshots), the future-event check at the HTTP door and at ingest, the scheduler
 * and the demo. Injected everywhere instead of `new Date()`, so tests and a demo run
 * (DEMO_TODAY) can be placed on any date and every part agrees which day it is.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/**
 * A clock that runs at normal speed from `day` (China date) at the present China time of
 * day: started at 10:15 on 6 December with day 2027-03-15, it reads 2027-03-15 10:15 and
 * ticks on, past midnight included. Throws a RangeError on a day that is not YYYY-MM-DD.
 */
export function clockFrom(day: string, real: () => number = Date.now): Clock {
  if (!isYmd(day)) throw new RangeError(`not a date (YYYY-MM-DD): ${JSON.stringify(day)}`);
  const offsetMs = daysBetween(chinaDate(real())!, day) * 86_400_000;
  return () => new Date(real() + offsetMs);
}
