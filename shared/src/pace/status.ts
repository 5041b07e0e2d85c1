import { chinaCalendar } from '../calendar/calendar';
import type { WorkingCalendar } from '../calendar/types';
import { chinaDate, daysBetween } from '../calendar/ymd';
import { TARGET_STATUSES, type Target, type TargetStatus } from '../domain/types';
import { isAchieved, pct, progressFraction } from '../rollup/pct';
import { paceBand } from './bands';
import { expectedValue } from './expected';
import { forecast, paceDate, type Forecast } from './forecast';
import { halfwayCheck, type HalfwayCheck } from './halfway';
import { paceOptions, type PaceInput, type PaceOptions } from './input';

/** The fields of a target that status needs. */
export type AssessTargetOf = Pick<
  Target,
  | 'measureKind'
  | 'direction'
  | 'baseline'
  | 'targetValue'
  | 'startDate'
  | 'dueDate'
  | 'milestones'
  | 'reportingIntervalDays'
>;

export interface TargetAssessment {
  status: TargetStatus;
  value: number;
  /** See rollup `pct`: not clamped. */
  pct: number;
  /** What the plan expects by the end of asOf (for a ceiling: the pro-rata allowance). */
  expected: number;
  /** The day pace is judged on (see PaceOptions.judgeAt) and what the plan expected by then. */
  paceDate: string;
  expectedAtPaceDate: number;
  /**
   * Progress made ÷ progress expected by the pace date (1 = exactly on the plan line).
   * Null when nothing was expected yet, and for ceilings.
   */
  paceRatio: number | null;
  /** The ratio the bands were applied to: the lower of paceRatio and forecast.forecastRatio (see STATUS_PRECEDENCE). */
  statusRatio: number | null;
  stale: boolean;
  halfway: HalfwayCheck;
  forecast: Forecast;
}

/**
 * The order in which statuses are decided for up/down targets (cumulative, reading,
 * ratio) — the first that applies wins:
 *  1. achieved    the value meets the target — wins even before start, after due or when
 *                 stale: a finished task is finished.
 *  2. not_started asOf is before the start date.
 *  3. overdue     asOf is after the due date (the due date itself still counts as in time).
 *  4. stale       no event of any kind for more than reportingIntervalDays calendar days
 *                 (counted from the start date while there is none); a pace judged on
 *                 old news is not worth showing.
 *  5. at_risk     ratio < atRiskBelow (0.85)
 *  6. behind      ratio < onTrackFrom (0.95)
 *  7. on_track    otherwise, including when nothing was expected yet.
 * where ratio = the lower of the pace ratio (progress made ÷ progress the plan expected
 * by the pace date) and the forecast ratio (planned working days ÷ working days to the
 * projected completion), when forecastAffectsStatus.
 *
 * Why not "at risk whenever the forecast finishes after due", read literally: a target
 * moving steadily at 97% of the planned pace always finishes a little late, so every
 * target under 100% would be at risk and the bands would mean nothing. Reading the
 * forecast as a ratio keeps the bands: a steady target gets the same verdict from both
 * measures, and the forecast only adds news when the recent run-rate differs from the
 * average — a target on plan so far that has stalled lately drops to behind or at risk
 * (a stall is forecast ratio 0), one behind plan that is catching up fast stays behind.
 *
 * Ceilings (must stay at or under targetValue until the due date):
 *  1. not_started before the start date.
 *  2. after the due date: achieved if at or under the ceiling, else overdue. A ceiling
 *     is never "achieved" while the period runs — it can still be broken.
 *  3. stale as above.
 *  4. at_risk     over the ceiling now.
 *  5. behind      under it, but the run-rate projects it over by the due date.
 *  6. on_track    otherwise. (The pro-rata allowance line is reported as `expected` but
 *                 does not set the status: a ceiling on a reading, such as a complaint
 *                 rate, has no allowance to pace.)
 */
export const STATUS_PRECEDENCE: readonly TargetStatus[] = [
  'achieved',
  'not_started',
  'overdue',
  'stale',
  'at_risk',
  'behind',
  'on_track',
];

/** No event for more than reportingIntervalDays calendar days (from the start date when none). Never for an interval <= 0. */
export function isStale(
  target: Pick<Target, 'startDate' | 'reportingIntervalDays'>,
  lastUpdate: string | null,
  asOfYmd: string,
): boolean {
  const interval = target.reportingIntervalDays;
  if (!Number.isFinite(interval) || interval <= 0 || asOfYmd < target.startDate) return false;
  const last = lastUpdate === null ? null : chinaDate(lastUpdate);
  const since = last !== null && last > target.startDate ? last : target.startDate;
  return daysBetween(since, asOfYmd) > interval;
}

/** Everything the dashboard shows about one target's pace, as of the end of `asOfYmd` (China date). */
export function assessTarget(
  target: AssessTargetOf,
  input: PaceInput,
  asOfYmd: string,
  calendar: WorkingCalendar = chinaCalendar,
  options?: Partial<PaceOptions>,
): TargetAssessment {
  const opts = paceOptions(options);
  const v = input.value;
  const ceiling = target.measureKind === 'ceiling';
  const at = paceDate(target, input.lastUpdate, asOfYmd, opts);
  const expectedAtPaceDate = expectedValue(target, at, calendar);
  const q = progressFraction(target, expectedAtPaceDate);
  const paceRatio = ceiling || !(q > 0) ? null : progressFraction(target, v) / q;
  const stale = isStale(target, input.lastUpdate, asOfYmd);
  const fc = forecast(target, input, asOfYmd, calendar, opts);
  const ratios = [paceRatio, opts.forecastAffectsStatus ? fc.forecastRatio : null].filter((r) => r !== null);
  const statusRatio = ratios.length > 0 ? Math.min(...ratios) : null;

  const decide = (): TargetStatus => {
    if (ceiling) {
      if (asOfYmd < target.startDate) return 'not_started';
      if (asOfYmd > target.dueDate) return v <= target.targetValue ? 'achieved' : 'overdue';
      if (stale) return 'stale';
      if (v > target.targetValue) return 'at_risk';
      if (fc.finishesLate) return 'behind';
      return 'on_track';
    }
    if (isAchieved(target, v)) return 'achieved';
    if (asOfYmd < target.startDate) return 'not_started';
    if (asOfYmd > target.dueDate) return 'overdue';
    if (stale) return 'stale';
    return paceBand(statusRatio, opts);
  };

  return {
    status: decide(),
    value: v,
    pct: pct(target, v),
    expected: expectedValue(target, asOfYmd, calendar),
    paceDate: at,
    expectedAtPaceDate,
    paceRatio,
    statusRatio,
    stale,
    halfway: halfwayCheck(target, v, asOfYmd, calendar),
    forecast: fc,
  };
}

/** Just the status; see STATUS_PRECEDENCE. */
export function targetStatus(
  target: AssessTargetOf,
  input: PaceInput,
  asOfYmd: string,
  calendar: WorkingCalendar = chinaCalendar,
  options?: Partial<PaceOptions>,
): TargetStatus {
  return assessTarget(target, input, asOfYmd, calendar, options).status;
}

/** How many targets have each status (every status present, zeros included), for section/unit/plan summaries. */
export function statusCounts(statuses: Iterable<TargetStatus>): Record<TargetStatus, number> {
  const counts = Object.fromEntries(TARGET_STATUSES.map((s) => [s, 0])) as Record<TargetStatus, number>;
  for (const s of statuses) counts[s] += 1;
  return counts;
}
