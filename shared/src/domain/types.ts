/**
 * The domain vocabulary shared by server, web, seeds and tests.
 * Dates without time (plan periods, due dates) are ISO `YYYY-MM-DD` strings in
 * China Standard Time; instants (event times) are ISO date-time strings.
 */

export const MEASURE_KINDS = ['cumulative', 'reading', 'ratio', 'ceiling'] as const;
/** cumulative: sum of increments; reading: latest absolute value by event time;
 *  ratio: derived from two other targets; ceiling: must stay at or under the target. */
export type MeasureKind = (typeof MEASURE_KINDS)[number];

export const EVENT_KINDS = ['increment', 'reading', 'correction', 'note'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const UNIT_KINDS = ['district', 'subdistrict', 'department', 'neighbourhood', 'grid'] as const;
/** 区 → 街道 → 科室 / 居民区 / 网格 */
export type UnitKind = (typeof UNIT_KINDS)[number];

export const PLAN_STATUSES = ['draft', 'published', 'closed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** `up`: more is better (jobs created); `down`: less is better (incidents). */
export type Direction = 'up' | 'down';

export const TARGET_STATUSES = [
  'achieved',
  'on_track',
  'behind',
  'at_risk',
  'overdue',
  'stale',
  'not_started',
] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

/** A planned value to have reached by a date, e.g. a quarterly milestone. */
export interface Milestone {
  date: string; // YYYY-MM-DD
  value: number;
}

export interface Unit {
  code: string;
  name: string;
  kind: UnitKind;
  parentCode: string | null;
  /** False once deactivated (issue 16): kept for what refers to it, offered for nothing new. */
  active?: boolean;
}

export interface PlanSection {
  id: string;
  planId: string;
  parentId: string | null;
  /** Heading label as written in the document: "一、", "（一）", "1、" */
  label: string;
  title: string;
  ordinal: number;
}

export interface Plan {
  id: string;
  title: string;
  ownerUnit: string;
  periodStart: string; // YYYY-MM-DD
  periodEnd: string; // YYYY-MM-DD
  status: PlanStatus;
}

export interface Target {
  code: string;
  planId: string;
  sectionId: string | null;
  ownerUnit: string;
  title: string;
  /** Unit of measure as Chinese readers write it: 平方米, 个, 人, 家, 件, 场, 条, 公里, 张, 户, % … */
  uom: string;
  measureKind: MeasureKind;
  direction: Direction;
  baseline: number;
  targetValue: number;
  startDate: string; // YYYY-MM-DD
  dueDate: string; // YYYY-MM-DD
  weight: number;
  milestones: Milestone[];
  /** Expected days between two reports; a target with no report for longer is stale. */
  reportingIntervalDays: number;
  /** For `ratio` targets: numerator and denominator target codes. */
  ratioOf?: { numerator: string; denominator: string } | null;
}
