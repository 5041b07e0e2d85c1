import { Type, type Static } from '@sinclair/typebox';
import { chinaCalendar, workingDaysInRange } from '../calendar/calendar';
import type { WorkingCalendar } from '../calendar/types';
import { addDays } from '../calendar/ymd';
import type { Target } from '../domain/types';

/** The fields of a target that define its planned path. */
export type PlanOf = Pick<Target, 'baseline' | 'targetValue' | 'startDate' | 'dueDate' | 'milestones'>;

/** A point of the planned path: `value` is due by the END of `date`; `x` = working days from the start to then. */
export const PlanPointSchema = Type.Object({ date: Type.String(), x: Type.Number(), value: Type.Number() });
export type PlanPoint = Static<typeof PlanPointSchema>;

/**
 * The planned path: baseline before the start, each milestone by the end of its date,
 * targetValue by the end of the due date. Milestones dated before the start or on/after
 * the due date are ignored (the due date's value is always targetValue); two milestones
 * on one date: the one listed last wins.
 */
export function planPoints(target: PlanOf, calendar: WorkingCalendar = chinaCalendar): PlanPoint[] {
  const { startDate, dueDate } = target;
  const points: PlanPoint[] = [{ date: addDays(startDate, -1), x: 0, value: target.baseline }];
  const inside = target.milestones
    .map((m, i) => ({ m, i }))
    .filter(({ m }) => m.date >= startDate && m.date < dueDate)
    .sort((a, b) => (a.m.date < b.m.date ? -1 : a.m.date > b.m.date ? 1 : a.i - b.i));
  for (const { m } of inside) {
    const last = points[points.length - 1];
    const p = { date: m.date, x: workingDaysInRange(startDate, m.date, calendar), value: m.value };
    if (last && last.date === m.date) points[points.length - 1] = p;
    else points.push(p);
  }
  if (dueDate >= startDate) {
    points.push({ date: dueDate, x: workingDaysInRange(startDate, dueDate, calendar), value: target.targetValue });
  }
  return points;
}

/**
 * The value the plan expects by the END of `asOfYmd`, interpolated linearly in working
 * days between the plan points (baseline at the start, milestones, targetValue at due):
 * no progress is expected over a weekend or a holiday. Baseline before the start,
 * targetValue from the due date on. Where two plan points are the same number of working
 * days apart from the start (a milestone on a Sunday after one on the Friday), the value
 * steps on the later date.
 */
export function expectedValue(target: PlanOf, asOfYmd: string, calendar: WorkingCalendar = chinaCalendar): number {
  if (asOfYmd < target.startDate) return target.baseline;
  if (asOfYmd >= target.dueDate) return target.targetValue;
  const points = planPoints(target, calendar);
  let a = points[0];
  let b: PlanPoint | undefined;
  for (const p of points) {
    if (p.date <= asOfYmd) a = p;
    else {
      b = p;
      break;
    }
  }
  if (!a) return target.baseline;
  if (!b || b.x === a.x) return a.value;
  const x = workingDaysInRange(target.startDate, asOfYmd, calendar);
  return a.value + ((b.value - a.value) * (x - a.x)) / (b.x - a.x);
}
