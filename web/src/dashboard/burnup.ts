import {
  addDays,
  dayNumber,
  expectedValue,
  fromDayNumber,
  planPoints,
  startOfNextMonth,
  type PlanOf,
  type SeriesPoint,
  type TargetState,
} from '@luoshi/shared';
import { withOrigin } from '../targets/series';

/** One x position of the burn-up chart; each line reads its own field and skips the rows without it. */
export interface BurnupRow {
  /** Day number (days since 1970-01-01), so the x axis is a true time scale. */
  day: number;
  date: string;
  actual?: number;
  plan?: number;
  forecast?: number;
}

export interface Burnup {
  rows: BurnupRow[];
  domain: [number, number];
  /** First day of every month in the domain, for the axis ticks. */
  ticks: number[];
}

type BurnupTarget = PlanOf &
  Pick<TargetState, 'value' | 'forecastDate' | 'projectedValueAtDue' | 'targetValue' | 'measureKind'>;

/**
 * The planned path sampled every week and at every plan point, so the working-day pace
 * (flat over 春节 and 国庆, steps at milestones) shows on a calendar axis.
 */
export function planLine(t: PlanOf): SeriesPoint[] {
  const out = new Map<string, number>();
  const from = addDays(t.startDate, -1);
  for (let d = from; d <= t.dueDate; d = addDays(d, 7)) out.set(d, expectedValue(t, d));
  for (const p of planPoints(t)) out.set(p.date, p.date < t.startDate ? t.baseline : expectedValue(t, p.date));
  out.set(t.dueDate, t.targetValue);
  return [...out].map(([date, value]) => ({ date, value })).sort((a, b) => (a.date < b.date ? -1 : 1));
}

/**
 * The forecast: from today's value at the recent run-rate, to the day the target is reached
 * when that is on or before the due date, else to the value projected at the due date.
 * Nothing after the due date, and nothing for ceilings (there is nothing to finish).
 */
export function forecastLine(t: BurnupTarget, asOf: string): SeriesPoint[] {
  if (t.measureKind === 'ceiling' || asOf >= t.dueDate) return [];
  if (t.forecastDate && t.forecastDate <= t.dueDate && t.forecastDate > asOf) {
    return [
      { date: asOf, value: t.value },
      { date: t.forecastDate, value: t.targetValue },
    ];
  }
  if (t.projectedValueAtDue === null) return [];
  return [
    { date: asOf, value: t.value },
    { date: t.dueDate, value: t.projectedValueAtDue },
  ];
}

/**
 * Shapes the chart: actual series (from the baseline on the start date, carried flat to
 * today), the plan line and the forecast: the series response's when it sends them, else
 * computed here with the same shared functions (planPoints on the working-day calendar).
 */
export function burnupData(
  t: BurnupTarget,
  points: readonly SeriesPoint[],
  asOf: string,
  fromApi: { expected?: readonly SeriesPoint[]; forecast?: readonly SeriesPoint[] } = {},
): Burnup {
  const rows = new Map<string, BurnupRow>();
  const row = (date: string): BurnupRow => {
    let r = rows.get(date);
    if (!r) rows.set(date, (r = { day: dayNumber(date), date }));
    return r;
  };
  const actual = withOrigin([...points], t.startDate, t.baseline);
  for (const p of actual) row(p.date).actual = p.value;
  const last = actual.at(-1);
  const today = asOf < t.startDate ? t.startDate : asOf;
  if (last && last.date < today) row(today).actual = last.value;
  const plan =
    fromApi.expected && fromApi.expected.length > 0
      ? withOrigin([...fromApi.expected], addDays(t.startDate, -1), t.baseline)
      : planLine(t);
  for (const p of plan) row(p.date).plan = p.value;
  const fc = fromApi.forecast ?? forecastLine(t, asOf);
  for (const p of fc) row(p.date).forecast = p.value;

  const sorted = [...rows.values()].sort((a, b) => a.day - b.day);
  const lo = Math.min(dayNumber(addDays(t.startDate, -1)), sorted[0]?.day ?? Infinity);
  const hi = Math.max(dayNumber(t.dueDate), sorted.at(-1)?.day ?? -Infinity);
  const ticks: number[] = [];
  for (let d = startOfNextMonth(fromDayNumber(lo)); dayNumber(d) <= hi; d = startOfNextMonth(d))
    ticks.push(dayNumber(d));
  return { rows: sorted, domain: [lo, hi], ticks };
}
