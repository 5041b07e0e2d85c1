import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import {
  reportedInTimeShare,
  statusCounts,
  weightedMeanPct,
  workingTimeElapsed,
  type GroupAggregate,
  type PlanOverview,
  type PlanSection,
  type PlanSummary,
  type SectionState,
  type TargetState,
  type TargetStatus,
  type UnitState,
} from '@luoshi/shared';
import { planActivity } from '../activity/repository';
import { planSections } from '../plans/repository';
import { assessRows, loadTargetRows } from '../targets/state';

export const RECENT_ACTIVITY = 20;

/** A group's weighted completion over its TARGETS (never averaged sub-aggregates) and its status counts. */
export function groupAggregate(states: readonly TargetState[]): GroupAggregate {
  return {
    ...weightedMeanPct(states.map((s) => ({ weight: s.weight, pct: s.pct }))),
    statusCounts: statusCounts(states.map((s) => s.status)),
  };
}

/** Worst first: overdue, at risk, stale (no news is not good news), behind. */
const ATTENTION: Partial<Record<TargetStatus, number>> = { overdue: 0, at_risk: 1, stale: 2, behind: 3 };

export function attentionList(states: readonly TargetState[]): string[] {
  return states
    .filter((s) => ATTENTION[s.status] !== undefined)
    .sort(
      (a, b) =>
        ATTENTION[a.status]! - ATTENTION[b.status]! ||
        (a.statusRatio ?? a.pct / 100) - (b.statusRatio ?? b.pct / 100) ||
        b.weight - a.weight ||
        (a.code < b.code ? -1 : 1),
    )
    .map((s) => s.code);
}

/** Each section's aggregate over the targets in it and in its subsections. */
export function sectionStates(sections: readonly PlanSection[], states: readonly TargetState[]): SectionState[] {
  const parent = new Map(sections.map((s) => [s.id, s.parentId]));
  const members = new Map<string, TargetState[]>(sections.map((s) => [s.id, []]));
  for (const t of states) {
    const seen = new Set<string>();
    for (let id = t.sectionId; id !== null && !seen.has(id); id = parent.get(id) ?? null) {
      seen.add(id);
      members.get(id)?.push(t);
    }
  }
  return sections.map(({ planId: _planId, ...s }) => ({ ...s, aggregate: groupAggregate(members.get(s.id) ?? []) }));
}

/** Per owner unit: aggregate, latest report and the share of its started, unfinished targets reported within their interval. */
export function unitStates(
  names: ReadonlyMap<string, string>,
  states: readonly TargetState[],
  asOf: string,
): UnitState[] {
  const byUnit = new Map<string, TargetState[]>();
  for (const t of states) byUnit.set(t.ownerUnit, [...(byUnit.get(t.ownerUnit) ?? []), t]);
  return [...byUnit.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([code, ts]) => {
      const last = ts.reduce<string | null>(
        (m, t) => (t.lastOccurredAt !== null && (m === null || t.lastOccurredAt > m) ? t.lastOccurredAt : m),
        null,
      );
      return {
        code,
        name: names.get(code) ?? code,
        aggregate: groupAggregate(ts),
        lastReportedAt: last,
        timeliness: reportedInTimeShare(ts, asOf),
      };
    });
}

export async function planOverview(db: Kysely<Database>, plan: PlanSummary, asOf: string): Promise<PlanOverview> {
  // Independent reads in parallel; then the one daily probe per target that needs the assessment's window.
  const [rows, sections, recent, units] = await Promise.all([
    loadTargetRows(db, { plan: plan.id }),
    planSections(db, plan.id),
    planActivity(db, plan.id, RECENT_ACTIVITY),
    db
      .selectFrom('units')
      .select(['code', 'name'])
      .where('code', 'in', (eb) => eb.selectFrom('targets').select('owner_unit').where('plan_id', '=', plan.id))
      .execute(),
  ]);
  const states = await assessRows(db, rows, asOf);
  const names = new Map(units.map((u) => [u.code, u.name]));
  const periodElapsed = workingTimeElapsed(plan.periodStart, plan.periodEnd, asOf);
  return {
    plan,
    asOf,
    periodElapsed,
    aggregate: groupAggregate(states),
    halfway: { applicable: periodElapsed > 0.5, flagged: states.filter((s) => s.halfwayFlagged).length },
    sections: sectionStates(sections, states),
    units: unitStates(names, states, asOf),
    targets: states,
    attention: attentionList(states),
    recent,
  };
}
