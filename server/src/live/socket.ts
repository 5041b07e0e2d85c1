import type { FastifyInstance } from 'fastify';
import { Server, type Socket } from 'socket.io';
import {
  isCode,
  roomName,
  type Ack,
  type ClientToServer,
  type RoomRef,
  type ServerToClient,
  type ActivityItem,
  type TargetUpdate,
} from '@luoshi/shared';

export type LiveServer = Server<ClientToServer, ServerToClient>;

const ROOM_KINDS = new Set(['plan', 'unit', 'target', 'screen']);

/** Narrows what a client sent to a RoomRef; clients are not trusted to send the right shape. */
function parseRoom(raw: unknown): RoomRef | null {
  if (!raw || typeof raw !== 'object') return null;
  const { kind, id } = raw as { kind?: unknown; id?: unknown };
  if (typeof kind !== 'string' || !ROOM_KINDS.has(kind) || typeof id !== 'string' || !isCode(id)) return null;
  return { kind, id } as RoomRef;
}

/**
 * Attaches socket.io to the app's HTTP server. Until accounts exist (issue 9) every
 * seeded plan, unit and target is readable; the room must exist to be joined.
 */
export function attachSocket(app: FastifyInstance): LiveServer {
  const io: LiveServer = new Server(app.server, { serveClient: false, path: '/socket.io' });

  const exists = async (room: RoomRef): Promise<boolean> => {
    const db = app.db;
    switch (room.kind) {
      case 'plan':
        return !!(await db.selectFrom('plans').select('id').where('id', '=', room.id).executeTakeFirst());
      case 'unit':
        return !!(await db.selectFrom('units').select('code').where('code', '=', room.id).executeTakeFirst());
      case 'target':
        return !!(await db.selectFrom('targets').select('code').where('code', '=', room.id).executeTakeFirst());
      case 'screen':
        return false; // wall screens arrive with issue 8
    }
  };

  io.on('connection', (socket: Socket<ClientToServer, ServerToClient>) => {
    const handle = (join: boolean) => async (raw: unknown, ack: unknown) => {
      const reply = (res: Ack): void => {
        if (typeof ack === 'function') (ack as (r: Ack) => void)(res);
      };
      const room = parseRoom(raw);
      if (!room) return reply({ ok: false, code: 'bad_room', message: 'a room is {kind: plan|unit|target|screen, id: code}' });
      try {
        if (join && !(await exists(room))) {
          return reply({ ok: false, code: 'not_found', message: `no ${room.kind} ${room.id}` });
        }
        if (join) await socket.join(roomName(room));
        else await socket.leave(roomName(room));
        reply({ ok: true });
      } catch (err) {
        app.log.error({ err }, 'socket room change failed');
        reply({ ok: false, code: 'unavailable', message: 'the server could not check the room; try again' });
      }
    };
    socket.on('subscribe', handle(true));
    socket.on('unsubscribe', handle(false));
  });
  return io;
}

/** One emit per update to the union of its rooms, so a socket in both gets it once. */
export function broadcast(io: LiveServer, updates: TargetUpdate[]): void {
  for (const u of updates) {
    io.to([roomName({ kind: 'target', id: u.target }), roomName({ kind: 'plan', id: u.planId })]).emit('target:update', u);
  }
}

/** Activity is not coalesced: every event is a line in the feed. */
export function broadcastActivity(io: LiveServer, items: ActivityItem[]): void {
  const first = items[0];
  if (!first) return;
  io.to([roomName({ kind: 'target', id: first.target }), roomName({ kind: 'plan', id: first.planId })]).emit('activity', items);
}
