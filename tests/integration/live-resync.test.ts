import type { FastifyInstance } from 'fastify';
import type { NatsConnection } from '@nats-io/transport-node';
import getPort from 'get-port';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app';
import { createLiveClient, type LiveClient } from '../../web/src/live/client';
import { adminToken, bearer, injectAs } from '../support/auth';
import type { TestDatabase, TestNats } from '../support/infra';
import { waitFor } from '../support/wait';
import { connectClient, dbState, publishEvent, setClientToken } from './live-support';
import { startStack, type Stack } from '../support/stack';

/**
 * Resync: a client (the web app's own live client, web/src/live/client.ts, on a node
 * socket) holds snapshot + deltas for a plan while events are ingested continuously;
 * its link is cut in three ways. Afterwards its state must equal the database.
 */
let stack: Stack;
let tdb: TestDatabase;
let nats: TestNats;
let nc: NatsConnection;
let app: FastifyInstance | null = null;
let adminBearer: { authorization: string };
let port: number;
let live: LiveClient;
/** The socket.io socket under `live` (the client itself sees only what the app uses of it). */
let sock: ReturnType<typeof connectClient>;
let release: () => void;

async function startApp(): Promise<void> {
  app = await buildApp({ db: tdb.db, nc, webDist: null, now: stack.now }, { logger: false });
  adminBearer = bearer(await adminToken(tdb.db));
  injectAs(app, adminBearer);
  setClientToken(adminBearer.authorization.slice(7));
  await app.listen({ port, host: '127.0.0.1' });
}

beforeAll(async () => {
  stack = await startStack({ name: 'test-resync', worker: true, app: false });
  ({ tdb, nats, nc } = stack);
  // The app is this file's own: tests stop and start it again on the same port, as a server restart would.
  stack.onStop(() => app?.close());
  port = await getPort();
  await startApp();
  sock = connectClient(`http://127.0.0.1:${port}`);
  live = createLiveClient(sock, { resyncJitterMs: 200 });
  release = live.retain({ kind: 'plan', id: 'TP-2026' });
  stack.onStop(() => {
    release?.();
    live?.close();
    live?.socket.disconnect();
  });
  await waitFor('client live', async () => (live.state().connected ? true : undefined));
});

afterAll(() => stack?.stop());

/** Publishes on both targets every 10 ms until stopped; publishing errors (NATS down) are counted, not fatal. */
function feed(prefix: string): { stop(): Promise<{ sent: number; failed: number }> } {
  let running = true;
  let sent = 0;
  let failed = 0;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      try {
        await publishEvent(stack, prefix, { target: i % 3 === 0 ? 'TP-AREA' : 'TP-JOBS' });
        sent++;
      } catch {
        failed++;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { sent, failed };
    },
  };
}

/** Waits until the client's held state is the database's, target by target. */
async function expectClientEqualsDb(): Promise<void> {
  await stack.ingestIdle(30_000);
  const truth = Object.fromEntries(Object.entries(await dbState(tdb.db, 'TP-2026')).sort(([a], [b]) => a.localeCompare(b)));
  const mine = (): Record<string, { value: number; version: number }> =>
    Object.fromEntries([...live.held().values()].sort((a, b) => a.target.localeCompare(b.target)).map((u) => [u.target, { value: u.value, version: u.version }]));
  await waitFor('client equals the database', async () => (JSON.stringify(mine()) === JSON.stringify(truth) ? true : undefined), 10_000).catch(() => undefined);
  expect(mine()).toEqual(truth);
  expect(live.state().connected).toBe(true);
}

function watchLink(): { drops: () => number } {
  let drops = 0;
  const off = live.onState(() => {
    if (!live.state().connected) drops++;
  });
  afterAll(off);
  return { drops: () => drops };
}

/** Publishes `n` events spread over both targets (the gap's events). */
async function burst(prefix: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await publishEvent(stack, prefix, { target: i % 3 === 0 ? 'TP-AREA' : 'TP-JOBS' });
}

function countResynced(): { count: () => number } {
  let n = 0;
  const off = live.onResynced(() => n++);
  afterAll(off);
  return { count: () => n };
}

describe('resync after a gap', () => {
  // In the first two cases the events of the gap are the LAST ones: no later delta could
  // repair a missed one, so only the snapshot on re-subscribe can make the client right.
  it('network loss: events ingested while the link is down; after reconnect the client equals the database', async () => {
    const link = watchLink();
    const resynced = countResynced();
    const f = feed('before-cut');
    await new Promise((r) => setTimeout(r, 200));
    await f.stop();
    // Cut every transport as a dead Wi-Fi would, and keep the client away while events flow.
    sock.io.reconnection(false);
    const down = new Promise((r) => sock.once('disconnect', r));
    for (const s of await app!.io.fetchSockets()) (s as unknown as { conn: { close(): void } }).conn.close();
    await down;
    await burst('cut', 40);
    await stack.ingestIdle(30_000);
    sock.io.reconnection(true);
    live.socket.connect();
    await expectClientEqualsDb();
    expect(link.drops()).toBeGreaterThan(0);
    expect(resynced.count()).toBe(1);
  });

  it('server restart: the instance is down while events are ingested, then back on the same port', async () => {
    const resynced = countResynced();
    await app!.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(live.state().connected).toBe(false);
    await burst('restart', 40); // ingest runs elsewhere; this instance is down
    await stack.ingestIdle(30_000);
    await startApp();
    await expectClientEqualsDb();
    expect(resynced.count()).toBe(1);
  });

  it('NATS restart: the instance may have missed notices, tells its clients to resync, and they equal the database', async () => {
    const resynced = countResynced();
    const f = feed('nats');
    await new Promise((r) => setTimeout(r, 200));
    const resyncs = app!.liveHub.stats().resyncs;
    await nats.restart();
    await waitFor('hub asked for a resync', async () => (app!.liveHub.stats().resyncs > resyncs ? true : undefined), 20_000);
    await waitFor('client re-subscribed', async () => (resynced.count() > 0 ? true : undefined), 5_000);
    const { sent } = await f.stop();
    expect(sent).toBeGreaterThan(10);
    await expectClientEqualsDb();
  });
});
