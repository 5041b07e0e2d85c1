import { Type, type Static } from '@sinclair/typebox';
import { NullableString, StringEnum } from '../api/schema';
import { MEASURE_KINDS, UNIT_KINDS, PLAN_STATUSES, DIRECTIONS } from './vocabulary';

/**
 * The domain vocabulary shared by server, web, seeds and tests.
 * Dates without time (plan periods, due dates) are ISO `YYYY-MM-DD` strings in
 * China Standard Time; instants (event times) are ISO date-time strings.
 */

export * from './vocabulary';

/** A planned value to have reached by a date, e.g. a quarterly milestone. */
export const MilestoneSchema = Type.Object({ date: Type.String({ description: 'YYYY-MM-DD' }), value: Type.Number() });
export type Milestone = Static<typeof MilestoneSchema>;

export const UnitSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  kind: StringEnum(UNIT_KINDS),
  parentCode: NullableString(),
  /** False once deactivated (issue 16): kept for what refers to it, offered for nothing new. */
  active: Type.Optional(Type.Boolean()),
});
export type Unit = Static<typeof UnitSchema>;

export const PlanSectionSchema = Type.Object({
  id: Type.String(),
  planId: Type.String(),
  parentId: NullableString(),
  /** Heading label as written in the document: "一、", "（一）", "1、" */
  label: Type.String({ description: 'Heading label as written: 一、 （一） 1、' }),
  title: Type.String(),
  ordinal: Type.Integer(),
});
export type PlanSection = Static<typeof PlanSectionSchema>;

export const PlanSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  ownerUnit: Type.String(),
  periodStart: Type.String({ description: 'YYYY-MM-DD' }),
  periodEnd: Type.String({ description: 'YYYY-MM-DD' }),
  status: StringEnum(PLAN_STATUSES),
});
export type Plan = Static<typeof PlanSchema>;

export const RatioOfSchema = Type.Object({ numerator: Type.String(), denominator: Type.String() });

export const TargetSchema = Type.Object({
  code: Type.String(),
  planId: Type.String(),
  sectionId: NullableString(),
  ownerUnit: Type.String(),
  title: Type.String(),
  /** Unit of measure as Chinese readers write it: 平方米, 个, 人, 家, 件, 场, 条, 公里, 张, 户, % … */
  uom: Type.String({ description: 'Unit of measure: 平方米, 个, 人, % …' }),
  measureKind: StringEnum(MEASURE_KINDS),
  direction: StringEnum(DIRECTIONS),
  baseline: Type.Number(),
  targetValue: Type.Number(),
  startDate: Type.String({ description: 'YYYY-MM-DD' }),
  dueDate: Type.String({ description: 'YYYY-MM-DD' }),
  weight: Type.Number(),
  milestones: Type.Array(MilestoneSchema),
  /** Expected days between two reports; a target with no report for longer is stale. */
  reportingIntervalDays: Type.Integer({ description: 'Expected days between two reports; longer without one is stale' }),
  /** For `ratio` targets: numerator and denominator target codes. */
  ratioOf: Type.Optional(Type.Union([RatioOfSchema, Type.Null()])),
});
export type Target = Static<typeof TargetSchema>;
