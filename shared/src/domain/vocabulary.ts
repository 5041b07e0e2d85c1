/**
 * The domain's closed sets of words (measure, event, unit kinds; plan and target statuses;
 * directions), shared by server, web, seeds and tests. No TypeBox here: the browser reads these
 * on every page and should not evaluate schema builders for them (issue 18.9); the schemas
 * that use them are in ./types.ts, which re-exports everything below.
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

export const DIRECTIONS = ['up', 'down'] as const;
/** `up`: more is better (jobs created); `down`: less is better (incidents). */
export type Direction = (typeof DIRECTIONS)[number];

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
