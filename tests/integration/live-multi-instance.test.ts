import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NatsConnection } from '@nats-io/transport-node';
import getPort from 'get-port';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveBatch, ProgressEvent } from '@luoshi/shared';
import { createLiveClient, type LiveClient, type LiveSocket } from '../../web/src/live/client';
import { bearer } from '../support/auth';
import type { TestDatabase, TestNats } from '../support/infra';
import { repoRoot, spawnServer, type ServerProcess } from '../support/process';
import { waitFor } from '../support/wait';
import { connectClient, connected, dbState, publishEvent, subscribe, setClientToken } from './live-support';
import { ingestIdle, startStack, type Stack } from '../support/stack';

/**
 * Several instances: two server processes with INGEST=false (API + socket.io only) and
 * one standalone ingest worker process (server/src/ingest/main.ts), all on one PostgreSQL
 * and one nats-server. Events enter through instance B's HTTP API (POST /api/events →
 * JetStream); the worker process ingests them and publishes `live.*` notices; instance A,
 * which never saw the request, pushes them to its clients.
 */
let stack: Stack;
let tdb: TestDatabase;
let nats: TestNats;
let nc: NatsConnection;
let dataDir: string;
let a: ServerProcess;
let b: ServerProcess;
let portA: number;
let urlA: string;
let urlB: string;
let ingest: ReturnType<typeof spawnIngest>;
let token: string;
const sockets: LiveSocket[] = [];

function spawnIngest(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/ingest/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited: () => exited,
    ready: () => waitFor('ingest worker running', async () => (/ingest worker running/i.test(out) ? true : undefined), 60_000),
  };
}

async function serverEnv(port: number): Promise<Record<string, string>> {
  return { DATABASE_URL: tdb.url, NATS_URL: nats.url, INGEST: 'false', PORT: String(port), DATA_DIR: dataDir };
}

async function postEvent(url: string, e: ProgressEvent): Promise<void> {
  const res = await fetch(`${url}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(token) }, body: JSON.stringify(e) });
  expect(res.status, await res.clone().text()).toBe(202);
}

/**
 * Server and ingest processes judge "today" by the real clock (a process has no test clock;
 * DEMO_TODAY needs the demo), so events here carry a fixed day inside the fixture plan's year:
 * in the past, and so accepted, on any later date (events dated "now" are refused from 2027).
 */
const REPORTED_AT = '2026-06-15T10:00:00+08:00';
let seq = 0;
const jobsEvent = (prefix: string): ProgressEvent => ({ id: `${prefix}-${++seq}`, target: 'TP-JOBS', kind: 'increment', value: 1, occurredAt: REPORTED_AT, reporter: '测试' });

function client(url: string): LiveSocket {
  const s = connectClient(url);
  sockets.push(s);
  return s;
}

beforeAll(async () => {
  // Two server processes and an ingest process of their own; the stack gives the database, nats-server and a connection.
  stack = await startStack({ name: 'test-multi', accounts: true, stream: false, app: false, clock: () => new Date(REPORTED_AT) });
  ({ tdb, nats, nc } = stack);
  token = await stack.adminToken();
  setClientToken(token);
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'luoshi-test-multi-'));
  [portA] = await Promise.all([getPort()]);
  const portB = await getPort();
  ingest = spawnIngest({ DATABASE_URL: tdb.url, NATS_URL: nats.url });
  a = spawnServer(await serverEnv(portA));
  b = spawnServer(await serverEnv(portB));
  [urlA, urlB] = await Promise.all([a.ready(), b.ready(), ingest.ready()]);
});

afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  for (const p of [a, b, ingest]) {
    if (p && p.child.exitCode === null) {
      p.child.kill('SIGTERM');
      await p.exited();
    }
  }
  await stack?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('several server instances', () => {
  it('a client on instance A sees an event posted to instance B (ingested by a separate worker process)', async () => {
    const onA = client(urlA);
    const onB = client(urlB);
    await Promise.all([connected(onA), connected(onB)]);
    const helloA = await new Promise<{ instance: string }>((resolve) => {
      const c = client(urlA);
      c.once('hello', resolve);
    });
    expect(helloA.instance).toMatch(/:\d+:/);
    expect(await subscribe(onA, { kind: 'plan', id: 'TP-2026' })).toMatchObject({ ok: true });
    expect(await subscribe(onB, { kind: 'target', id: 'TP-JOBS' })).toMatchObject({ ok: true });
    const gotA: LiveBatch[] = [];
    const gotB: LiveBatch[] = [];
    onA.on('live', (x) => gotA.push(x));
    onB.on('live', (x) => gotB.push(x));

    // Path 1: HTTP POST /api/events on instance B.
    const viaHttp = jobsEvent('via-b');
    const t0 = Date.now();
    await postEvent(urlB, viaHttp);
    await waitFor('A pushed the event posted to B', async () => (gotA.some((x) => x.activity.some((i) => i.eventId === viaHttp.id)) ? true : undefined));
    console.log(`POST on B → live on A: ${Date.now() - t0} ms`);
    await waitFor('B pushed it too', async () => (gotB.some((x) => x.activity.some((i) => i.eventId === viaHttp.id)) ? true : undefined));
    expect(gotA.at(-1)!.updates).toEqual([expect.objectContaining({ target: 'TP-JOBS', value: 1, version: 1 })]);

    // Path 2: an outside producer publishing straight to JetStream reaches both as well.
    const viaNats = await publishEvent(stack, 'via-nats', { target: 'TP-JOBS' });
    await waitFor('A pushed the NATS event', async () => (gotA.some((x) => x.activity.some((i) => i.eventId === viaNats)) ? true : undefined));
  });

  it('the servers do not ingest (INGEST=false): with the worker process stopped, events wait in the stream', async () => {
    ingest.child.kill('SIGTERM');
    expect(await ingest.exited()).toBe(0);
    const before = await dbState(tdb.db, 'TP-2026');
    const waiting = jobsEvent('waiting');
    await postEvent(urlB, waiting); // accepted by the stream…
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await dbState(tdb.db, 'TP-2026')).toEqual(before); // …but nobody ingests it
    const onA = client(urlA);
    await connected(onA);
    await subscribe(onA, { kind: 'plan', id: 'TP-2026' });
    const got: LiveBatch[] = [];
    onA.on('live', (x) => got.push(x));
    ingest = spawnIngest({ DATABASE_URL: tdb.url, NATS_URL: nats.url });
    await ingest.ready();
    await waitFor('ingested once the worker is back, pushed by A', async () => (got.some((x) => x.activity.some((i) => i.eventId === waiting.id)) ? true : undefined), 30_000);
  });

  it('instance A restarts while events are posted to B; its client reconnects and equals the database', async () => {
    const live: LiveClient = createLiveClient(client(urlA), { resyncJitterMs: 100 });
    const release = live.retain({ kind: 'plan', id: 'TP-2026' });
    await waitFor('client live', async () => (live.state().connected ? true : undefined));

    a.child.kill('SIGTERM');
    expect(await a.exited()).toEqual({ code: 0, signal: null });
    for (let i = 0; i < 30; i++) await postEvent(urlB, i % 2 ? jobsEvent('during-restart') : { ...jobsEvent('during-restart'), target: 'TP-AREA', kind: 'reading', value: 1_960_000 + i });
    await ingestIdle(nc, 30_000);
    expect(live.state().connected).toBe(false);

    a = spawnServer(await serverEnv(portA));
    await a.ready();
    const truth = await dbState(tdb.db, 'TP-2026');
    const mine = () => Object.fromEntries([...live.held().values()].map((u) => [u.target, { value: u.value, version: u.version }]));
    await waitFor('client equals the database', async () => (live.state().connected && JSON.stringify(Object.entries(mine()).sort()) === JSON.stringify(Object.entries(truth).sort()) ? true : undefined), 30_000).catch(() => undefined);
    expect(mine()).toEqual(truth);
    release();
    live.close();
  });
});
