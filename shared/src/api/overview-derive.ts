import type { PlanSection, TargetStatus } from '../domain/types';
import { statusCounts } from '../pace/status';
import { weightedMeanPct } from '../rollup/aggregate';
import type { GroupAggregate, SectionState, TargetState, UnitState } from './overview';
import { reportedInTimeShare } from '../supervision/owed';

/**
 * What an overview derives from its targets' states: group aggregates, status counts, the
 * attention order. Shared, so the server's overview and the web's live apply
 * (web/src/live/apply.ts) compute them with the same code.
 */

/** A group's weighted completion over its TARGETS (never averaged sub-aggregates) and its status counts. */
export function groupAggregate(all: readonly TargetState[]): GroupAggregate {
  // A cancelled target (撤销) stays readable but counts in no aggregate (issue 16).
  const states = all.filter((s) => s.lifecycle !== 'cancelled');
  return {
    ...weightedMeanPct(states.map((s) => ({ weight: s.weight, pct: s.pct }))),
    statusCounts: statusCounts(states.map((s) => s.status)),
  };
}

/** Statuses a leader must act on, worst first: overdue, at risk, stale (no news is not good news), behind. */
export const ATTENTION_STATUSES: readonly TargetStatus[] = ['overdue', 'at_risk', 'stale', 'behind'];

/** Does this status put a target on the attention list? */
export const needsAttention = (s: TargetStatus): boolean => ATTENTION_STATUSES.includes(s);

/**
 * The one attention order (server overview and web alike): status severity, then furthest
 * behind plan (status ratio, else completion), then the heavier weight, then code.
 */
export function compareAttention(a: TargetState, b: TargetState): number {
  return (
    ATTENTION_STATUSES.indexOf(a.status) - ATTENTION_STATUSES.indexOf(b.status) ||
    (a.statusRatio ?? a.pct / 100) - (b.statusRatio ?? b.pct / 100) ||
    b.weight - a.weight ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  );
}

/** The codes of the targets needing attention, worst first. */
export function attentionList(states: readonly TargetState[]): string[] {
  return states
    .filter((s) => needsAttention(s.status) && s.lifecycle !== 'cancelled')
    .sort(compareAttention)
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

/** Per owner unit: aggregate, latest report and the share of its started targets reported within their interval. */
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
        // Finished targets owe no report (issue 17): an all-finished department is not 0%.
        timeliness: reportedInTimeShare(ts, asOf),
      };
    });
}

