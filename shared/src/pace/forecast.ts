import { addWorkingDays, chinaCalendar, previousOrSameWorkingDay, workingDaysInRange } from '../calendar/calendar';
import type { WorkingCalendar } from '../calendar/types';
import { addDays, chinaDate, minYmd } from '../calendar/ymd';
import type { Target } from '../domain/types';
import { isAchieved } from '../rollup/pct';
import type { ValuePoint } from '../rollup/series';
import { paceOptions, type PaceInput, type PaceOptions } from './input';

/** The fields of a target forecasting needs. */
export type ForecastTargetOf = Pick<
  Target,
  'measureKind' | 'direction' | 'baseline' | 'targetValue' | 'startDate' | 'dueDate' | 'reportingIntervalDays'
>;

export interface Forecast {
  /** The day the run-rate is measured up to and projected from (see PaceOptions.judgeAt). */
  fromDate: string;
  /**
   * Progress per working day over the recent window, in the target's direction: value
   * gained for a target above its baseline, value shed for one below (reducing 100 → 60:
   * going from 90 to 85 in 5 working days is +1). For a ceiling: value growth per working
   * day (how fast the allowance is being used). Null when no working day has passed.
   */
  runRate: number | null;
  /** Working days the run-rate was measured over; 0 when runRate is null. */
  windowWorkingDays: number;
  /**
   * The working day the target is reached at the run-rate, counted from `fromDate`.
   * Null when already achieved, when the run-rate is unknown, zero or negative, when
   * it lies beyond the horizon, and always for a ceiling (there is nothing to complete).
   */
  projectedCompletion: string | null;
  /** The value at the due date at the run-rate; null when the run-rate is unknown or fromDate is past due. */
  projectedValueAtDue: number | null;
  /**
   * Progress still needed per working day, counted from the day after asOf to the due
   * date inclusive, in the target's direction ("需每工作日完成 3.2 人"). For a ceiling: the
   * allowance left per working day (at most this much growth a day keeps it under).
   * Null when achieved (for a ceiling: when already over), or when no working day is left.
   */
  requiredRate: number | null;
  /**
   * The run-rate does not finish by the due date: the projection is after due, beyond the
   * horizon, or progress has stalled (run-rate <= 0). For a ceiling: it is over already
   * or is projected over at due. False when no working day has passed yet.
   */
  finishesLate: boolean;
  /**
   * Working days from start to due ÷ working days from start to the projected completion:
   * 1 finishes exactly on the due date, 0.8 needs a quarter more time than planned. It is
   * a pace ratio read off the forecast, comparable with the status bands. 0 when progress
   * has stalled or the completion is beyond the horizon; null when achieved, when no
   * working day has passed, and for ceilings.
   */
  forecastRatio: number | null;
}

/** +1 when progress means the value goes up, −1 when down; ceilings are measured raw (+1). */
export function progressSign(target: Pick<Target, 'measureKind' | 'direction' | 'baseline' | 'targetValue'>): 1 | -1 {
  if (target.measureKind === 'ceiling') return 1;
  if (target.targetValue > target.baseline) return 1;
  if (target.targetValue < target.baseline) return -1;
  return target.direction === 'down' ? -1 : 1;
}

const intervalDays = (t: Pick<Target, 'reportingIntervalDays'>): number =>
  Number.isFinite(t.reportingIntervalDays) && t.reportingIntervalDays > 0 ? Math.floor(t.reportingIntervalDays) : 0;

/**
 * The day pace is judged on. With judgeAt 'asOf': asOf. With 'lastUpdate' (default): a
 * report is taken to cover the work up to the end of the day BEFORE it was made (reports
 * are filed in the morning for yesterday or last week), so the day before the last
 * report's China date — but no earlier than asOf − (reportingIntervalDays + 1), the last
 * day a punctual reporter must have covered by now, and never after asOf. With no report
 * at all, that floor: nothing is expected of a new target until its first report is due,
 * and the day after that it turns stale.
 */
export function paceDate(
  target: Pick<Target, 'reportingIntervalDays'>,
  lastUpdate: string | null,
  asOfYmd: string,
  opts?: Partial<PaceOptions>,
): string {
  if (paceOptions(opts).judgeAt === 'asOf') return asOfYmd;
  const earliest = addDays(asOfYmd, -(intervalDays(target) + 1));
  const last = lastUpdate === null ? null : chinaDate(lastUpdate);
  const covered = last === null ? null : addDays(last, -1);
  return minYmd(covered !== null && covered > earliest ? covered : earliest, asOfYmd);
}

/** The value at the end of `ymd`: the latest point on or before it, else `fallback`. */
export function valueOn(series: readonly ValuePoint[], ymd: string, fallback: number): number {
  let best: ValuePoint | undefined;
  for (const p of series) if (p.date <= ymd && (!best || p.date > best.date)) best = p;
  return best ? best.value : fallback;
}

/**
 * The run-rate window `forecast` uses: working days elapsed from the start to the pace
 * date, the window length wanted, and `start`, the day whose end-of-day value the rate is
 * measured from — null when the average since the start is used instead (fewer than
 * `wanted` working days elapsed). `forecast` reads the series on that one day only, so a
 * caller holding daily rollups can look up just that value instead of a whole series.
 */
export function runRateWindow(
  target: Pick<Target, 'startDate' | 'reportingIntervalDays'>,
  lastUpdate: string | null,
  asOfYmd: string,
  calendar: WorkingCalendar = chinaCalendar,
  options?: Partial<PaceOptions>,
): { elapsed: number; wanted: number; start: string | null } {
  const opts = paceOptions(options);
  const from = paceDate(target, lastUpdate, asOfYmd, opts);
  const elapsed = workingDaysInRange(target.startDate, from, calendar);
  const wanted = Math.max(1, Math.floor(opts.windowWorkingDays), Math.ceil((2 * intervalDays(target) * 5) / 7));
  const start = elapsed > wanted ? addWorkingDays(previousOrSameWorkingDay(from, calendar), -wanted, calendar) : null;
  return { elapsed, wanted, start };
}

/**
 * Run-rate forecast. The run-rate is measured over the last W working days up to the
 * pace date (W = max(windowWorkingDays, two reporting intervals at 5 working days a
 * week)), using `input.series` for the value W working days back; when fewer than W
 * working days have passed since the start, or no series is given, it is the average
 * since the start (from the baseline). Projections start from the pace date's value,
 * which is `input.value` (nothing was reported after it).
 */
export function forecast(
  target: ForecastTargetOf,
  input: PaceInput,
  asOfYmd: string,
  calendar: WorkingCalendar = chinaCalendar,
  options?: Partial<PaceOptions>,
): Forecast {
  const opts = paceOptions(options);
  const { baseline: b, targetValue: t, startDate, dueDate } = target;
  const ceiling = target.measureKind === 'ceiling';
  const sign = progressSign(target);
  const v = input.value;
  const from = paceDate(target, input.lastUpdate, asOfYmd, opts);
  const { elapsed, wanted, start: d0 } = runRateWindow(target, input.lastUpdate, asOfYmd, calendar, opts);

  let rawRate: number | null = null;
  let window = 0;
  if (elapsed > 0) {
    if (d0 === null || !input.series || input.series.length === 0) {
      window = elapsed;
      rawRate = (v - b) / elapsed;
    } else {
      window = wanted;
      rawRate = (v - valueOn(input.series, d0, b)) / wanted;
    }
  }
  const runRate = rawRate === null ? null : sign * rawRate;

  const leftFromPace = from < dueDate ? workingDaysInRange(addDays(from, 1), dueDate, calendar) : 0;
  const projectedValueAtDue = rawRate !== null && from < dueDate ? v + rawRate * leftFromPace : null;

  const leftFromNow = asOfYmd < dueDate ? workingDaysInRange(addDays(asOfYmd, 1), dueDate, calendar) : 0;

  if (ceiling) {
    return {
      fromDate: from,
      runRate,
      windowWorkingDays: window,
      projectedCompletion: null,
      projectedValueAtDue,
      requiredRate: v <= t && leftFromNow > 0 ? (t - v) / leftFromNow : null,
      finishesLate: rawRate !== null && (v > t || (projectedValueAtDue !== null && projectedValueAtDue > t)),
      forecastRatio: null,
    };
  }

  const achieved = isAchieved(target, v);
  let projectedCompletion: string | null = null;
  let beyondHorizon = false;
  let forecastRatio: number | null = null;
  if (!achieved && runRate !== null) {
    forecastRatio = 0;
    if (runRate > 0) {
      const remaining = sign * (t - v);
      const k = Math.max(1, Math.ceil(remaining / runRate - 1e-9));
      if (k > opts.horizonWorkingDays) beyondHorizon = true;
      else projectedCompletion = addWorkingDays(from, k, calendar);
    }
    if (projectedCompletion !== null) {
      const planned = workingDaysInRange(startDate, dueDate, calendar);
      const projected = workingDaysInRange(startDate, projectedCompletion, calendar);
      forecastRatio = planned > 0 && projected > 0 ? planned / projected : null;
    }
  }
  return {
    fromDate: from,
    runRate,
    windowWorkingDays: window,
    projectedCompletion,
    projectedValueAtDue,
    requiredRate: !achieved && leftFromNow > 0 ? (sign * (t - v)) / leftFromNow : null,
    finishesLate:
      !achieved &&
      runRate !== null &&
      (runRate <= 0 || beyondHorizon || (projectedCompletion !== null && projectedCompletion > dueDate)),
    forecastRatio,
  };
}
