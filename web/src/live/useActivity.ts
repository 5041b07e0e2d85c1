import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { ActivityItem } from '@luoshi/shared';
import { get } from '../app/http';
import { mergeActivity } from './patch';
import { live } from './socket';
import { refreshSoon, useLive, type LiveState } from './useLive';

export const ACTIVITY_LIMIT = 50;

export const activityKey = (planId: string) => ['activity', planId] as const;

const fetchActivity = (planId: string, limit: number): Promise<ActivityItem[]> =>
  get<ActivityItem[]>(`/api/plans/${encodeURIComponent(planId)}/activity?limit=${limit}`);

export interface ActivityFeed {
  /** Newest first, each event once, at most `limit`. */
  items: ActivityItem[];
  isPending: boolean;
  error: Error | null;
  live: LiveState;
}

/**
 * A plan's activity feed: the REST list (`GET /api/plans/:id/activity`) merged with the
 * live lines of the plan room, deduplicated by event id, newest first, bounded. After a
 * gap (reconnect, or a burst the server thinned out) the REST list is fetched again, so
 * lines missed meanwhile appear.
 */
export function useActivity(planId: string | null | undefined, limit = ACTIVITY_LIMIT): ActivityFeed {
  const qc = useQueryClient();
  const state = useLive(planId ? { kind: 'plan', id: planId } : null);
  const rest = useQuery({
    queryKey: activityKey(planId ?? ''),
    queryFn: () => fetchActivity(planId!, limit),
    enabled: !!planId,
  });
  const [lines, setLines] = useState<ActivityItem[]>([]);

  useEffect(() => {
    setLines([]);
    if (!planId) return;
    const offActivity = live.onActivity((items, dropped) => {
      const mine = items.filter((a) => a.planId === planId);
      if (mine.length > 0) setLines((prev) => mergeActivity(limit, mine, prev));
      if (dropped > 0) refreshSoon(qc, activityKey(planId));
    });
    const offResynced = live.onResynced((room) => {
      if (room.kind === 'plan' && room.id === planId) void qc.invalidateQueries({ queryKey: activityKey(planId) });
    });
    return () => {
      offActivity();
      offResynced();
    };
  }, [planId, limit, qc]);

  const items = useMemo(() => mergeActivity(limit, lines, rest.data ?? []), [lines, rest.data, limit]);
  return { items, isPending: rest.isPending, error: rest.error, live: state };
}
