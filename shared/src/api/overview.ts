import { Type, type Static } from '@sinclair/typebox';
import { EVENT_KINDS, MilestoneSchema, PlanSectionSchema, RatioOfSchema, TARGET_STATUSES, UnitSchema, type TargetStatus } from '../domain/types';
import type { Aggregate } from '../rollup/aggregate';
import { Nullable, NullableNumber, NullableString, StringEnum, type Same } from './schema';
import { PlanSummarySchema, TargetWithRollupSchema } from './types';

/**
 * The contract between the read API (server/src/overview, targets) and the dashboards.
 * Status, pct, expected and forecast are computed with shared/src/pace as of `asOf`.
 */

export const TargetStateSchema = Type.Composite([
  TargetWithRollupSchema,
  Type.Object({
    /** `cancelled`: dropped mid-year (撤销, issue 16): readable, out of every aggregate, takes no reports. */
    lifecycle: Type.Optional(StringEnum(['active', 'cancelled'])),
    milestones: Type.Array(MilestoneSchema),
    reportingIntervalDays: Type.Integer(),
    status: StringEnum(TARGET_STATUSES),
    /** Percent complete (not clamped), see rollup `pct`. */
    pct: Type.Number({ description: 'Percent complete (not clamped)' }),
    /** What the plan expects by asOf (working-day pace line, milestones where given). */
    expected: Type.Number({ description: 'What the plan expects by asOf' }),
    paceRatio: NullableNumber(),
    /** Projected completion date at the recent run-rate; null when not computable. */
    forecastDate: NullableString({ description: 'Projected completion date at the recent run-rate' }),
    /** Value at the due date at the recent run-rate. */
    projectedValueAtDue: NullableNumber(),
    /** Progress per working day over the recent window. */
    runRate: NullableNumber({ description: 'Progress per working day over the recent window' }),
    /** Progress still needed per working day to finish on time ("需每工作日完成 3.2 人"). */
    requiredRate: NullableNumber({ description: 'Progress still needed per working day to finish on time' }),
    /** 时间过半、任务过半: more than half the working period gone, less than half done. */
    halfwayFlagged: Type.Boolean({ description: '时间过半、任务过半' }),
    stale: Type.Boolean(),
    /** For ratio targets: the targets whose values make this one's (value = numerator ÷ denominator × 100). */
    ratioOf: Nullable(RatioOfSchema),
    /** The day pace was judged on (the day the latest report covers; see pace `paceDate`). */
    paceDate: Type.String(),
    /** The lower of paceRatio and the forecast ratio: what the status bands were applied to. */
    statusRatio: NullableNumber(),
    /** The run-rate does not finish by the due date (for a ceiling: it ends over). */
    finishesLate: Type.Boolean(),
  }),
]);
export type TargetState = Static<typeof TargetStateSchema>;

export const StatusCountsSchema = Type.Object(Object.fromEntries(TARGET_STATUSES.map((s) => [s, Type.Integer()])) as Record<TargetStatus, ReturnType<typeof Type.Integer>>);
export type StatusCounts = Record<TargetStatus, number>;

/** The rollup module's Aggregate (owned by shared/src/rollup), described for the API. */
const AggregateSchema = Type.Object({
  pct: NullableNumber({ description: "Weighted mean of each item's pct clamped to 0–100" }),
  weight: Type.Number(),
  count: Type.Integer(),
});
const aggregateMatches: Same<Static<typeof AggregateSchema>, Aggregate> = true;
void aggregateMatches;

/** A group's weighted completion (see rollup `weightedMeanPct`) and its targets per status. */
export const GroupAggregateSchema = Type.Composite([AggregateSchema, Type.Object({ statusCounts: StatusCountsSchema })]);
export type GroupAggregate = Static<typeof GroupAggregateSchema>;

export const SectionStateSchema = Type.Composite([Type.Omit(PlanSectionSchema, ['planId']), Type.Object({ aggregate: GroupAggregateSchema })]);
export type SectionState = Static<typeof SectionStateSchema>;

export const UnitStateSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  aggregate: GroupAggregateSchema,
  /** Latest report of any of the unit's targets in this plan. */
  lastReportedAt: NullableString(),
  /** Share of the unit's targets reported within their interval (reporting timeliness), 0–1. */
  timeliness: Type.Number({ description: 'Share of targets reported within their interval, 0–1' }),
});
export type UnitState = Static<typeof UnitStateSchema>;

/** One line of the activity feed: who reported what, how much, when. */
export const ActivityItemSchema = Type.Object({
  eventId: Type.String(),
  planId: Type.String(),
  target: Type.String(),
  targetTitle: Type.String(),
  uom: Type.String(),
  ownerUnit: Type.String(),
  kind: StringEnum(EVENT_KINDS),
  value: Type.Number(),
  occurredAt: Type.String(),
  receivedAt: Type.String(),
  reporter: NullableString(),
  source: NullableString(),
  note: NullableString(),
  corrects: NullableString(),
});
export type ActivityItem = Static<typeof ActivityItemSchema>;

export const PlanOverviewSchema = Type.Object({
  plan: PlanSummarySchema,
  /** The China date (YYYY-MM-DD) statuses are judged as of: today in China. */
  asOf: Type.String({ description: 'The China date statuses are judged as of' }),
  /** Share of the plan period's working days elapsed, 0–1. */
  periodElapsed: Type.Number(),
  aggregate: GroupAggregateSchema,
  /**
   * 时间过半、任务过半: `applicable` once more than half the plan period's working days
   * have passed; `flagged` counts targets past half their own time and under half done.
   */
  halfway: Type.Object({ applicable: Type.Boolean(), flagged: Type.Integer() }),
  sections: Type.Array(SectionStateSchema),
  units: Type.Array(UnitStateSchema),
  targets: Type.Array(TargetStateSchema),
  /** Codes of targets behind, at risk, overdue or stale, worst first. */
  attention: Type.Array(Type.String(), { description: 'Codes of targets behind, at risk, overdue or stale, worst first' }),
  recent: Type.Array(ActivityItemSchema),
});
export type PlanOverview = Static<typeof PlanOverviewSchema>;

/** A target's event log entry; corrections are listed against what they correct. */
export const EventLogEntrySchema = Type.Object({
  id: Type.String(),
  kind: StringEnum(EVENT_KINDS),
  value: Type.Number(),
  occurredAt: Type.String(),
  receivedAt: Type.String(),
  reporter: NullableString(),
  source: NullableString(),
  note: NullableString(),
  evidence: NullableString(),
  corrects: NullableString(),
  reason: NullableString(),
  /** Ids of corrections that compensate this event. */
  correctedBy: Type.Array(Type.String(), { description: 'Ids of corrections that compensate this event' }),
  /** Photo slots (1–4) attached to this event (issue 18 item 7). */
  photos: Type.Array(Type.Integer(), { description: 'Photo slots attached to this event (bytes at …/events/{id}/photos/{n})' }),
});
export type EventLogEntry = Static<typeof EventLogEntrySchema>;

/** GET /api/units/:code — the unit, its children, and the targets it or any unit below it owns. */
export const UnitDetailSchema = Type.Composite([
  UnitSchema,
  Type.Object({
    children: Type.Array(UnitSchema),
    aggregate: GroupAggregateSchema,
    targets: Type.Array(TargetStateSchema),
  }),
]);
export type UnitDetail = Static<typeof UnitDetailSchema>;
