/**
 * Type-level test, checked by `pnpm typecheck` (tsc -p web), never run: the client side
 * of the socket.io protocol refuses wrong payloads at compile time. Each
 * `@ts-expect-error` fails the typecheck if the line below it ever compiles.
 */
import type { LiveSocket } from './client';

export function clientSide(socket: LiveSocket): void {
  socket.emit('subscribe', { kind: 'plan', id: 'WJC-2026' }, (res) => {
    if (res.ok) {
      const versions: number[] = res.snapshot.map((u) => u.version);
      void versions;
    } else {
      const code: string = res.code;
      void code;
    }
  });
  socket.emit('unsubscribe', { kind: 'target', id: 'WJC26-001' }, () => undefined);
  socket.on('live', (batch) => {
    const n: number = batch.updates.length + batch.activity.length + batch.activityDropped;
    void n;
  });

  // @ts-expect-error no such room kind
  socket.emit('subscribe', { kind: 'district', id: 'X' }, () => undefined);
  // @ts-expect-error the room id is a string
  socket.emit('subscribe', { kind: 'plan', id: 42 }, () => undefined);
  // @ts-expect-error subscribe takes a room reference, not a room name
  socket.emit('subscribe', 'plan:WJC-2026', () => undefined);
  // @ts-expect-error no such client event
  socket.emit('publish', { id: 'e1' });
  // @ts-expect-error no such server event
  socket.on('target:update', () => undefined);
  // @ts-expect-error a batch's updates are TargetUpdates
  socket.on('live', (batch: { updates: string[] }) => void batch);
}
