import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { Server, type Socket } from 'socket.io';
import type { Database } from '@luoshi/db';
import {
  ROOM_KINDS,
  MAX_ROOMS_PER_SOCKET,
  isCode,
  roomName,
  type Ack,
  type ClientToServer,
  type LiveErrorCode,
  type RoomRef,
  type ServerToClient,
  type SubscribeAck,
  type Principal,
} from '@luoshi/shared';
import { mayRead } from '../auth/rooms';
import { roomExists, roomSnapshot } from './snapshot';
import { SESSION_COOKIE, fromBearer, fromSession } from '../auth/plugin';
import { hashSecret } from '../auth/tokens';
import { systemClock, type Clock } from '../infra/clock';

export type LiveServer = Server<ClientToServer, ServerToClient>;
type LiveSocket = Socket<ClientToServer, ServerToClient>;

/**
 * Largest message a client may send. Clients only send `subscribe`/`unsubscribe` with a
 * room reference (< 200 bytes); anything much larger is abuse, and engine.io closes that
 * connection instead of buffering it (socket.io's default is 1 MB).
 */
export const MAX_CLIENT_MESSAGE_BYTES = 16 * 1024;
/** Room checks one socket may have in flight; more are answered `busy` (each check is a query). */
const MAX_PENDING_PER_SOCKET = 4;
const KNOWN_EVENTS = new Set<string>(['subscribe', 'unsubscribe']);

const roomKinds = new Set<string>(ROOM_KINDS);

/** Narrows what a client sent to a RoomRef; clients are not trusted to send the right shape. */
export function parseRoom(raw: unknown): RoomRef | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const { kind, id } = raw as { kind?: unknown; id?: unknown };
  if (typeof kind !== 'string' || !roomKinds.has(kind) || typeof id !== 'string' || !isCode(id)) return null;
  return { kind, id } as RoomRef;
}

/** The room argument and the ack, whatever a client sent: the ack is the last argument when it is a function. */
function splitArgs(args: unknown[]): { raw: unknown; ack: ((res: unknown) => void) | null } {
  const last = args.at(-1);
  const ack = typeof last === 'function' ? (last as (res: unknown) => void) : null;
  return { raw: ack && args.length === 1 ? undefined : args[0], ack };
}

const err = (code: LiveErrorCode, message: string) => ({ ok: false as const, code, message });

/** Same origin (the Host the browser connected to) or one listed in CORS_ORIGIN; no Origin: not a browser. */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** The credential a handshake carries: `auth: {token}`, an Authorization bearer, or the session cookie. */
function handshakeCredential(socket: LiveSocket): { kind: 'token' | 'session'; secret: string } | null {
  const auth = socket.handshake.auth as { token?: unknown } | undefined;
  const header = socket.handshake.headers.authorization;
  const token = typeof auth?.token === 'string' ? auth.token : header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
  if (token) return { kind: 'token', secret: token };
  const sid = cookieValue(socket.handshake.headers.cookie, SESSION_COOKIE);
  return sid ? { kind: 'session', secret: sid } : null;
}

async function handshakePrincipal(db: Kysely<Database>, socket: LiveSocket): Promise<Principal | null> {
  const c = handshakeCredential(socket);
  if (!c) return null;
  return c.kind === 'token' ? fromBearer(db, c.secret) : ((await fromSession(db, c.secret))?.principal ?? null);
}

/**
 * Disconnects every socket whose token was revoked or whose session ended (signed out,
 * expired, account disabled) since it connected: two queries per sweep, whatever the
 * number of sockets. Each instance sweeps its own sockets.
 */
export async function sweepCredentials(db: Kysely<Database>, io: LiveServer): Promise<number> {
  const sockets = [...io.of('/').sockets.values()];
  const tokens = new Map<string, LiveSocket[]>();
  const sessions = new Map<string, LiveSocket[]>();
  for (const socket of sockets) {
    const c = handshakeCredential(socket);
    if (!c) continue;
    const into = c.kind === 'token' ? tokens : sessions;
    const h = hashSecret(c.secret);
    into.set(h, [...(into.get(h) ?? []), socket]);
  }
  const valid = new Set<string>();
  if (tokens.size > 0) {
    const rows = await db.selectFrom('api_tokens').select('token_hash').where('token_hash', 'in', [...tokens.keys()]).where('revoked_at', 'is', null).execute();
    rows.forEach((r) => valid.add(r.token_hash));
  }
  if (sessions.size > 0) {
    const rows = await db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select('s.id_hash')
      .where('s.id_hash', 'in', [...sessions.keys()])
      .where('s.expires_at', '>', sql<Date>`now()`)
      .where('u.disabled_at', 'is', null)
      .execute();
    rows.forEach((r) => valid.add(r.id_hash));
  }
  let dropped = 0;
  for (const [h, list] of [...tokens, ...sessions]) {
    if (valid.has(h)) continue;
    for (const socket of list) {
      socket.disconnect(true);
      dropped++;
    }
  }
  return dropped;
}

/**
 * Takes the screen's sockets (on this instance) out of every room its screen no longer
 * shows: after an admin points a screen at another plan, the old plan's live batches stop
 * at once, not at the socket's next join. Returns how many rooms were left. The credential
 * sweep runs it for every screen socket too, so instances that did not serve the PUT catch
 * up within a sweep.
 */
export async function rescopeScreenSockets(db: Kysely<Database>, io: LiveServer, screenId?: string): Promise<number> {
  let left = 0;
  for (const socket of io.of('/').sockets.values()) {
    const p = socket.data.principal as Principal | undefined;
    if (p?.role !== 'screen' || (screenId !== undefined && p.screenId !== screenId)) continue;
    for (const name of [...socket.rooms]) {
      const room = name === socket.id ? null : parseRoom({ kind: name.slice(0, name.indexOf(':')), id: name.slice(name.indexOf(':') + 1) });
      if (!room || (await mayRead(db, p, room))) continue;
      await socket.leave(name);
      left++;
    }
  }
  return left;
}

/** Disconnects this instance's sockets signed in as the user (sessions, not tokens); returns how many. */
export function disconnectUser(io: LiveServer, userId: string): number {
  let n = 0;
  for (const socket of io.of('/').sockets.values()) {
    const p = socket.data.principal as Principal | undefined;
    if (p?.kind !== 'user' || p.id !== userId) continue;
    socket.disconnect(true);
    n++;
  }
  return n;
}

export interface SocketOptions {
  instance: string;
  tickMs: number;
  /** Browser origins allowed besides the server's own (CORS_ORIGIN). */
  corsOrigins?: readonly string[];
  /** The app clock: snapshot statuses and `serverTime` (infra/clock.ts); default now. */
  now?: Clock;
}

/*
 * Transport only: handshake, credentials, room joins. Who may see a room is the auth
 * folder's (auth/rooms.ts); what a room shows is the read model's (live/snapshot.ts).
 */

/**
 * Attaches socket.io to the app's HTTP server. No connection-state recovery: a client
 * that reconnects (to this or any other instance) re-subscribes and gets a fresh snapshot,
 * which is correct after any gap, a server restart included (docs/decisions.md).
 */
export function attachSocket(app: FastifyInstance, opts: SocketOptions): LiveServer {
  const now = opts.now ?? systemClock;
  const io: LiveServer = new Server(app.server, {
    serveClient: false,
    path: '/socket.io',
    maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES,
    // A phone on a flaky network or a wall screen behind a proxy: detect dead links in < 45 s.
    pingInterval: 20_000,
    pingTimeout: 20_000,
  });

  // Every connection: a browser's Origin must be this server's (or a CORS_ORIGIN), and a
  // principal must come with the handshake. Refusals reach the client as connect_error.
  io.use((socket, next) => {
    const origin = socket.handshake.headers.origin;
    if (!originAllowed(origin, socket.handshake.headers.host, opts.corsOrigins ?? [])) {
      return next(new Error(`forbidden_origin: connections from ${origin} are not allowed`));
    }
    handshakePrincipal(app.db, socket).then(
      (p) => {
        if (!p) return next(new Error('unauthenticated: sign in, or pass auth: {token} with an API token'));
        socket.data.principal = p;
        next();
      },
      (e: unknown) => {
        app.log.error({ err: e }, 'socket handshake failed');
        next(new Error('unavailable: the server could not check the credentials; try again'));
      },
    );
  });

  io.on('connection', (socket: LiveSocket) => {
    let pending = 0;
    socket.emit('hello', { serverTime: now().toISOString(), instance: opts.instance, tickMs: opts.tickMs });

    socket.on('subscribe', async (...args: unknown[]) => {
      const { raw, ack } = splitArgs(args);
      const reply = (res: SubscribeAck): void => ack?.(res);
      const room = parseRoom(raw);
      if (!room) return reply(err('bad_room', 'a room is {kind: plan|unit|target|screen|reports, id: code}'));
      const name = roomName(room);
      // Rooms joined (less the socket's own) plus joins still being checked.
      if (!socket.rooms.has(name) && socket.rooms.size - 1 + pending >= MAX_ROOMS_PER_SOCKET) {
        return reply(err('too_many_rooms', `a connection may be in at most ${MAX_ROOMS_PER_SOCKET} rooms; unsubscribe first`));
      }
      if (pending >= MAX_PENDING_PER_SOCKET) return reply(err('busy', 'too many subscriptions in flight; wait for the answers'));
      pending++;
      try {
        if (!(await roomExists(app.db, room))) return reply(err('not_found', `no ${room.kind} ${room.id}`));
        // The credential is checked again at every join: a revoked token or an ended session
        // keeps no access through a socket opened before.
        const current = await handshakePrincipal(app.db, socket);
        if (!current) {
          reply(err('forbidden', 'your session ended or your token was revoked; sign in again'));
          socket.disconnect(true);
          return;
        }
        socket.data.principal = current;
        if (!(await mayRead(app.db, current, room))) return reply(err('forbidden', `you may not see ${room.kind} ${room.id}`));
        // Join first, then read: a commit after the read arrives as a delta, one before it
        // is in the snapshot, one in between is in both (the client keeps the higher version).
        await socket.join(name);
        try {
          const at = now();
          const snapshot = await roomSnapshot(app.db, room, at);
          reply({ ok: true, room: name, snapshot, serverTime: at.toISOString() });
        } catch (e) {
          await socket.leave(name);
          throw e;
        }
      } catch (e) {
        app.log.error({ err: e }, 'socket subscribe failed');
        reply(err('unavailable', 'the server could not read the room; try again'));
      } finally {
        pending--;
      }
    });

    socket.on('unsubscribe', async (...args: unknown[]) => {
      const { raw, ack } = splitArgs(args);
      const reply = (res: Ack): void => ack?.(res);
      const room = parseRoom(raw);
      if (!room) return reply(err('bad_room', 'a room is {kind: plan|unit|target|screen|reports, id: code}'));
      await socket.leave(roomName(room));
      reply({ ok: true });
    });

    // Anything else a client sends is answered (when it asked for an answer) and ignored;
    // there is no client-to-client path, so nothing a client sends reaches anyone else.
    socket.onAny((event: unknown, ...args: unknown[]) => {
      if (typeof event === 'string' && KNOWN_EVENTS.has(event)) return;
      const ack = args.at(-1);
      if (typeof ack === 'function') {
        (ack as (r: Ack) => void)(err('unknown_event', `unknown event ${JSON.stringify(String(event)).slice(0, 80)}; send subscribe or unsubscribe`));
      }
    });
  });
  return io;
}
