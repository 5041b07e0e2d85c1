import { io, type Socket } from 'socket.io-client';
import type { ClientToServer, ServerToClient } from '@luoshi/shared';

export type LiveSocket = Socket<ServerToClient, ClientToServer>;

/** One socket per page, reconnecting forever with capped backoff (wall screens run for days). */
export const socket: LiveSocket = io({
  path: '/socket.io',
  reconnectionDelay: 500,
  reconnectionDelayMax: 10_000,
  transports: ['websocket', 'polling'],
});
