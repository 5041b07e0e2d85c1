import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import {
  addDays,
  expectedValue,
  minYmd,
  planPoints,
  ratioValue,
  startOfMonth,
  startOfNextMonth,
  startOfWeek,
  type SeriesBucket,
  type SeriesBucketPoint,
  type SeriesPoint,
  type SeriesResponse,
  type TargetState,
} from '@luoshi/shared';

/** Whole calendar buckets from the one holding `from` to the one holding `to`; the last ends at `to`. */
export function buckets(from: string, to: string, bucket: SeriesBucket): { start: string; end: string }[] {
  if (to < from) return [];
  const first = bucket === 'day' ? from : bucket === 'week' ? startOfWeek(from) : startOfMonth(from);
  const next = (d: string): string =>
    bucket === 'day' ? addDays(d, 1) : bucket === 'week' ? addDays(d, 7) : startOfNextMonth(d);
  const out: { start: string; end: string }[] = [];
  for (let start = first; start <= to; start = next(start))
    out.push({ start, end: minYmd(addDays(next(start), -1), to) });
  return out;
}

type DailyRow = { day: string; value: number };

/** The value at the end of each bucket from a target's daily rows (sorted by day). */
function stepValues(
  rows: readonly DailyRow[],
  grid: readonly { start: string; end: string }[],
  baseline: number,
): number[] {
  const out: number[] = [];
  let i = 0;
  let v = baseline;
  for (const b of grid) {
    while (i < rows.length && rows[i]!.day <= b.end) v = rows[i++]!.value;
    out.push(v);
  }
  return out;
}

async function dailyRows(db: Kysely<Database>, code: string, to: string): Promise<DailyRow[]> {
  const rows = await db
    .selectFrom('target_daily')
    .select(['day', 'value_end'])
    .where('target_code', '=', code)
    .where('day', '<=', to)
    .orderBy('day')
    .execute();
  return rows.map((r) => ({ day: r.day, value: r.value_end }));
}

/**
 * A target's chart: values per bucket from target_daily (never from events), the plan's
 * pace line over the same buckets up to the due date, and the run-rate forecast from
 * `state` (assessed as of `asOf`).
 */
export async function targetSeries(
  db: Kysely<Database>,
  state: TargetState,
  bucket: SeriesBucket,
  asOf: string,
): Promise<SeriesResponse> {
  const grid = buckets(state.startDate, asOf, bucket);
  let values: number[];
  if (state.ratioOf) {
    const { numerator, denominator } = state.ratioOf;
    const [n, d, base] = await Promise.all([
      dailyRows(db, numerator, asOf),
      dailyRows(db, denominator, asOf),
      db.selectFrom('targets').select(['code', 'baseline']).where('code', 'in', [numerator, denominator]).execute(),
    ]);
    const baselineOf = (code: string): number => base.find((b) => b.code === code)?.baseline ?? 0;
    const nv = stepValues(n, grid, baselineOf(numerator));
    const dv = stepValues(d, grid, baselineOf(denominator));
    values = grid.map((_, i) => ratioValue(nv[i]!, dv[i]!) ?? state.baseline);
  } else {
    values = stepValues(await dailyRows(db, state.code, asOf), grid, state.baseline);
  }
  const points: SeriesBucketPoint[] = grid.map((b, i) => ({ start: b.start, date: b.end, value: values[i]! }));
  const expected: SeriesBucketPoint[] = buckets(state.startDate, state.dueDate, bucket).map((b) => ({
    start: b.start,
    date: b.end,
    value: expectedValue(state, b.end),
  }));

  const forecast: SeriesPoint[] = [];
  const from = { date: state.paceDate, value: state.value };
  if (state.forecastDate !== null) forecast.push(from, { date: state.forecastDate, value: state.targetValue });
  else if (state.projectedValueAtDue !== null && state.status !== 'achieved') {
    forecast.push(from, { date: state.dueDate, value: state.projectedValueAtDue });
  }
  return { target: state.code, bucket, asOf, points, plan: planPoints(state), expected, forecast };
}
