import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { ActivityItem, TargetUpdate } from '@luoshi/shared';
import { live } from '../../live/socket';
import { refreshSoon } from '../../live/useLive';
import { applyLive } from '../../live/apply';

/**
 * Keeps a page's views current: a live update is written into them at once with the one
 * live-apply function (values, status badges, counts, aggregates — live/apply.ts), no
 * refetch. Only views a delta cannot move (a target's event log) are refetched, at most
 * every half second, and so are views a feed line touches without moving a value (a note).
 * useLive joins the room; this only listens.
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
        const data = qc.getQueryData(queryKey);
        const next = applyLive(data, mine);
        if (next === null) refreshSoon(qc, queryKey, 500);
        else if (next !== data) qc.setQueryData(queryKey, next);
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
