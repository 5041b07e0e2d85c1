import type { ValuePoint } from '../rollup/series';

/** What pace, status and forecast know about a target's progress. */
export interface PaceInput {
  /** The current value: the fold of the target's events up to asOf. */
  value: number;
  /** When the latest event of any kind happened (ISO instant or China date); null if none yet. */
  lastUpdate: string | null;
  /**
   * The value at the end of days (e.g. `valueSeries(..., { bucket: 'day' })`), any order,
   * gaps allowed: a day without a point has the value of the last point before it, and
   * the baseline before the first. Used for the recent run-rate; without it the run-rate
   * is the average since the start.
   */
  series?: readonly ValuePoint[] | undefined;
}

export interface PaceOptions {
  /** Pace ratio from which a target is on track. Default 0.95. */
  onTrackFrom: number;
  /** Pace ratio under which a target is at risk (between the two: behind). Default 0.85. */
  atRiskBelow: number;
  /**
   * The run-rate forecast counts in the status (default true): the bands apply to the
   * lower of the pace ratio and the forecast ratio (see Forecast.forecastRatio), so a
   * forecast finishing late enough to mean under 85% pace makes the target at risk, and
   * one finishing a little late makes it behind.
   */
  forecastAffectsStatus: boolean;
  /**
   * Which day pace is judged on. 'lastUpdate' (default): the day the last report covers
   * (the day before it was made), but never earlier than the last day a punctual reporter
   * must have covered by asOf (asOf − reportingIntervalDays − 1). A weekly reporter is not
   * marked behind on Thursday for work it will report on Monday, and a silent one is not
   * judged on old news for longer than its interval (after which it is stale anyway).
   * 'asOf': always asOf — the strict reading of "expected by today". See `paceDate`.
   */
  judgeAt: 'lastUpdate' | 'asOf';
  /**
   * Working days the run-rate is measured over, at least. The window used is the larger
   * of this and two reporting intervals (converted at 5 working days a week), so a
   * monthly reporter's rate spans two reports. Default 20 (about a month).
   */
  windowWorkingDays: number;
  /** A projected completion further away than this many working days is reported as null. Default 2500 (~10 years). */
  horizonWorkingDays: number;
}

export const DEFAULT_PACE_OPTIONS: Readonly<PaceOptions> = Object.freeze({
  onTrackFrom: 0.95,
  atRiskBelow: 0.85,
  forecastAffectsStatus: true,
  judgeAt: 'lastUpdate',
  windowWorkingDays: 20,
  horizonWorkingDays: 2500,
});

export function paceOptions(opts: Partial<PaceOptions> | undefined): PaceOptions {
  return { ...DEFAULT_PACE_OPTIONS, ...opts };
}
