import {
  newer,
  roomName,
  type ActivityItem,
  type ClientToServer,
  type LiveBatch,
  type Receipt,
  type RoomRef,
  type ServerToClient,
  type TargetUpdate,
} from '@luoshi/shared';
import type { Socket } from 'socket.io-client';

/**
 * What the app uses of a socket.io socket, and all it may use: the page's socket is a facade
 * until the library has loaded (lazy-socket.ts), and a member used here but not forwarded there
 * would be a silent no-op. Widen both together.
 */
export type AppSocket = Pick<LiveSocket, 'on' | 'off' | 'emit' | 'connect' | 'disconnect' | 'connected' | 'active' | 'auth'>;

export type LiveSocket = Socket<ServerToClient, ClientToServer>;

export interface LiveState {
  /** Socket connected and every room this page needs joined with a fresh snapshot. */
  connected: boolean;
  /** When the data on screen was last known to be current (live: the latest sync; offline: when the link dropped). */
  asOf: Date | null;
  /** Server clock minus this clock (from `hello`), to show ages in server time. */
  serverOffsetMs: number;
}

export type UpdateSource = 'snapshot' | 'delta';

export interface LiveClient {
  readonly socket: AppSocket;
  /** Joins a room (reference-counted across the page) and keeps it joined across reconnects; returns the release. */
  retain(room: RoomRef): () => void;
  state(): LiveState;
  onState(fn: () => void): () => void;
  /** Target states that are newer than what was held (snapshots and deltas alike). */
  onUpdates(fn: (updates: TargetUpdate[], source: UpdateSource) => void): () => void;
  onActivity(fn: (items: ActivityItem[], dropped: number) => void): () => void;
  /** What ingest decided for reported events (only sockets in a `reports:` room get them). */
  onReceipts(fn: (receipts: Receipt[]) => void): () => void;
  /** A room was joined again after a gap (reconnect, server restart, resync): derived views must refetch. */
  onResynced(fn: (room: RoomRef) => void): () => void;
  /** Newest state held per target. */
  held(): ReadonlyMap<string, TargetUpdate>;
  close(): void;
}

/**
 * The client half of the live protocol, framework-free so node tests drive the very same
 * logic the pages use. Snapshot then deltas: after every (re)connect each retained room
 * is subscribed again and its snapshot applied; every update is applied only when its
 * version is newer than the one held, so reordering between snapshot, deltas and REST
 * responses cannot leave an old number on screen.
 */
export function createLiveClient(socket: AppSocket, opts: { resyncJitterMs?: number } = {}): LiveClient {
  const rooms = new Map<string, { ref: RoomRef; count: number; joined: boolean; everJoined: boolean }>();
  const held = new Map<string, TargetUpdate>();
  const listeners = {
    state: new Set<() => void>(),
    updates: new Set<(u: TargetUpdate[], s: UpdateSource) => void>(),
    activity: new Set<(a: ActivityItem[], d: number) => void>(),
    receipts: new Set<(r: Receipt[]) => void>(),
    resynced: new Set<(r: RoomRef) => void>(),
  };
  let state: LiveState = { connected: false, asOf: null, serverOffsetMs: 0 };
  let gap = false; // a disconnect or resync happened since the rooms were last joined

  const setState = (patch: Partial<LiveState>): void => {
    state = { ...state, ...patch };
    listeners.state.forEach((fn) => fn());
  };
  const allJoined = (): boolean => [...rooms.values()].every((r) => r.joined);

  const apply = (updates: TargetUpdate[], source: UpdateSource): void => {
    const fresh = updates.filter((u) => newer(held.get(u.target), u));
    for (const u of fresh) held.set(u.target, u);
    if (fresh.length > 0) listeners.updates.forEach((fn) => fn(fresh, source));
  };

  const join = (key: string): void => {
    const entry = rooms.get(key);
    if (!entry || !socket.connected) return;
    const wasGap = entry.everJoined;
    socket.emit('subscribe', entry.ref, (res) => {
      const current = rooms.get(key);
      if (!current) return; // released meanwhile
      if (!res.ok) {
        // busy / unavailable heal by retrying; not_found / bad_room do not: the page shows
        // its own "not found", and the badge must not wait for that room forever.
        if (res.code === 'busy' || res.code === 'unavailable') setTimeout(() => join(key), 1_000 + Math.random() * 2_000);
        else {
          current.joined = true;
          if (allJoined() && socket.connected) setState({ connected: true, asOf: new Date() });
        }
        return;
      }
      current.joined = true;
      current.everJoined = true;
      apply(res.snapshot, 'snapshot');
      if (wasGap) listeners.resynced.forEach((fn) => fn(current.ref));
      if (allJoined()) {
        gap = false;
        setState({ connected: true, asOf: new Date() });
      }
    });
  };

  const rejoinAll = (): void => {
    for (const [key, r] of rooms) {
      r.joined = false;
      join(key);
    }
    if (rooms.size === 0 && socket.connected) setState({ connected: true, asOf: new Date() });
  };

  const onConnect = (): void => rejoinAll();
  const onDisconnect = (reason: string): void => {
    // The server ended the session on purpose; socket.io would not retry. A screen must.
    if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1_000 + Math.random() * 2_000);
    gap = true;
    for (const r of rooms.values()) r.joined = false;
    setState({ connected: false, asOf: state.connected ? new Date() : state.asOf });
  };
  const onHello = (h: { serverTime: string }): void => {
    const t = Date.parse(h.serverTime);
    if (Number.isFinite(t)) setState({ serverOffsetMs: t - Date.now() });
  };
  const onLive = (batch: LiveBatch): void => {
    apply(batch.updates, 'delta');
    if (batch.activity.length > 0 || batch.activityDropped > 0) listeners.activity.forEach((fn) => fn(batch.activity, batch.activityDropped));
    if (batch.receipts.length > 0) listeners.receipts.forEach((fn) => fn(batch.receipts));
    // At most one state change a second: the badge shows seconds, and every change re-renders.
    if (state.connected && (!state.asOf || Date.now() - state.asOf.getTime() >= 1_000)) setState({ asOf: new Date() });
  };
  let resyncTimer: ReturnType<typeof setTimeout> | null = null;
  const onResync = (): void => {
    gap = true;
    // Spread the re-subscriptions: a thousand screens must not query the database at once.
    resyncTimer ??= setTimeout(() => {
      resyncTimer = null;
      rejoinAll();
    }, Math.random() * (opts.resyncJitterMs ?? 2_000));
  };

  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  socket.on('hello', onHello);
  socket.on('live', onLive);
  socket.on('resync', onResync);
  if (socket.connected) setState({ connected: true, asOf: new Date() });

  const on = <T>(set: Set<T>, fn: T): (() => void) => {
    set.add(fn);
    return () => void set.delete(fn);
  };

  return {
    socket,
    retain(ref) {
      const key = roomName(ref);
      const entry = rooms.get(key);
      if (entry) entry.count++;
      else {
        rooms.set(key, { ref, count: 1, joined: false, everJoined: false });
        join(key);
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const e = rooms.get(key);
        if (!e) return;
        if (--e.count > 0) return;
        rooms.delete(key);
        if (socket.connected) socket.emit('unsubscribe', ref, () => undefined);
        if (socket.connected && allJoined() && !gap) setState({ connected: true });
      };
    },
    state: () => state,
    onState: (fn) => on(listeners.state, fn),
    onUpdates: (fn) => on(listeners.updates, fn),
    onActivity: (fn) => on(listeners.activity, fn),
    onReceipts: (fn) => on(listeners.receipts, fn),
    onResynced: (fn) => on(listeners.resynced, fn),
    held: () => held,
    close() {
      if (resyncTimer) clearTimeout(resyncTimer);
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('hello', onHello);
      socket.off('live', onLive);
      socket.off('resync', onResync);
    },
  };
}
