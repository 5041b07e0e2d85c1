import type { Milestone, PlanSection, TargetStatus } from '../domain/types';
import type { Aggregate } from '../rollup/aggregate';
import type { PlanSummary, TargetWithRollup } from './types';

/**
 * The contract between the read API (server/src/overview, targets) and the dashboards.
 * Status, pct, expected and forecast are computed with shared/src/pace as of `asOf`.
 */

export interface TargetState extends TargetWithRollup {
  /** `cancelled`: dropped mid-year (撤销, issue 16): readable, out of every aggregate, takes no reports. */
  lifecycle?: 'active' | 'cancelled';
  milestones: Milestone[];
  reportingIntervalDays: number;
  status: TargetStatus;
  /** Percent complete (not clamped), see rollup `pct`. */
  pct: number;
  /** What the plan expects by asOf (working-day pace line, milestones where given). */
  expected: number;
  paceRatio: number | null;
  /** Projected completion date at the recent run-rate; null when not computable. */
  forecastDate: string | null;
  /** Value at the due date at the recent run-rate. */
  projectedValueAtDue: number | null;
  /** Progress per working day over the recent window. */
  runRate: number | null;
  /** Progress still needed per working day to finish on time ("需每工作日完成 3.2 人"). */
  requiredRate: number | null;
  /** 时间过半、任务过半: more than half the working period gone, less than half done. */
  halfwayFlagged: boolean;
  stale: boolean;
  /** For ratio targets: the targets whose values make this one's (value = numerator ÷ denominator × 100). */
  ratioOf: { numerator: string; denominator: string } | null;
  /** The day pace was judged on (the day the latest report covers; see pace `paceDate`). */
  paceDate: string;
  /** The lower of paceRatio and the forecast ratio: what the status bands were applied to. */
  statusRatio: number | null;
  /** The run-rate does not finish by the due date (for a ceiling: it ends over). */
  finishesLate: boolean;
}

export type StatusCounts = Record<TargetStatus, number>;

/** A group's weighted completion (see rollup `weightedMeanPct`) and its targets per status. */
export interface GroupAggregate extends Aggregate {
  statusCounts: StatusCounts;
}

export interface SectionState extends Omit<PlanSection, 'planId'> {
  aggregate: GroupAggregate;
}

export interface UnitState {
  code: string;
  name: string;
  aggregate: GroupAggregate;
  /** Latest report of any of the unit's targets in this plan. */
  lastReportedAt: string | null;
  /** Share of the unit's targets reported within their interval (reporting timeliness), 0–1. */
  timeliness: number;
}

/** One line of the activity feed: who reported what, how much, when. */
export interface ActivityItem {
  eventId: string;
  planId: string;
  target: string;
  targetTitle: string;
  uom: string;
  ownerUnit: string;
  kind: 'increment' | 'reading' | 'correction' | 'note';
  value: number;
  occurredAt: string;
  receivedAt: string;
  reporter: string | null;
  source: string | null;
  note: string | null;
  corrects: string | null;
}

export interface PlanOverview {
  plan: PlanSummary;
  /** The China date (YYYY-MM-DD) statuses are judged as of: today in China. */
  asOf: string;
  /** Share of the plan period's working days elapsed, 0–1. */
  periodElapsed: number;
  aggregate: GroupAggregate;
  /**
   * 时间过半、任务过半: `applicable` once more than half the plan period's working days
   * have passed; `flagged` counts targets past half their own time and under half done.
   */
  halfway: { applicable: boolean; flagged: number };
  sections: SectionState[];
  units: UnitState[];
  targets: TargetState[];
  /** Codes of targets behind, at risk, overdue or stale, worst first. */
  attention: string[];
  recent: ActivityItem[];
}

/** A target's event log entry; corrections are listed against what they correct. */
export interface EventLogEntry {
  id: string;
  kind: ActivityItem['kind'];
  value: number;
  occurredAt: string;
  receivedAt: string;
  reporter: string | null;
  source: string | null;
  note: string | null;
  evidence: string | null;
  corrects: string | null;
  reason: string | null;
  /** Ids of corrections that compensate this event. */
  correctedBy: string[];
}
