import { useQueryClient, type Query, type QueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import type { RoomRef, TargetUpdate } from '@luoshi/shared';
import { keys } from '../app/api';
import type { LiveState } from './client';
import { applyLive } from './apply';
import { live } from './socket';

export type { LiveState } from './client';

const subscribe = (fn: () => void): (() => void) => live.onState(fn);
const getState = (): LiveState => live.state();

/**
 * Writes live target states into every cached view that holds those targets, with the one
 * live-apply function (./apply.ts): target lists, target states, overviews, my targets.
 */
function writeToCache(qc: QueryClient, updates: ReadonlyMap<string, TargetUpdate>): void {
  const list = [...updates.values()];
  for (const q of qc.getQueryCache().findAll({ predicate: (q) => patchedKinds.has(String(q.queryKey[0])) })) {
    const data = q.state.data;
    const next = applyLive(data, list);
    if (next !== null && next !== data) qc.setQueryData(q.queryKey, next);
  }
}

/** The cached views a delta moves (keys.targets, keys.targetState, keys.overview, my targets). */
const patchedKinds = new Set(['targets', 'targetState', 'overview', 'myTargets']);

const soon = new Map<string, ReturnType<typeof setTimeout>>();
/** Refetches a derived view at most once a second, however fast its target moves. */
export function refreshSoon(qc: QueryClient, queryKey: readonly unknown[], ms = 1_000): void {
  const k = JSON.stringify(queryKey);
  if (soon.has(k)) return;
  soon.set(
    k,
    setTimeout(() => {
      soon.delete(k);
      void qc.invalidateQueries({ queryKey });
    }, ms),
  );
}

/**
 * Joins a room and patches the TanStack Query cache with its snapshot and deltas. Three
 * rules keep every number right:
 * - updates apply only when newer (version), whichever way they arrive;
 * - a REST response that lands after a newer live update is patched again at once
 *   (a fetch can read the database just before a commit whose delta came first);
 * - after a gap (reconnect, server restart, resync) the room's snapshot is applied and
 *   every query is refetched, so derived views (series, aggregates) catch up too.
 */
export function useLive(room: RoomRef | null): LiveState {
  const qc = useQueryClient();
  const state = useSyncExternalStore(subscribe, getState);
  const kind = room?.kind;
  const id = room?.id;

  useEffect(() => {
    if (!kind || !id) return;
    const release = live.retain({ kind, id } as RoomRef);
    const offUpdates = live.onUpdates((updates) => {
      writeToCache(qc, new Map(updates.map((u) => [u.target, u])));
      for (const u of updates) refreshSoon(qc, keys.series(u.target));
    });
    const offResynced = live.onResynced(() => void qc.invalidateQueries());
    const offCache = qc.getQueryCache().subscribe((ev) => {
      // A fetched (not hand-written) targets/target result: re-apply anything newer held.
      if (ev.type !== 'updated' || ev.action.type !== 'success' || ev.action.manual) return;
      const q = ev.query as Query;
      if (!patchedKinds.has(String(q.queryKey[0]))) return;
      if (live.held().size > 0) writeToCache(qc, live.held());
    });
    // Whatever the cache holds from before this room was joined may already be behind.
    if (live.held().size > 0) writeToCache(qc, live.held());
    return () => {
      offUpdates();
      offResynced();
      offCache();
      release();
    };
  }, [kind, id, qc]);

  return state;
}
