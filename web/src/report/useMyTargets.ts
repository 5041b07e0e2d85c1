import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { type MyTargetsResponse, type Principal, type RoomRef } from '@luoshi/shared';
import { applyLive } from '../live/apply';
import { refreshSoon } from '../live/useLive';
import { live } from '../live/socket';
import { reportApi, reportKeys } from './api';
import { outbox } from './outbox/store';

/**
 * The reporter's targets, kept current: staff follow their unit's live room, admins the
 * rooms of the plans listed. A counted receipt also refreshes the list (who reported last).
 */
export function useMyTargets(user: Principal | null) {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: reportKeys.myTargets, queryFn: reportApi.myTargets, enabled: !!user });
  const plans = [...new Set((q.data?.targets ?? []).map((t) => t.planId))].sort().join(',');
  const unit = user?.role === 'staff' ? user.unitCode : null;

  useEffect(() => {
    const rooms: RoomRef[] = unit
      ? [{ kind: 'unit', id: unit }]
      : plans
        ? plans.split(',').map((id) => ({ kind: 'plan', id }))
        : [];
    const releases = rooms.map((r) => live.retain(r));
    const offUpdates = live.onUpdates((updates) => {
      // The one live apply of every page: value, status and forecast from the delta.
      qc.setQueryData<MyTargetsResponse>(reportKeys.myTargets, (d) => (d ? (applyLive(d, updates) as MyTargetsResponse) : d));
    });
    // Soon after a receipt: "last reported" and who come from the server, not the receipt.
    const offReceipts = live.onReceipts(() => refreshSoon(qc, reportKeys.myTargets, 300));
    const offResync = live.onResynced(() => void qc.invalidateQueries({ queryKey: reportKeys.myTargets }));
    return () => {
      releases.forEach((r) => r());
      offUpdates();
      offReceipts();
      offResync();
    };
  }, [qc, unit, plans]);

  // Counted over REST (the fallback) moves the list too: refresh when a report gets decided.
  useEffect(() => {
    const decided = () => outbox.items().filter((i) => i.state === 'counted' || i.state === 'duplicate').length;
    let seen = decided();
    return outbox.subscribe(() => {
      const now = decided();
      if (now > seen) refreshSoon(qc, reportKeys.myTargets, 300);
      seen = now;
    });
  }, [qc]);
  return q;
}
