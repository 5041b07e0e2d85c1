import {
  attentionList,
  chinaDate,
  groupAggregate,
  sectionStates,
  unitStates,
  type MyTargetsResponse,
  type PlanOverview,
  type TargetState,
  type TargetUpdate,
  type TargetWithRollup,
} from '@luoshi/shared';

/**
 * The one live-apply function (issue 14): every page's cached view — the overview (plan,
 * unit and wall pages), a target's state, target lists, my targets — takes a live delta the
 * same way: newer versions only; value, pct, status and forecast from the delta; counts,
 * aggregates and the attention order recomputed with the shared functions the server uses
 * (shared/src/api/overview-derive.ts). No refetch. The same object comes back when nothing
 * changed, so nothing re-renders; `null` when the view is not one it knows (refetch it).
 */

type Row = Pick<TargetWithRollup, 'code' | 'value' | 'version' | 'lastOccurredAt'>;

/** A delta written into one target row when it is newer; the same row otherwise. */
export function applyToTarget<T extends Row>(t: T, u: TargetUpdate): T {
  if (t.code !== u.target || u.version <= t.version) return t;
  const next: T = { ...t, value: u.value, version: u.version, lastOccurredAt: u.lastOccurredAt ?? t.lastOccurredAt };
  // Views that carry the assessment (TargetState) take the delta's: the server computed it after commit.
  if ('status' in t) {
    const s = next as unknown as TargetState;
    s.status = u.status;
    if (u.pct !== null) s.pct = u.pct;
    s.forecastDate = u.forecastDate;
    // A new report ends "no news"; a stale status says it still is.
    s.stale = u.status === 'stale' || (s.stale && u.lastOccurredAt === (t as unknown as TargetState).lastOccurredAt);
  }
  return next;
}

function applyToList<T extends Row>(list: readonly T[], by: ReadonlyMap<string, TargetUpdate>): readonly T[] {
  let changed = false;
  const out = list.map((t) => {
    const u = by.get(t.code);
    const p = u ? applyToTarget(t, u) : t;
    if (p !== t) changed = true;
    return p;
  });
  return changed ? out : list;
}

function isRow(d: unknown): d is Row {
  return !!d && typeof d === 'object' && typeof (d as Row).code === 'string' && typeof (d as Row).version === 'number';
}
function isOverview(d: unknown): d is PlanOverview {
  return !!d && typeof d === 'object' && Array.isArray((d as PlanOverview).targets) && 'aggregate' in d && 'sections' in d;
}
function isMyTargets(d: unknown): d is MyTargetsResponse {
  return !!d && typeof d === 'object' && Array.isArray((d as MyTargetsResponse).targets) && 'today' in d;
}

/** The overview after the deltas: targets patched, every derived number recomputed. */
function applyToOverview(o: PlanOverview, by: ReadonlyMap<string, TargetUpdate>): PlanOverview {
  const targets = applyToList(o.targets, by) as TargetState[];
  if (targets === o.targets) return o;
  const names = new Map(o.units.map((u) => [u.code, u.name]));
  const asOf = chinaDate(o.asOf) ?? o.asOf.slice(0, 10);
  const units = unitStates(names, targets, asOf);
  return {
    ...o,
    targets,
    aggregate: groupAggregate(targets),
    // Sections and units in the order the server sent (unitStates sorts by code, as it does).
    sections: sectionStates(
      o.sections.map((s) => ({ ...s, planId: o.plan.id })),
      targets,
    ),
    units: o.units.map((u) => units.find((x) => x.code === u.code) ?? u),
    attention: attentionList(targets),
  };
}

/**
 * Applies live deltas to a cached view. Returns the view (the same object when nothing
 * changed), or `null` when the view is none of the shapes a delta can move (an event log):
 * the caller refetches that one.
 */
export function applyLive(data: unknown, updates: readonly TargetUpdate[]): unknown {
  if (data === undefined) return data;
  const by = new Map(updates.map((u) => [u.target, u]));
  if (isOverview(data)) return applyToOverview(data, by);
  if (isMyTargets(data)) {
    const targets = applyToList(data.targets, by) as MyTargetsResponse['targets'];
    return targets === data.targets ? data : { ...data, targets };
  }
  if (Array.isArray(data)) return data.every(isRow) ? applyToList(data as Row[], by) : null;
  if (isRow(data)) {
    const u = by.get(data.code);
    return u ? applyToTarget(data, u) : data;
  }
  return null;
}
