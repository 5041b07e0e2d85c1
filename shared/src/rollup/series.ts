import { addDays, chinaDayStartMs, isYmd, minYmd, startOfNextMonth, startOfWeek, startOfMonth } from '../calendar/ymd';
import type { FoldEvent } from './events';
import { addExact } from '../rules/decimal';
import { buildHistory, type FoldTargetOf } from './fold';

export type Bucket = 'day' | 'week' | 'month';

/** A target's value on a date: as of the end of that day in China time. */
export interface ValuePoint {
  date: string;
  value: number;
}

/** One bucket of a chart series: `date` is its last day (clamped to `to`), `start` its first. */
export interface BucketValue extends ValuePoint {
  start: string;
}

function nextBucketStart(start: string, bucket: Bucket): string {
  if (bucket === 'day') return addDays(start, 1);
  if (bucket === 'week') return addDays(start, 7);
  return startOfNextMonth(start);
}

function bucketStart(ymd: string, bucket: Bucket): string {
  if (bucket === 'day') return ymd;
  if (bucket === 'week') return startOfWeek(ymd);
  return startOfMonth(ymd);
}

/**
 * The value at the end of each day, week (Monday–Sunday) or calendar month between
 * `from` and `to` (inclusive, China dates), for charts. Buckets are whole calendar
 * periods: the first starts on or before `from`, and the last one's value is taken at
 * the end of `to` (its `date` is `to`). Day boundaries are midnight China time (UTC+8),
 * whatever the host's zone. The last point equals `foldTarget` when `to` is not before
 * the last event. Corrections sit where their original sits (see fold.ts).
 * Returns [] when `to` is before `from`.
 */
export function valueSeries(
  target: FoldTargetOf,
  events: readonly FoldEvent[],
  opts: { from: string; to: string; bucket: Bucket },
): BucketValue[] {
  const { from, to, bucket } = opts;
  if (!isYmd(from) || !isYmd(to)) throw new RangeError(`valueSeries needs YYYY-MM-DD dates, got ${from}..${to}`);
  if (to < from) return [];
  const history = buildHistory(target, events);
  const steps = history.steps;
  const out: BucketValue[] = [];
  let value = history.baseline;
  let i = 0;
  for (let start = bucketStart(from, bucket); start <= to; start = nextBucketStart(start, bucket)) {
    const last = minYmd(addDays(nextBucketStart(start, bucket), -1), to);
    const cutoff = chinaDayStartMs(addDays(last, 1));
    for (; i < steps.length; i++) {
      const s = steps[i];
      if (!s || s.at >= cutoff) break;
      value = history.mode === 'sum' ? addExact(value, s.value) : s.value;
    }
    out.push({ start, date: last, value });
  }
  return out;
}
