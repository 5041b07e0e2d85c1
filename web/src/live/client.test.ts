import { describe, expect, it } from 'vitest';
import type { LiveBatch, RoomRef, SubscribeAck, TargetUpdate } from '@luoshi/shared';
import { createLiveClient, type LiveSocket } from './client';

/** Just enough of a socket.io client socket: handlers, emits with acks, connect/disconnect. */
function fakeSocket() {
  const handlers = new Map<string, Set<(...a: unknown[]) => void>>();
  const sent: { event: string; room: RoomRef; ack: (res: SubscribeAck) => void }[] = [];
  const socket = {
    connected: false,
    on(ev: string, fn: (...a: unknown[]) => void) {
      if (!handlers.has(ev)) handlers.set(ev, new Set());
      handlers.get(ev)!.add(fn);
      return socket;
    },
    off(ev: string, fn: (...a: unknown[]) => void) {
      handlers.get(ev)?.delete(fn);
      return socket;
    },
    emit(event: string, room: RoomRef, ack: (res: SubscribeAck) => void) {
      sent.push({ event, room, ack });
      return socket;
    },
    connect() {
      return socket;
    },
  };
  const fire = (ev: string, ...args: unknown[]): void => handlers.get(ev)?.forEach((fn) => fn(...args));
  return {
    socket: socket as unknown as LiveSocket,
    sent,
    up() {
      socket.connected = true;
      fire('connect');
    },
    down(reason = 'transport close') {
      socket.connected = false;
      fire('disconnect', reason);
    },
    fire,
  };
}

const u = (target: string, version: number, value = version): TargetUpdate => ({
  target,
  planId: 'P',
  ownerUnit: 'U',
  value,
  pct: null,
  status: 'on_track',
  forecastDate: null,
  lastOccurredAt: null,
  version,
});
const batch = (updates: TargetUpdate[]): LiveBatch => ({ updates, activity: [], activityDropped: 0, receipts: [], serverTime: '2026-03-02T00:00:00Z' });
const ok = (snapshot: TargetUpdate[]): SubscribeAck => ({ ok: true, room: 'plan:P', snapshot, serverTime: '2026-03-02T00:00:00Z' });

describe('createLiveClient', () => {
  it('joins on connect, applies the snapshot, keeps the newest version from any source', () => {
    const f = fakeSocket();
    const live = createLiveClient(f.socket);
    live.retain({ kind: 'plan', id: 'P' });
    expect(f.sent).toHaveLength(0); // not connected yet
    f.up();
    expect(f.sent.map((s) => [s.event, s.room.id])).toEqual([['subscribe', 'P']]);
    expect(live.state().connected).toBe(false);
    f.sent[0]!.ack(ok([u('A', 3), u('B', 1)]));
    expect(live.state().connected).toBe(true);
    f.fire('live', batch([u('A', 2), u('B', 4)])); // A is older than the snapshot
    expect(live.held().get('A')!.version).toBe(3);
    expect(live.held().get('B')!.version).toBe(4);
  });

  it('after a drop: offline with the time data was last current, then re-subscribes and tells the page to refetch', () => {
    const f = fakeSocket();
    const live = createLiveClient(f.socket);
    live.retain({ kind: 'plan', id: 'P' });
    let resynced = 0;
    live.onResynced(() => resynced++);
    f.up();
    f.sent[0]!.ack(ok([u('A', 1)]));
    f.down();
    expect(live.state().connected).toBe(false);
    expect(live.state().asOf).not.toBeNull();
    f.up();
    expect(f.sent).toHaveLength(2);
    f.sent[1]!.ack(ok([u('A', 9)])); // what happened meanwhile
    expect(live.held().get('A')!.version).toBe(9);
    expect(resynced).toBe(1);
    expect(live.state().connected).toBe(true);
  });

  it('does not wait forever for a room that does not exist, and unsubscribes when the last user leaves', () => {
    const f = fakeSocket();
    const live = createLiveClient(f.socket);
    f.up();
    const release1 = live.retain({ kind: 'target', id: 'NOPE' });
    const release2 = live.retain({ kind: 'target', id: 'NOPE' });
    expect(f.sent).toHaveLength(1); // reference-counted: one subscription
    f.sent[0]!.ack({ ok: false, code: 'not_found', message: 'no target NOPE' });
    expect(live.state().connected).toBe(true);
    release1();
    expect(f.sent).toHaveLength(1);
    release2();
    expect(f.sent.map((s) => s.event)).toEqual(['subscribe', 'unsubscribe']);
  });

  it('re-subscribes when the server asks for a resync', async () => {
    const f = fakeSocket();
    const live = createLiveClient(f.socket, { resyncJitterMs: 1 });
    live.retain({ kind: 'unit', id: 'U' });
    f.up();
    f.sent[0]!.ack(ok([]));
    f.fire('resync', { reason: 'test' });
    await new Promise((r) => setTimeout(r, 20));
    expect(f.sent.filter((s) => s.event === 'subscribe')).toHaveLength(2);
  });
});
