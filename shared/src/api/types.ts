import type { PlanSection, PlanStatus, Target, Unit } from '../domain/types';
import type { PlanPoint } from '../pace/expected';
import type { GroupAggregate, TargetState } from './overview';

/** Shapes of the read API, shared by the server (which must satisfy them) and the web app. */

export interface PlanSummary {
  id: string;
  title: string;
  ownerUnit: string;
  periodStart: string;
  periodEnd: string;
  status: PlanStatus;
}

/** A target as list views need it: its definition (no milestones or ratio parts) and its rollup. */
export interface TargetWithRollup extends Omit<Target, 'milestones' | 'reportingIntervalDays' | 'ratioOf'> {
  value: number;
  version: number;
  eventCount: number;
  lastOccurredAt: string | null;
}

export interface SeriesPoint {
  date: string; // YYYY-MM-DD, China time
  value: number;
}

/** One bucket of a series: `date` is its last day (clamped to the series' end), `start` its first. */
export interface SeriesBucketPoint extends SeriesPoint {
  start: string;
}

export type SeriesBucket = 'day' | 'week' | 'month';

/**
 * GET /api/targets/:code/series?bucket=day|week|month — read from the daily rollups.
 * `points` run from the bucket holding the start date to asOf (or the due date when the
 * target is not yet over), each the value at the end of its bucket.
 */
export interface SeriesResponse {
  target: string;
  bucket: SeriesBucket;
  /** The day the series was computed for (China date); points never go past it. */
  asOf: string;
  points: SeriesBucketPoint[];
  /** The planned path's vertices: baseline the day before the start, milestones, target at due. */
  plan: PlanPoint[];
  /** What the plan expects by the end of each bucket, start to due (working-day pace line). */
  expected: SeriesBucketPoint[];
  /**
   * The run-rate projection from the pace date: its value there, then the projected
   * completion (at the target value) or, when it does not finish in time, the value at due.
   * Empty when not computable (no working day passed, stalled with nothing to draw).
   */
  forecast: SeriesPoint[];
}

/** GET /api/plans/:id */
export interface PlanDetail extends PlanSummary {
  sections: PlanSection[];
  targetCount: number;
}

/** GET /api/units/:code — the unit, its children, and the targets it or any unit below it owns. */
export interface UnitDetail extends Unit {
  children: Unit[];
  aggregate: GroupAggregate;
  targets: TargetState[];
}
