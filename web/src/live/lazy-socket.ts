import type { AppSocket, LiveSocket } from './client';

type Handler = (...args: never[]) => void;

/**
 * The page's socket before socket.io-client has arrived (issue 18.9): the library is 13.6 kB br
 * that no first paint needs, yet many modules subscribe (`socket.on`) while they load. This
 * stands in for the one socket: subscriptions made before the library is here are kept and
 * handed over when it is; `connect()` is what loads it. Afterwards every call goes straight to
 * the real socket, so there is still exactly one connection and one owner of it (live/socket.ts).
 */
export function createLazySocket(
  load: () => Promise<LiveSocket>,
  retryMs = 5_000,
): AppSocket & { readonly loaded: boolean } {
  let real: AppSocket | null = null;
  let loading: Promise<LiveSocket> | null = null;
  /** Handlers registered before the library came, in order (the same handler twice counts twice, as in socket.io). */
  const early: [string, Handler][] = [];
  /** Emits made before it came: socket.io buffers emits until connected, so these go into its buffer. */
  const emits: unknown[][] = [];
  /** What the page wants once the library is here: connected (true) or not (false). */
  let wantConnected = false;
  /** The handshake's `auth` (a wall's device token) set before the library came. */
  let auth: AppSocket['auth'] | undefined;

  const ensure = (): Promise<LiveSocket> => {
    loading ??= load().then((s) => {
      real = s;
      if (auth !== undefined) s.auth = auth;
      for (const [ev, fn] of early.splice(0)) (s.on as (e: string, f: Handler) => unknown)(ev, fn);
      for (const args of emits.splice(0)) (s.emit as (...a: unknown[]) => unknown)(...args);
      if (wantConnected) s.connect();
      return s;
    });
    // A chunk that did not come (a dropped link mid-load): the next connect asks again, and a
    // page that still wants the socket retries by itself, as socket.io would.
    loading.catch(() => {
      loading = null;
      if (wantConnected) setTimeout(() => wantConnected && !real && void ensure().catch(() => undefined), retryMs);
    });
    return loading;
  };

  const facade = {
    get loaded() {
      return real !== null;
    },
    get auth() {
      return real ? real.auth : (auth ?? {});
    },
    set auth(v: AppSocket['auth']) {
      if (real) real.auth = v;
      else auth = v;
    },
    get connected() {
      return real?.connected ?? false;
    },
    /** Loading counts as trying (socket.io's `active`): a connect is under way. */
    get active() {
      return real ? real.active : wantConnected;
    },
    on(ev: string, fn: Handler) {
      if (real) (real.on as (e: string, f: Handler) => unknown)(ev, fn);
      else early.push([ev, fn]);
      return facade;
    },
    off(ev?: string, fn?: Handler) {
      if (real) (real.off as (e?: string, f?: Handler) => unknown)(ev, fn);
      else {
        // As socket.io's off: one registration of that handler, or all of the event, or all.
        const i = early.findIndex(([e, f]) => e === ev && (fn === undefined || f === fn));
        if (ev === undefined) early.length = 0;
        else if (fn === undefined) early.splice(0, early.length, ...early.filter(([e]) => e !== ev));
        else if (i >= 0) early.splice(i, 1);
      }
      return facade;
    },
    emit(...args: unknown[]) {
      if (real) (real.emit as (...a: unknown[]) => unknown)(...args);
      else emits.push(args);
      return facade;
    },
    connect() {
      wantConnected = true;
      if (real) real.connect();
      else void ensure().catch(() => undefined);
      return facade;
    },
    disconnect() {
      wantConnected = false;
      real?.disconnect();
      return facade;
    },
  };
  return facade as unknown as AppSocket & { readonly loaded: boolean };
}
