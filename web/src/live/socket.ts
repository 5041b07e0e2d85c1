import { createLiveClient, type AppSocket } from './client';
import { createLazySocket } from './lazy-socket';

export type { AppSocket, LiveSocket } from './client';

/**
 * When the page has what it came for: the sign-in answer starts the first connect, and on a
 * slow link the library (and the handshake) would otherwise share the link with the chunks the
 * page's index.html names (the target page's Recharts arrives last) and be parsed while the
 * chart is drawn. So: after the window's load event and the page's preloaded chunks (the load
 * event does not wait for `modulepreload`s: on the slow-link bench it came at 1.1 s and
 * socket.io-client, 12 kB, then arrived before Recharts, issue 18.9), then when the main thread
 * is idle, at most 2 s later on a page that stays busy.
 */
const afterFirstPaint = (): Promise<void> =>
  new Promise<void>((resolve) => {
    if (document.readyState === 'complete') resolve();
    else window.addEventListener('load', () => resolve(), { once: true });
  })
    .then(preloadsIn)
    .then(
      () =>
        new Promise((resolve) => {
          if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 2_000 });
          else setTimeout(resolve, 0);
        }),
    );

/** The document's `modulepreload`s all fetched (or failed), or 10 s gone by. */
function preloadsIn(): Promise<void> {
  const fetched = new Set(performance.getEntriesByType('resource').map((e) => e.name));
  const pending = Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel=modulepreload]')).filter((l) => !fetched.has(l.href));
  const each = pending.map(
    (l) =>
      new Promise<void>((resolve) => {
        l.addEventListener('load', () => resolve(), { once: true });
        l.addEventListener('error', () => resolve(), { once: true });
      }),
  );
  return Promise.race([Promise.all(each).then(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, 10_000))]);
}

/**
 * One socket per page, reconnecting forever with capped backoff (wall screens run for days).
 * It connects once someone is signed in (`startLive`): the handshake carries the same-origin
 * session cookie, which the server checks before any room can be joined. socket.io-client is
 * a chunk of its own, fetched by that first connect (issue 18.9: no first paint needs it);
 * until then `socket` keeps the page's subscriptions (live/lazy-socket.ts).
 */
export const socket: AppSocket = createLazySocket(() =>
  afterFirstPaint()
    .then(() => import('socket.io-client'))
    .then(({ io }) =>
      io({
        path: '/socket.io',
        autoConnect: false,
        withCredentials: true,
        reconnectionDelay: 500,
        reconnectionDelayMax: 10_000,
        // Websocket first: no sticky sessions needed behind a load balancer; polling as the fallback.
        transports: ['websocket', 'polling'],
      }),
    ),
);

/** The page's live client: rooms, snapshots, deltas and resync over `socket`. */
export const live = createLiveClient(socket);

let refusedHandler: ((err: Error) => void) | null = null;

/**
 * A handshake the server refused (its middleware said no: signed out, session expired,
 * wrong origin) is not retried by socket.io — `socket.active` turns false. Transport
 * trouble (server down) leaves it active and socket.io keeps retrying by itself.
 */
socket.on('connect_error', (err) => {
  if (!socket.active) refusedHandler?.(err);
});

/** Who decides what a refused handshake means (the session layer: re-check, then sign-in or retry). */
export function onSocketRefused(fn: (err: Error) => void): () => void {
  refusedHandler = fn;
  return () => {
    if (refusedHandler === fn) refusedHandler = null;
  };
}

let connectedAs: string | null = null;

/** Connects for this user; a different user than the socket's handshake gets a fresh handshake. */
export function startLive(userId: string): void {
  if (connectedAs !== userId && (socket.connected || socket.active)) socket.disconnect();
  connectedAs = userId;
  if (!socket.connected && !socket.active) socket.connect();
}

/** Signed out: the socket must not keep a room open on the old session. */
export function stopLive(): void {
  connectedAs = null;
  socket.disconnect();
}

/** After a refusal that was not about the session: try again later. */
export function retryLive(delayMs: number): void {
  setTimeout(() => {
    if (connectedAs && !socket.connected && !socket.active) socket.connect();
  }, delayMs);
}
