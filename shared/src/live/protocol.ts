import type { ErrorBody } from '../error-body';
import type { TargetStatus } from '../domain/types';
import type { ActivityItem } from '../api/overview';
import type { Receipt } from '../api/reports';
import type { InboxNotice, TimelineNotice } from '../supervision/api';

/**
 * The socket.io protocol, defined once: the server's `Server<ClientToServer, ServerToClient>`
 * and the web's `Socket<ServerToClient, ClientToServer>` are typed from these maps, so a wrong
 * payload does not compile on either side (see server/src/live/protocol.test-d.ts and
 * web/src/live/protocol.test-d.ts).
 *
 * The conversation:
 *   server → `hello` on every (re)connect (server time, instance, tick);
 *   client → `subscribe(room, ack)`: the server joins the room FIRST and then reads the
 *            room's current state, answering `{ok: true, snapshot}`; every commit after
 *            that read reaches the client as a delta, so snapshot + deltas (newest version
 *            wins) is never behind the database;
 *   server → `live` at most once per tick (100 ms) per socket: the latest state of every
 *            target that changed in any of the socket's rooms, and the new feed lines;
 *   server → `resync` when the instance may have missed notices: the client subscribes
 *            again (with a random delay, so a thousand screens do not query at once).
 */

export const ROOM_KINDS = ['plan', 'unit', 'target', 'screen', 'reports'] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];

/** Rooms a client may ask for. */
export type RoomRef =
  | { kind: 'plan'; id: string }
  | { kind: 'unit'; id: string }
  | { kind: 'target'; id: string }
  | { kind: 'screen'; id: string }
  /** A unit's report receipts (id = unit code): for those who may report for the unit. No snapshot. */
  | { kind: 'reports'; id: string };

export function roomName(ref: RoomRef): string {
  return `${ref.kind}:${ref.id}`;
}

/** A target's state after a commit. `version` grows with every change, so clients drop stale ones. */
export interface TargetUpdate {
  target: string;
  planId: string;
  /** The unit that owns the target: routes the update to `unit:` rooms (the unit and its ancestors). */
  ownerUnit: string;
  value: number;
  pct: number | null;
  /** Always present: computed once after commit by the server's read model (targets/state.ts). */
  status: TargetStatus;
  forecastDate: string | null;
  lastOccurredAt: string | null;
  version: number;
}

/** Notice published on core NATS (`live.<plan>.<target>`) after ingest commits: the new state and the events that made it. */
export interface LiveNotice {
  update: TargetUpdate;
  activity: ActivityItem[];
}

/** What one socket receives per tick. */
export interface LiveBatch {
  /** Latest state of each changed target (one entry per target). */
  updates: TargetUpdate[];
  /** New feed lines, oldest first; at most `ACTIVITY_PER_TICK` of them. */
  activity: ActivityItem[];
  /** Feed lines of this tick left out because more than `ACTIVITY_PER_TICK` arrived (a burst); refetch the feed to see them. */
  activityDropped: number;
  /** What ingest decided for reported events (`reports:` rooms only), oldest first, none dropped. */
  receipts: Receipt[];
  /** Server clock when the batch was sent (ISO 8601). */
  serverTime: string;
}

/** Per socket per tick, the feed carries at most this many (newest) lines: a screen shows ~20, and at 2,000 events/s more would only be bytes nobody reads. */
export const ACTIVITY_PER_TICK = 20;

export interface Hello {
  /** Server clock (ISO 8601), for the "data as of" display. */
  serverTime: string;
  /** Which server instance this connection landed on (diagnostics). */
  instance: string;
  /** Coalescing tick in milliseconds. */
  tickMs: number;
}

export type Ack = { ok: true } | ({ ok: false } & ErrorBody);
export type SubscribeAck = { ok: true; room: string; snapshot: TargetUpdate[]; serverTime: string } | ({ ok: false } & ErrorBody);

/** Error codes a socket request can answer with. */
export type LiveErrorCode = 'bad_room' | 'not_found' | 'forbidden' | 'too_many_rooms' | 'busy' | 'unknown_event' | 'unavailable';

export interface ServerToClient {
  hello: (hello: Hello) => void;
  live: (batch: LiveBatch) => void;
  /** This instance may have missed changes (its NATS link dropped): subscribe again to get fresh snapshots. */
  resync: (info: { reason: string }) => void;
  /** Issue 17: the signed-in user's notification inbox changed (sent to that user's sockets only). */
  inbox: (notice: InboxNotice) => void;
  /** Issue 17: a reminder, instruction or reply was added to a target's timeline (`target:` rooms). */
  timeline: (notice: TimelineNotice) => void;
}

export interface ClientToServer {
  subscribe: (room: RoomRef, ack: (res: SubscribeAck) => void) => void;
  unsubscribe: (room: RoomRef, ack: (res: Ack) => void) => void;
}

/** Most rooms one socket may be in (a dashboard needs 1–3). */
export const MAX_ROOMS_PER_SOCKET = 32;

/**
 * Keeps the newest state per target: an update applies only when its version is higher
 * than the one held. Snapshots, deltas and REST responses all go through this rule, so
 * their arrival order cannot leave a number behind.
 */
export function newer(held: { version: number } | undefined, next: { version: number }): boolean {
  return held === undefined || next.version > held.version;
}
