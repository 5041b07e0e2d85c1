import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { RoomRef, TargetUpdate, TargetWithRollup } from '@luoshi/shared';
import { keys } from '../app/api';
import { socket } from './socket';

export interface LiveState {
  connected: boolean;
  /** When the data on screen was last known to be current. */
  asOf: Date | null;
}

function patch(t: TargetWithRollup, u: TargetUpdate): TargetWithRollup {
  // Versions only grow: an older update (reordered, or from before a refetch) is dropped.
  if (u.version <= t.version) return t;
  return { ...t, value: u.value, version: u.version, lastOccurredAt: u.lastOccurredAt ?? t.lastOccurredAt };
}

/**
 * Joins a room and patches the TanStack Query cache with its updates. After every
 * (re)connect it rejoins and refetches, so nothing on screen stays wrong after a drop.
 */
export function useLive(room: RoomRef | null): LiveState {
  const qc = useQueryClient();
  const [state, setState] = useState<LiveState>({ connected: socket.connected, asOf: socket.connected ? new Date() : null });
  const kind = room?.kind;
  const id = room?.id;

  useEffect(() => {
    if (!kind || !id) return;
    const ref = { kind, id } as RoomRef;
    const join = (): void => {
      socket.emit('subscribe', ref, (res) => {
        if (res.ok) {
          // The snapshot: refetch everything this page shows, then apply deltas.
          void qc.invalidateQueries();
          setState({ connected: true, asOf: new Date() });
        }
      });
    };
    const onUpdate = (u: TargetUpdate): void => {
      qc.setQueryData<TargetWithRollup[]>(keys.targets(u.planId), (list) => list?.map((t) => (t.code === u.target ? patch(t, u) : t)));
      qc.setQueryData<TargetWithRollup>(keys.target(u.target), (t) => (t ? patch(t, u) : t));
      void qc.invalidateQueries({ queryKey: keys.series(u.target) });
      setState({ connected: true, asOf: new Date() });
    };
    const onDisconnect = (): void => setState((s) => ({ ...s, connected: false }));
    socket.on('connect', join);
    socket.on('disconnect', onDisconnect);
    socket.on('target:update', onUpdate);
    if (socket.connected) join();
    return () => {
      socket.off('connect', join);
      socket.off('disconnect', onDisconnect);
      socket.off('target:update', onUpdate);
      socket.emit('unsubscribe', ref, () => undefined);
    };
  }, [kind, id, qc]);

  return state;
}
