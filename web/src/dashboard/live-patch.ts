import type { PlanOverview, TargetState, TargetUpdate } from '@luoshi/shared';

/** A live update written into a target's state when it is newer (by version): what the update carries, nothing more. */
export function patchState(t: TargetState, u: TargetUpdate): TargetState {
  if (t.code !== u.target || u.version <= t.version) return t;
  return {
    ...t,
    value: u.value,
    version: u.version,
    lastOccurredAt: u.lastOccurredAt ?? t.lastOccurredAt,
    pct: u.pct ?? t.pct,
    status: u.status ?? t.status,
    forecastDate: u.forecastDate,
  };
}

function isOverview(d: unknown): d is PlanOverview {
  return !!d && typeof d === 'object' && Array.isArray((d as PlanOverview).targets) && 'aggregate' in d;
}
function isState(d: unknown): d is TargetState {
  return (
    !!d &&
    typeof d === 'object' &&
    typeof (d as TargetState).code === 'string' &&
    typeof (d as TargetState).version === 'number'
  );
}

/**
 * Writes updates into a cached view: an overview's targets, or one target's state. Anything
 * else (an event log) comes back unchanged and waits for its refetch. The same object comes
 * back when nothing changed, so nothing re-renders.
 */
export function patchView(data: unknown, updates: readonly TargetUpdate[]): unknown {
  if (isOverview(data)) {
    let changed = false;
    const targets = data.targets.map((t) => {
      const p = updates.reduce(patchState, t);
      if (p !== t) changed = true;
      return p;
    });
    return changed ? { ...data, targets } : data;
  }
  if (isState(data)) return updates.reduce(patchState, data);
  return data;
}
