/**
 * Type-level test, checked by `pnpm typecheck` (tsc -p server), never run: the server
 * side of the socket.io protocol refuses wrong payloads at compile time. Each
 * `@ts-expect-error` fails the typecheck if the line below it ever compiles.
 */
import type { LiveServer } from './socket';
import type { TargetUpdate } from '@luoshi/shared';

export function serverSide(io: LiveServer, u: TargetUpdate): void {
  io.to('plan:P').emit('live', { updates: [u], activity: [], activityDropped: 0, receipts: [], serverTime: '2026-01-01T00:00:00Z' });
  io.to('reports:U').emit('live', { updates: [], activity: [], activityDropped: 0, receipts: [{ eventId: 'e1', target: 'T', ownerUnit: 'U', outcome: 'rejected', code: 'unknown_event', message: 'x', at: 'x' }], serverTime: 'x' });
  // @ts-expect-error every batch carries its receipts (possibly none)
  io.emit('live', { updates: [u], activity: [], activityDropped: 0, serverTime: 'x' });
  // @ts-expect-error a receipt's outcome is counted, duplicate or rejected
  io.emit('live', { updates: [], activity: [], activityDropped: 0, receipts: [{ eventId: 'e1', target: 'T', ownerUnit: 'U', outcome: 'pending', code: null, message: null, at: 'x' }], serverTime: 'x' });
  io.emit('hello', { serverTime: '2026-01-01T00:00:00Z', instance: 'a', tickMs: 100 });
  io.emit('resync', { reason: 'test' });

  // @ts-expect-error a batch, not a single update
  io.emit('live', u);
  // @ts-expect-error every batch says how many feed lines it left out
  io.emit('live', { updates: [u], activity: [], serverTime: 'x' });
  // @ts-expect-error version is a number
  io.emit('live', { updates: [{ ...u, version: '3' }], activity: [], activityDropped: 0, receipts: [], serverTime: 'x' });
  // @ts-expect-error an update names its owner unit (unit rooms are routed by it)
  io.emit('live', { updates: [{ target: 'T', planId: 'P', value: 1, pct: null, status: 'on_track', forecastDate: null, lastOccurredAt: null, version: 1 }], activity: [], activityDropped: 0, receipts: [], serverTime: 'x' });
  // @ts-expect-error no such server event
  io.emit('target:update', u);
  // @ts-expect-error tickMs is a number
  io.emit('hello', { serverTime: 'x', instance: 'a', tickMs: '100' });

  io.on('connection', (socket) => {
    socket.on('subscribe', (room, ack) => {
      ack({ ok: true, room: `${room.kind}:${room.id}`, snapshot: [u], serverTime: 'x' });
      ack({ ok: false, code: 'not_found', message: 'no plan' });
      // @ts-expect-error a successful subscribe carries the room's snapshot
      ack({ ok: true });
      // @ts-expect-error an error has a code and a message
      ack({ ok: false });
    });
    // @ts-expect-error clients cannot send this
    socket.on('publish', () => undefined);
  });
}
