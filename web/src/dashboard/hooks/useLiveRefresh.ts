import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { ActivityItem, TargetUpdate } from '@luoshi/shared';
import { live } from '../../live/socket';
import { refreshSoon } from '../../live/useLive';
import { patchView } from '../live-patch';

/**
 * Keeps server-computed views (the overview, a target's state and event log) current:
 * a live update is written into them at once (value, pct, status — see patchView), then
 * the view is refetched, at most every half second, for what only the server computes
 * (aggregates, forecast, the event log). useLive joins the room; this only listens.
 */
export function useLiveRefresh(
  queryKeys: readonly QueryKey[],
  touches: (u: TargetUpdate) => boolean,
  /** Feed lines that change a view without moving a value (a note): refetch only. */
  touchesActivity?: (a: ActivityItem) => boolean,
): void {
  const qc = useQueryClient();
  const latest = useRef({ queryKeys, touches, touchesActivity });
  latest.current = { queryKeys, touches, touchesActivity };
  const keyText = JSON.stringify(queryKeys);

  useEffect(() => {
    const offUpdates = live.onUpdates((updates) => {
      const mine = updates.filter((u) => latest.current.touches(u));
      if (mine.length === 0) return;
      for (const queryKey of latest.current.queryKeys) {
        qc.setQueryData(queryKey, (data: unknown) => patchView(data, mine));
        refreshSoon(qc, queryKey, 500);
      }
    });
    const offActivity = live.onActivity((items) => {
      const f = latest.current.touchesActivity;
      if (f && items.some(f)) for (const queryKey of latest.current.queryKeys) refreshSoon(qc, queryKey, 500);
    });
    return () => {
      offUpdates();
      offActivity();
    };
  }, [qc, keyText]);
}
