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

/** The plot a burn-up is drawn into: its size in CSS pixels and the value axis's range. */
export interface PlotBox {
  width: number;
  height: number;
  yDomain: readonly [number, number];
}

/**
 * The chart's rows cut to what its plot can show (issue 18.9). A daily series is a row a day,
 * ~365 of them with the plan line, for a plot 250–1,100 px wide, and Recharts' drawing time
 * grows with rows (on a slow phone, a cold target page waits for it). Nothing visible goes:
 *  - the actual values are drawn as steps (stepAfter), so only the days the value changes
 *    draw anything: those are kept, with the first and the last day (carried to today); with
 *    more changes than pixel columns, the last change in each column;
 *  - the plan line keeps the points that bend it by half a pixel or more (Ramer–Douglas–Peucker
 *    in screen pixels; the working-day pace is straight between holidays and milestones);
 *  - the forecast (two points) as it is.
 * Rows then carry only the values of the days kept; the lines join across the gaps (connectNulls).
 */
export function fitToPlot(b: Burnup, plot: PlotBox): Burnup {
  const [x0, x1] = b.domain;
  const [y0, y1] = plot.yDomain;
  const px = (day: number): number => ((day - x0) / Math.max(1, x1 - x0)) * plot.width;
  const py = (v: number): number => ((v - y0) / (y1 - y0 || 1)) * plot.height;
  const series = (key: 'actual' | 'plan' | 'forecast'): BurnupRow[] => b.rows.filter((r) => r[key] !== undefined);

  const actual = series('actual');
  const steps = actual.filter((r, i) => i === 0 || i === actual.length - 1 || r.actual !== actual[i - 1]!.actual);
  const keptActual: BurnupRow[] = [];
  for (const r of steps) {
    const prev = keptActual.at(-1);
    // The same pixel column as the change before it: the later one stands for both (never the first or the last day).
    if (prev && prev !== steps[0] && r !== steps.at(-1) && Math.floor(px(prev.day)) === Math.floor(px(r.day))) keptActual.pop();
    keptActual.push(r);
  }
  const plan = series('plan');
  const keptPlan = simplify(plan.map((r) => ({ row: r, x: px(r.day), y: py(r.plan!) })), 0.5).map((p) => p.row);

  const rows = new Map<number, BurnupRow>();
  const put = (r: BurnupRow, key: 'actual' | 'plan' | 'forecast'): void => {
    let out = rows.get(r.day);
    if (!out) rows.set(r.day, (out = { day: r.day, date: r.date }));
    out[key] = r[key];
  };
  for (const r of keptActual) put(r, 'actual');
  for (const r of keptPlan) put(r, 'plan');
  for (const r of series('forecast')) put(r, 'forecast');
  return { ...b, rows: [...rows.values()].sort((a, c) => a.day - c.day) };
}

/** Ramer–Douglas–Peucker: the points a polyline needs to stay within `tolerance` (same units as x, y). */
function simplify<P extends { x: number; y: number }>(points: readonly P[], tolerance: number): P[] {
  if (points.length <= 2) return [...points];
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [from, to] = stack.pop()!;
    const a = points[from]!;
    const c = points[to]!;
    const dx = c.x - a.x;
    const dy = c.y - a.y;
    const len = Math.hypot(dx, dy) || 1;
    let worst = -1;
    let at = -1;
    for (let i = from + 1; i < to; i++) {
      const p = points[i]!;
      const d = Math.abs(dy * (p.x - a.x) - dx * (p.y - a.y)) / len;
      if (d > worst) [worst, at] = [d, i];
    }
    if (worst >= tolerance) {
      keep[at] = 1;
      stack.push([from, at], [at, to]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

/**
 * The month ticks that fit side by side, as Recharts' `interval="preserveStartEnd"` chooses
 * them (the first and the last always, the rest from the start when they clear their
 * neighbours by `gap`), but from estimated label widths instead of measuring every label in
 * the page, a forced layout each (issue 18.9). `x` places a tick on the plot (0…plotWidth).
 */
export function fitTicks(
  ticks: readonly number[],
  x: (tick: number) => number,
  labelWidth: (tick: number) => number,
  plotWidth: number,
  gap: number,
): number[] {
  if (ticks.length <= 1) return [...ticks];
  const last = ticks.at(-1)!;
  // The last label is kept inside the plot; the others must end `gap` before it starts.
  const tailStart = Math.min(x(last) + labelWidth(last) / 2, plotWidth) - labelWidth(last);
  const out: number[] = [];
  let end = -Infinity;
  for (const [i, tick] of ticks.slice(0, -1).entries()) {
    const w = labelWidth(tick);
    const start = i === 0 ? Math.max(0, x(tick) - w / 2) : x(tick) - w / 2; // the first kept inside too
    if (i > 0 && start < end + gap) continue;
    if (start + w > tailStart - gap) continue;
    out.push(tick);
    end = start + w;
  }
  out.push(last);
  return out;
}

/** A 12px month label's width: CJK characters ~12 px, digits and Latin letters ~7 px. */
export function monthLabelWidth(label: string): number {
  let w = 0;
  for (const ch of label) w += /[\u3000-\u9fff]/.test(ch) ? 12 : 7;
  return w;
}
