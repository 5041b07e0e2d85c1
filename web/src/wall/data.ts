import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { ErrorBody, OwedByUnitResponse, PlanOverview, Screen, SeriesResponse, StatusStyle } from '@luoshi/shared';
import { ApiError, keys } from '../app/api';
import { useStatusStyle } from '../app/status-style';
import { socket } from '../live/socket';
import { authHeaders } from './token';

/**
 * The wall's reads: the same routes and query keys as the dashboard (so the live hooks patch
 * and refetch them), with the screen's device token, retried forever with capped backoff —
 * a wall is never left on an error a person would have to clear.
 */
let token: string | null = null;

export function setWallToken(t: string | null): void {
  token = t;
  // socket.io sends `auth` with every (re)connect; reconnect at once when it changed.
  const auth = t ? { token: t } : {};
  const changed = JSON.stringify(socket.auth ?? {}) !== JSON.stringify(auth);
  socket.auth = auth;
  // The app's socket waits for a signed-in session (autoConnect off); a wall has none and
  // connects with its device token. A changed token starts the handshake over.
  if (changed && socket.active) socket.disconnect();
  if (!socket.active) socket.connect();
}

async function get<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json', ...authHeaders(token) } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as ErrorBody | null;
    throw new ApiError(res.status, body?.code ?? 'http_error', body?.message ?? res.statusText);
  }
  return (await res.json()) as T;
}

const enc = encodeURIComponent;
/** 1 s, 2 s, 4 s … at most 30 s (with jitter), forever. */
export const wallRetryDelay = (attempt: number): number => Math.min(30_000, 1_000 * 2 ** attempt) * (0.75 + Math.random() * 0.5);
const forever = { retry: true, retryDelay: wallRetryDelay } as const;

/**
 * The deployment's status colours, read like every other wall request: with the device token
 * (the route is public, but a wall identifies itself on every call) and retried forever.
 */
const fetchStatusStyle = () => get<StatusStyle>('/api/status-style');
export function useWallStatusStyle(): void {
  useStatusStyle(fetchStatusStyle, 'wall', forever);
}

export const screenKey = (id: string) => ['screen', id] as const;

export function useScreen(id: string) {
  return useQuery({ queryKey: screenKey(id), queryFn: () => get<Screen>(`/api/screens/${enc(id)}`), ...forever, refetchInterval: 5 * 60_000 });
}

export function useWallOverview(planId: string | undefined) {
  return useQuery({
    queryKey: keys.overview(planId ?? ''),
    queryFn: () => get<PlanOverview>(`/api/plans/${enc(planId!)}/overview`),
    enabled: !!planId,
    ...forever,
    // Status is judged per day: refetch now and then even when nothing moved.
    refetchInterval: 10 * 60_000,
  });
}

/** Units owing most reports (issue 17), for the `owed` view; refetched with the overview's cadence. */
export function useWallOwed(planId: string | undefined) {
  return useQuery({
    queryKey: ['owed', 'plan', planId ?? ''],
    queryFn: () => get<OwedByUnitResponse>(`/api/plans/${enc(planId!)}/owed`),
    enabled: !!planId,
    ...forever,
    refetchInterval: 5 * 60_000,
  });
}

export function useWallSeries(code: string | null) {
  return useQuery({
    queryKey: [...keys.series(code ?? ''), 'day'],
    queryFn: () => get<SeriesResponse>(`/api/targets/${enc(code!)}/series?bucket=day`),
    enabled: !!code,
    ...forever,
  });
}

/**
 * When the server was last heard: any `live` batch (the screen room's heartbeat included),
 * `hello` on connect. A module-level store: the status bar reads it once a second; nothing
 * else re-renders for it.
 */
let lastHeard: number | null = null;
export const heardAt = (): number | null => lastHeard;

export function useHeartbeatListener(): void {
  useEffect(() => {
    const heard = (): void => void (lastHeard = Date.now());
    socket.on('live', heard);
    socket.on('hello', heard);
    if (socket.connected) heard();
    return () => {
      socket.off('live', heard);
      socket.off('hello', heard);
    };
  }, []);
}

/** A clock that ticks every `ms` (one interval per caller; use it in small components only). */
export function useNow(ms: number): number {
  // A stable subscribe: a new one each render would restart the interval every second.
  const subscribe = useCallback(
    (fn: () => void) => {
      const id = setInterval(fn, ms);
      return () => clearInterval(id);
    },
    [ms],
  );
  return useSyncExternalStore(subscribe, () => Math.floor(Date.now() / ms) * ms);
}
