import type { ActivityItem, TargetUpdate, TargetWithRollup } from '@luoshi/shared';

/** Applies a live update to a target row when it is newer; returns the same object otherwise. */
export function patchTarget<T extends Pick<TargetWithRollup, 'code' | 'value' | 'version' | 'lastOccurredAt'>>(t: T, u: TargetUpdate): T {
  if (t.code !== u.target || u.version <= t.version) return t;
  const next = { ...t, value: u.value, version: u.version, lastOccurredAt: u.lastOccurredAt ?? t.lastOccurredAt };
  // Views that carry a percentage (TargetState) take the new one; status and forecast are the server's to recompute.
  if ('pct' in t && u.pct !== null) (next as unknown as { pct: number }).pct = u.pct;
  return next;
}

/** Patches a list; the same array back when nothing changed (no re-render, no cache write loop). */
export function patchList<T extends Pick<TargetWithRollup, 'code' | 'value' | 'version' | 'lastOccurredAt'>>(list: T[], updates: ReadonlyMap<string, TargetUpdate>): T[] {
  let changed = false;
  const out = list.map((t) => {
    const u = updates.get(t.code);
    const p = u ? patchTarget(t, u) : t;
    if (p !== t) changed = true;
    return p;
  });
  return changed ? out : list;
}

/** Newest first: by arrival at the server, then id (the REST order). */
export function byNewest(a: ActivityItem, b: ActivityItem): number {
  if (a.receivedAt !== b.receivedAt) return a.receivedAt < b.receivedAt ? 1 : -1;
  return a.eventId < b.eventId ? 1 : a.eventId > b.eventId ? -1 : 0;
}

/**
 * The activity feed: REST snapshot and live lines merged, each event once (by eventId),
 * newest first, at most `limit` lines.
 */
export function mergeActivity(limit: number, ...lists: readonly (readonly ActivityItem[])[]): ActivityItem[] {
  const seen = new Map<string, ActivityItem>();
  for (const list of lists) for (const a of list) if (!seen.has(a.eventId)) seen.set(a.eventId, a);
  return [...seen.values()].sort(byNewest).slice(0, limit);
}
