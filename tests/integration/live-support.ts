import { jetstream } from '@nats-io/jetstream';
import type { Kysely } from 'kysely';
import { io } from 'socket.io-client';
import type { Database } from '@luoshi/db';
import { progressSubject, type ProgressEvent, type RoomRef, type SubscribeAck } from '@luoshi/shared';
import type { LiveSocket } from '../../web/src/live/client';
import type { Stack } from '../support/stack';

/** A socket.io client as the web app makes it, but quick to reconnect and websocket-only. */
let defaultToken: string | null = null;
/** The API token connectClient sends when a call names none (a test file sets it once). */
export function setClientToken(token: string | null): void {
  defaultToken = token;
}

export function connectClient(url: string, opts: { reconnection?: boolean; token?: string | null } = {}): LiveSocket {
  const token = opts.token === undefined ? defaultToken : opts.token;
  return io(url, {
    ...(token ? { auth: { token } } : {}),
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: opts.reconnection ?? true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    forceNew: true,
  });
}

export function connected(socket: LiveSocket): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('socket did not connect')), 10_000);
    socket.once('connect', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

export function subscribe(socket: LiveSocket, room: RoomRef): Promise<SubscribeAck> {
  return socket.timeout(10_000).emitWithAck('subscribe', room);
}

/** The database's truth for a plan: value and version per target. */
export async function dbState(db: Kysely<Database>, planId: string): Promise<Record<string, { value: number; version: number }>> {
  const rows = await db
    .selectFrom('targets as t')
    .innerJoin('target_rollups as r', 'r.target_code', 't.code')
    .select(['t.code', 'r.value', 'r.version'])
    .where('t.plan_id', '=', planId)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.code, { value: r.value, version: r.version }]));
}

let seq = 0;
/**
 * Publishes one event of the test plan through JetStream (the path every producer takes), dated
 * by the stack's clock (the one its app and worker judge "today" by), never the real one.
 */
export async function publishEvent(
  { nc, now }: Pick<Stack, 'nc' | 'now'>,
  prefix: string,
  e: Partial<ProgressEvent> & { target: 'TP-JOBS' | 'TP-AREA' },
): Promise<string> {
  const id = `${prefix}-${++seq}-${Date.now()}`;
  const unit = e.target === 'TP-JOBS' ? 'T-JD-A' : 'T-JD-B';
  const event: ProgressEvent = {
    id,
    kind: e.target === 'TP-JOBS' ? 'increment' : 'reading',
    value: e.target === 'TP-JOBS' ? 1 : 1_950_000 + seq,
    occurredAt: now().toISOString(),
    reporter: '测试',
    ...e,
  };
  await jetstream(nc).publish(progressSubject(unit, e.target), JSON.stringify(event), { msgID: id });
  return id;
}
