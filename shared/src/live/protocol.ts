import type { ErrorBody } from '../errors';
import type { TargetStatus } from '../domain/types';
import type { ActivityItem } from '../api/overview';

/**
 * The socket.io protocol, defined once: the server's `Server<ClientToServer, ServerToClient>`
 * and the web's `Socket<ServerToClient, ClientToServer>` are typed from these maps, so a wrong
 * payload does not compile on either side.
 */

/** Rooms a client may ask for. */
export type RoomRef =
  | { kind: 'plan'; id: string }
  | { kind: 'unit'; id: string }
  | { kind: 'target'; id: string }
  | { kind: 'screen'; id: string };

export function roomName(ref: RoomRef): string {
  return `${ref.kind}:${ref.id}`;
}

/** A target's state after a commit. `version` grows with every change, so clients drop stale ones. */
export interface TargetUpdate {
  target: string;
  planId: string;
  value: number;
  pct: number | null;
  status: TargetStatus | null;
  forecastDate: string | null;
  lastOccurredAt: string | null;
  version: number;
}

/** Notice published on core NATS (`live.<plan>.<target>`) after ingest commits: the new state and the events that made it. */
export interface LiveNotice {
  update: TargetUpdate;
  activity: ActivityItem[];
}

export type Ack = { ok: true } | ({ ok: false } & ErrorBody);

export interface ServerToClient {
  'target:update': (update: TargetUpdate) => void;
  /** New events for the activity feed (plan and target rooms). */
  activity: (items: ActivityItem[]) => void;
}

export interface ClientToServer {
  subscribe: (room: RoomRef, ack: (res: Ack) => void) => void;
  unsubscribe: (room: RoomRef, ack: (res: Ack) => void) => void;
}
