import { Type, type Static } from '@sinclair/typebox';
import { PlanSchema, PlanSectionSchema, TargetSchema } from '../domain/types';
import { PlanPointSchema } from '../pace/expected';
import { NullableString } from './schema';

/** Shapes of the read API, shared by the server (which declares them on its routes) and the web app. */

export const PlanSummarySchema = PlanSchema;
export type PlanSummary = Static<typeof PlanSummarySchema>;

/** A target as list views need it: its definition (no milestones or ratio parts) and its rollup. */
export const TargetWithRollupSchema = Type.Composite([
  Type.Omit(TargetSchema, ['milestones', 'reportingIntervalDays', 'ratioOf']),
  Type.Object({
    value: Type.Number(),
    version: Type.Integer(),
    eventCount: Type.Integer(),
    lastOccurredAt: NullableString(),
  }),
]);
export type TargetWithRollup = Static<typeof TargetWithRollupSchema>;

export const SeriesPointSchema = Type.Object({
  date: Type.String({ description: 'YYYY-MM-DD, China time' }),
  value: Type.Number(),
});
export type SeriesPoint = Static<typeof SeriesPointSchema>;

/** One bucket of a series: `date` is its last day (clamped to the series' end), `start` its first. */
export const SeriesBucketPointSchema = Type.Composite([SeriesPointSchema, Type.Object({ start: Type.String() })]);
export type SeriesBucketPoint = Static<typeof SeriesBucketPointSchema>;

export const SERIES_BUCKETS = ['day', 'week', 'month'] as const;
export type SeriesBucket = (typeof SERIES_BUCKETS)[number];

/**
 * GET /api/targets/:code/series?bucket=day|week|month — read from the daily rollups.
 * `points` run from the bucket holding the start date to asOf (or the due date when the
 * target is not yet over), each the value at the end of its bucket.
 */
export const SeriesResponseSchema = Type.Object({
  target: Type.String(),
  bucket: Type.Union(SERIES_BUCKETS.map((b) => Type.Literal(b))),
  /** The day the series was computed for (China date); points never go past it. */
  asOf: Type.String(),
  points: Type.Array(SeriesBucketPointSchema),
  /** The planned path's vertices: baseline the day before the start, milestones, target at due. */
  plan: Type.Array(PlanPointSchema),
  /** What the plan expects by the end of each bucket, start to due (working-day pace line). */
  expected: Type.Array(SeriesBucketPointSchema),
  /**
   * The run-rate projection from the pace date: its value there, then the projected
   * completion (at the target value) or, when it does not finish in time, the value at due.
   * Empty when not computable (no working day passed, stalled with nothing to draw).
   */
  forecast: Type.Array(SeriesPointSchema),
});
export type SeriesResponse = Static<typeof SeriesResponseSchema>;

/** GET /api/plans/:id */
export const PlanDetailSchema = Type.Composite([
  PlanSummarySchema,
  Type.Object({ sections: Type.Array(PlanSectionSchema), targetCount: Type.Integer() }),
]);
export type PlanDetail = Static<typeof PlanDetailSchema>;
