import { io } from 'socket.io-client';
import { createLiveClient, type LiveSocket } from './client';

export type { LiveSocket } from './client';

/** One socket per page, reconnecting forever with capped backoff (wall screens run for days). */
export const socket: LiveSocket = io({
  path: '/socket.io',
  reconnectionDelay: 500,
  reconnectionDelayMax: 10_000,
  // Websocket first: no sticky sessions needed behind a load balancer; polling as the fallback.
  transports: ['websocket', 'polling'],
});

/** The page's live client: rooms, snapshots, deltas and resync over `socket`. */
export const live = createLiveClient(socket);
