import type { ActivityItem } from '@luoshi/shared';

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
