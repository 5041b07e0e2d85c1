import { describe, expect, it } from 'vitest';
import type { LiveSocket } from './client';
import { createLazySocket } from './lazy-socket';

/** The loaded socket: handlers, emits and connect/disconnect, as socket.io's does them. */
function realSocket() {
  const handlers = new Map<string, ((...a: unknown[]) => void)[]>();
  const s = {
    connected: false,
    active: false,
    connects: 0,
    emitted: [] as unknown[][],
    on(ev: string, fn: (...a: unknown[]) => void) {
      handlers.set(ev, [...(handlers.get(ev) ?? []), fn]);
      return s;
    },
    off(ev: string, fn: (...a: unknown[]) => void) {
      const hs = handlers.get(ev) ?? [];
      const i = hs.indexOf(fn);
      if (i >= 0) hs.splice(i, 1);
      return s;
    },
    emit(...args: unknown[]) {
      s.emitted.push(args);
      return s;
    },
    connect() {
      s.connects++;
      s.active = true;
      return s;
    },
    disconnect() {
      s.active = false;
      s.connected = false;
      return s;
    },
    fire: (ev: string, ...a: unknown[]) => (handlers.get(ev) ?? []).forEach((fn) => fn(...a)),
  };
  return s;
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('the lazy socket (socket.io-client loaded by the first connect)', () => {
  it('keeps subscriptions made before the library came and hands them over; loads only on connect', async () => {
    const real = realSocket();
    let loads = 0;
    const lazy = createLazySocket(() => {
      loads++;
      return Promise.resolve(real as unknown as LiveSocket);
    });
    const got: unknown[] = [];
    const a = (x: unknown) => got.push(['a', x]);
    const b = (x: unknown) => got.push(['b', x]);
    lazy.on('live', a as never);
    lazy.on('live', b as never);
    lazy.off('live', b as never); // undone before loading: must not reach the real socket
    lazy.emit('subscribe', { kind: 'plan', id: 'P' } as never, (() => undefined) as never);
    await tick();
    expect(loads).toBe(0);
    expect(lazy.loaded).toBe(false);
    expect(lazy.connected).toBe(false);
    expect(lazy.active).toBe(false);

    lazy.connect();
    expect(lazy.active).toBe(true); // trying, as socket.io says while it connects
    lazy.connect(); // a second connect while loading loads once
    await tick();
    expect(loads).toBe(1);
    expect(lazy.loaded).toBe(true);
    expect(real.connects).toBe(1);
    expect(real.emitted.map((e) => e[0])).toEqual(['subscribe']);
    real.fire('live', 1);
    expect(got).toEqual([['a', 1]]);

    // After loading everything goes straight through.
    lazy.on('live', b as never);
    real.fire('live', 2);
    expect(got).toEqual([
      ['a', 1],
      ['a', 2],
      ['b', 2],
    ]);
    real.connected = true;
    expect(lazy.connected).toBe(true);
    lazy.disconnect();
    expect(lazy.connected).toBe(false);
    expect(lazy.active).toBe(false);
  });

  it("carries the handshake's auth (a wall's device token) set before the library came, and forwards it after", async () => {
    const real = Object.assign(realSocket(), { auth: {} as Record<string, unknown> });
    const lazy = createLazySocket(() => Promise.resolve(real as unknown as LiveSocket));
    lazy.auth = { token: 'lst_a' };
    expect(lazy.auth).toEqual({ token: 'lst_a' });
    lazy.connect();
    await tick();
    expect(real.auth).toEqual({ token: 'lst_a' }); // set before its connect: the first handshake carries it
    lazy.auth = { token: 'lst_b' };
    expect(real.auth).toEqual({ token: 'lst_b' });
  });

  it('a disconnect before the library came leaves it unconnected; a failed load is tried again', async () => {
    const real = realSocket();
    let fail = true;
    let loads = 0;
    const lazy = createLazySocket(() => {
      loads++;
      return fail ? Promise.reject(new Error('offline')) : Promise.resolve(real as unknown as LiveSocket);
    }, 5);
    lazy.connect();
    lazy.disconnect();
    await tick();
    expect(loads).toBe(1);
    expect(real.connects).toBe(0);

    lazy.connect();
    await tick();
    expect(loads).toBe(2);
    fail = false;
    await new Promise((r) => setTimeout(r, 30));
    expect(loads).toBe(3);
    expect(lazy.loaded).toBe(true);
    expect(real.connects).toBe(1);
  });
});
