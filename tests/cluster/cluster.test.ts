import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import getPort from 'get-port';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, usernamePasswordAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, migrateToLatest, type Database } from '@luoshi/db';
import { loadSeed } from '@luoshi/seeds';
import { foldTarget, progressSubject, PROGRESS_STREAM, type ProgressEvent, type TargetUpdate } from '@luoshi/shared';
import { findExecutable } from '../../server/src/embedded/child';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../server/src/embedded/postgres';
import { INGEST_CONSUMER } from '../../server/src/infra/nats';
import type { LiveSocket } from '../../web/src/live/client';
import { adminToken } from '../support/auth';
import { testSeed } from '../support/fixtures';
import { consumerIdle } from '../support/stack';
import { waitFor } from '../support/wait';
import { connectClient, dbState } from '../integration/live-support';
import { natsClusterConf, nginxConf, startProc, type Proc } from './processes';

/**
 * The production shape on one machine, nothing mocked (docs/deploy.md describes exactly
 * this): three nats-servers clustered with JetStream R3 from deploy/nats/cluster.conf,
 * PostgreSQL, two server instances with INGEST=false behind nginx (deploy/nginx/luoshi.conf,
 * websocket upgrade), two standalone ingest workers. Events go in over NATS (a producer with
 * its own credentials) and over HTTP through nginx while socket.io clients listen through
 * nginx, and meanwhile: one NATS node is killed -9 and restarted, one server instance is
 * killed -9 and restarted, one ingest worker is killed -9.
 *
 * CLUSTER_EVENTS (default 20000) sets the size: half over NATS, half over HTTP, paced at
 * CLUSTER_RATE events/s in all (default 300, about a minute), so that every fault lands
 * while events are flowing.
 */
const TOTAL = Number(process.env.CLUSTER_EVENTS ?? 20_000);
const RATE = Number(process.env.CLUSTER_RATE ?? 300);
const N_NATS = Math.floor(TOTAL / 2);
/**
 * The test seed with a job target big enough for the run: every NATS event and half the HTTP
 * ones add 1 person to TP-JOBS, and the shared rules refuse a total beyond 10× the commitment
 * (127 in the plain seed), at the door and at ingest alike.
 */
const clusterSeed: typeof testSeed = {
  ...testSeed,
  plans: testSeed.plans.map((p) => ({
    ...p,
    targets: p.targets.map((t) => (t.code === 'TP-JOBS' ? { ...t, title: `帮助失业青年就业 ${TOTAL} 人`, targetValue: TOTAL } : t)),
  })),
};
const N_HTTP = TOTAL - N_NATS;
const HTTP_BATCH = 50;
const SOCKETS = 6;
const PLAN = 'TP-2026';

const node = process.execPath;
// nats-server parses a variable's value as a config value: a secret starting with a digit
// would be read as a number. Starting with a letter keeps it a string (see deploy/nats/cluster.conf).
const secret = (): string => `k${randomBytes(12).toString('hex')}`;
const pw = { server: secret(), ingest: secret(), producer: secret() };
const PRODUCER_USER = 'producer-t-jd-a';

let dir: string;
let pgDir: string;
let pg: EmbeddedPostgres;
let db: Kysely<Database>;
let token: string;
let natsUrls: string[];
let natsNodes: Proc[] = [];
let servers: Proc[] = [];
let ingests: Proc[] = [];
let nginx: Proc;
let base: string;
let confNote: string | null;
const conns: NatsConnection[] = [];
const sockets: LiveSocket[] = [];

const asUser = async (user: string, password: string): Promise<NatsConnection> => {
  const nc = await connect({ servers: natsUrls, authenticator: usernamePasswordAuthenticator(user, password), maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  conns.push(nc);
  return nc;
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'luoshi-cluster-'));
  // A folder of its own, like tests/support/global-setup.ts: PostgreSQL runs as its own user.
  pgDir = mkdtempSync(path.join(os.tmpdir(), 'luoshi-cluster-pg-'));
  pg = await startEmbeddedPostgres({ dataDir: pgDir });
  db = createDb(pg.url);
  await migrateToLatest(db);
  await loadSeed(db, clusterSeed);
  token = await adminToken(db);

  // Three nats-server nodes from deploy/nats/cluster.conf.
  const conf = natsClusterConf(dir);
  confNote = conf.note;
  const clientPorts = [await getPort(), await getPort(), await getPort()];
  const routePorts = [await getPort(), await getPort(), await getPort()];
  natsUrls = clientPorts.map((p) => `nats://127.0.0.1:${p}`);
  const natsEnv = (i: number): Record<string, string> => ({
    NATS_SERVER_NAME: `nats-${i + 1}`,
    NATS_HOST: '127.0.0.1',
    NATS_PORT: String(clientPorts[i]),
    NATS_CLUSTER_PORT: String(routePorts[i]),
    NATS_STORE_DIR: path.join(dir, `nats-${i + 1}`),
    NATS_ROUTE_1: `nats-route://127.0.0.1:${routePorts[0]}`,
    NATS_ROUTE_2: `nats-route://127.0.0.1:${routePorts[1]}`,
    NATS_ROUTE_3: `nats-route://127.0.0.1:${routePorts[2]}`,
    LUOSHI_SERVER_NATS_PASSWORD: pw.server,
    LUOSHI_INGEST_NATS_PASSWORD: pw.ingest,
    PRODUCER_NATS_USER: PRODUCER_USER,
    PRODUCER_NATS_PASSWORD: pw.producer,
    PRODUCER_NATS_SUBJECT: 'progress.T-JD-A.>',
  });
  const natsBin = findExecutable('nats-server')!;
  natsNodes = await Promise.all([0, 1, 2].map((i) => startProc(`nats-${i + 1}`, natsBin, ['-c', conf.file], natsEnv(i), /Server is ready/)));
  // JetStream answers once the three have elected a meta leader.
  const probe = await asUser('luoshi-server', pw.server);
  await waitFor('JetStream cluster ready', async () => ((await (await jetstreamManager(probe, { timeout: 2_000 })).getAccountInfo()) ? true : undefined), 60_000);

  const serverEnv = {
    DATABASE_URL: pg.url,
    NATS_URL: natsUrls.join(','),
    NATS_USER: 'luoshi-server',
    NATS_PASSWORD: pw.server,
    NATS_REPLICAS: '3',
    INGEST: 'false',
    LOG_LEVEL: 'warn',
    ADMIN_PASSWORD: 'cluster-admin-password',
    DATABASE_POOL_SIZE: '10',
    DATABASE_STATEMENT_TIMEOUT_MS: '30000',
  };
  const serverPorts = [await getPort(), await getPort()];
  // Both instances start together: migrations run once (advisory lock), the stream is made R3.
  servers = await Promise.all(
    serverPorts.map((port, i) =>
      startProc(`server-${'ab'[i]}`, node, ['--import', 'tsx', 'server/src/server.ts'], { ...serverEnv, PORT: String(port), DATA_DIR: path.join(dir, `server-${i}`) }, /running at/),
    ),
  );
  const ingestEnv = { DATABASE_URL: pg.url, NATS_URL: natsUrls.join(','), NATS_USER: 'luoshi-ingest', NATS_PASSWORD: pw.ingest, NATS_REPLICAS: '3', LOG_LEVEL: 'warn' };
  ingests = await Promise.all([1, 2].map((i) => startProc(`ingest-${i}`, node, ['--import', 'tsx', 'server/src/ingest/main.ts'], ingestEnv, /ingest worker running/i)));

  const nginxPort = await getPort();
  base = `http://127.0.0.1:${nginxPort}`;
  const prefix = path.join(dir, 'nginx');
  mkdirSync(prefix, { recursive: true });
  const nginxFile = nginxConf(prefix, { LISTEN: `127.0.0.1:${nginxPort}`, UPSTREAM_1: `127.0.0.1:${serverPorts[0]}`, UPSTREAM_2: `127.0.0.1:${serverPorts[1]}` });
  nginx = await startProc('nginx', findExecutable('nginx')!, ['-c', nginxFile, '-p', prefix, '-e', 'stderr'], {}, async () => (await fetch(`${base}/api/health/ready`)).status === 200);
}, 300_000);

afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await Promise.all(conns.map((c) => c.close().catch(() => undefined)));
  for (const p of [nginx, ...servers, ...ingests, ...natsNodes]) await p?.stop().catch(() => undefined);
  await db?.destroy();
  await pg?.stop();
  for (const d of [dir, pgDir]) if (d) rmSync(d, { recursive: true, force: true });
}, 120_000);

interface Tally {
  sent: number;
  acked: Set<string>;
  lastAckAt: number;
  longestStallMs: number;
  retries: number;
}
const tally: Tally = { sent: 0, acked: new Set(), lastAckAt: 0, longestStallMs: 0, retries: 0 };
function ack(id: string): void {
  if (tally.acked.has(id)) return;
  const now = performance.now();
  if (tally.lastAckAt > 0) tally.longestStallMs = Math.max(tally.longestStallMs, now - tally.lastAckAt);
  tally.lastAckAt = now;
  tally.acked.add(id);
}
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Paces both senders together at RATE events/s: the k-th event leaves no earlier than start + k/RATE. */
let paceStart = 0;
let paced = 0;
async function pace(n: number): Promise<void> {
  const due = paceStart + (paced / RATE) * 1000;
  paced += n;
  const wait = due - performance.now();
  if (wait > 0) await sleep(wait);
}

function event(id: string, i: number, target: 'TP-JOBS' | 'TP-AREA'): ProgressEvent {
  return {
    id,
    target,
    kind: target === 'TP-JOBS' ? 'increment' : 'reading',
    value: target === 'TP-JOBS' ? 1 : 1_950_000 + i,
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
  };
}

/** The producer's loop: JetStream publish with the event id as Nats-Msg-Id, retried with the same id until acknowledged. */
async function sendOverNats(): Promise<void> {
  const nc = await asUser(PRODUCER_USER, pw.producer);
  const js = jetstream(nc, { timeout: 5_000 });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < N_NATS) {
      const i = next++;
      const e = event(`cl-nats-${i}`, i, 'TP-JOBS');
      await pace(1);
      tally.sent++;
      for (;;) {
        try {
          await js.publish(progressSubject('T-JD-A', e.target), JSON.stringify(e), { msgID: e.id, timeout: 5_000 });
          ack(e.id);
          break;
        } catch {
          tally.retries++;
          await sleep(200);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
}

/** POST /api/events through nginx in batches; a batch is retried whole (same ids) until every event is accepted. */
async function sendOverHttp(): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < N_HTTP) {
      const from = next;
      next = Math.min(N_HTTP, next + HTTP_BATCH);
      const batch = Array.from({ length: next - from }, (_, k) => {
        const i = from + k;
        return event(`cl-http-${i}`, i, i % 2 === 0 ? 'TP-JOBS' : 'TP-AREA');
      });
      await pace(batch.length);
      tally.sent += batch.length;
      for (;;) {
        try {
          const res = await fetch(`${base}/api/events`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(batch),
            signal: AbortSignal.timeout(15_000),
          });
          const body = (await res.json()) as { accepted?: { id: string }[] };
          for (const a of body.accepted ?? []) ack(a.id);
          if (res.status === 202) break;
          if (res.status !== 503 && res.status !== 502) throw new Error(`POST /api/events answered ${res.status}: ${JSON.stringify(body)}`);
        } catch (err) {
          if (err instanceof Error && err.message.startsWith('POST /api/events answered')) throw err;
        }
        tally.retries++;
        await sleep(200);
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

/** A socket.io client through nginx holding the plan room's state: snapshot, then newest version wins. */
function listen(): { socket: LiveSocket; state: Map<string, TargetUpdate>; reconnects: number } {
  const socket = connectClient(base, { token });
  const held = { socket, state: new Map<string, TargetUpdate>(), reconnects: -1 };
  const apply = (u: TargetUpdate): void => {
    const had = held.state.get(u.target);
    if (!had || u.version >= had.version) held.state.set(u.target, u);
  };
  const join = (): void => {
    socket
      .timeout(10_000)
      .emitWithAck('subscribe', { kind: 'plan', id: PLAN })
      .then((ack) => ack.ok && ack.snapshot.forEach(apply))
      .catch(() => setTimeout(join, 500));
  };
  socket.on('connect', () => {
    held.reconnects++;
    join();
  });
  socket.on('resync', join);
  socket.on('live', (b) => b.updates.forEach(apply));
  sockets.push(socket);
  return held;
}

async function progress(share: number, deadlineMs = 240_000): Promise<void> {
  await waitFor(`${Math.round(share * 100)}% of events acknowledged`, async () => (tally.acked.size >= share * TOTAL ? true : undefined), deadlineMs);
}

describe('a cluster losing a NATS node, a server instance and an ingest worker mid-run', () => {
  it(`stores every acknowledged event exactly once, keeps rollups equal to their events, and every socket client ends on the database's values (${TOTAL} events)`, async () => {
    const serverNc = await asUser('luoshi-server', pw.server);
    const js = await jetstreamManager(serverNc);
    const stream = await js.streams.info(PROGRESS_STREAM);
    expect(stream.config.num_replicas).toBe(3);
    expect(stream.cluster?.replicas?.length).toBe(2);
    expect((await js.consumers.info(PROGRESS_STREAM, INGEST_CONSUMER)).config.num_replicas).toBe(3);

    // The producer's credentials from deploy/nats/cluster.conf allow its own unit's subjects only.
    const producer = jetstream(await asUser(PRODUCER_USER, pw.producer));
    const refused = await producer.publish(progressSubject('T-JD-B', 'TP-AREA'), '{}', { msgID: 'cl-refused', timeout: 3_000 }).then(
      () => 'published',
      (e: unknown) => String((e as Error).message),
    );
    expect(refused).toMatch(/permission/i);

    const clients = Array.from({ length: SOCKETS }, listen);
    const faults: string[] = [];
    const faultAt: number[] = [];
    const fault = (what: string): void => {
      faultAt.push(tally.acked.size);
      faults.push(`${what} at ${tally.acked.size} acknowledged`);
    };
    const started = performance.now();
    paceStart = started;
    const sending = Promise.all([sendOverNats(), sendOverHttp()]);
    const chaos = (async () => {
      await progress(0.1);
      // The node leading the PROGRESS stream: its replicas must elect a new leader.
      const leader = (await js.streams.info(PROGRESS_STREAM)).cluster?.leader ?? 'nats-2';
      const victim = natsNodes.find((n) => n.name === leader) ?? natsNodes[1]!;
      await victim.kill9();
      fault(`kill -9 ${victim.name} (stream leader)`);
      await progress(0.25);
      await victim.restart();
      fault(`${victim.name} restarted`);
      await progress(0.35);
      await servers[0]!.kill9();
      fault('kill -9 server-a');
      // Restarting takes seconds on a busy machine; server-b carries the traffic meanwhile.
      await servers[0]!.restart();
      fault('server-a restarted');
      await progress(0.7);
      await ingests[0]!.kill9();
      fault('kill -9 ingest-1');
    })();
    await Promise.all([sending, chaos]);
    const sendSeconds = (performance.now() - started) / 1000;

    // The surviving worker takes over what the killed one held (after the consumer's ack wait).
    await waitFor('every event ingested', () => consumerIdle(serverNc), 180_000);

    const rows = await db.selectFrom('events').select(['id', 'kind', 'value', 'occurred_at', 'corrects', 'target_code']).where('id', 'like', 'cl-%').execute();
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
    const duplicates = [...counts.values()].filter((n) => n > 1).length;
    const lost = [...tally.acked].filter((id) => !counts.has(id));
    const unsent = [...counts.keys()].filter((id) => !tally.acked.has(id));

    // Every rollup is the fold of its stored events.
    const folds: Record<string, { rollup: number; fold: number; events: number; eventCount: number }> = {};
    for (const t of clusterSeed.plans[0]!.targets) {
      const evs = await db.selectFrom('events').select(['id', 'kind', 'value', 'occurred_at', 'corrects']).where('target_code', '=', t.code).execute();
      const rollup = await db.selectFrom('target_rollups').select(['value', 'event_count']).where('target_code', '=', t.code).executeTakeFirstOrThrow();
      const fold = foldTarget(
        t,
        evs.map((e) => ({ id: e.id, kind: e.kind as ProgressEvent['kind'], value: e.value, occurredAt: e.occurred_at.toISOString(), corrects: e.corrects })),
      );
      folds[t.code] = { rollup: rollup.value, fold, events: evs.length, eventCount: rollup.event_count };
    }

    // Every socket client, reconnected through nginx as needed, holds the database's values.
    const truth = await dbState(db, PLAN);
    const socketsMatch = await waitFor(
      'every socket client holding the database values',
      async () => (clients.every((c) => Object.entries(truth).every(([code, v]) => c.state.get(code)?.value === v.value && c.state.get(code)?.version === v.version)) ? true : undefined),
      60_000,
    ).catch(() => false);

    const summary = {
      sent: tally.sent,
      acknowledged: tally.acked.size,
      stored: rows.length,
      duplicates,
      lost: lost.length,
      storedButNotAcknowledged: unsent.length,
      longestStallMs: Math.round(tally.longestStallMs),
      publishRetries: tally.retries,
      sendSeconds: Number(sendSeconds.toFixed(1)),
      socketReconnects: clients.map((c) => c.reconnects),
      faults,
      rollups: folds,
      ...(confNote ? { note: confNote } : {}),
    };
    console.log(`cluster test: ${JSON.stringify(summary, null, 2)}`);

    expect(tally.acked.size).toBe(TOTAL);
    expect(lost).toEqual([]);
    expect(duplicates).toBe(0);
    expect(rows.length).toBe(TOTAL);
    for (const [code, f] of Object.entries(folds)) {
      expect(f.rollup, code).toBeCloseTo(f.fold, 6);
      expect(f.eventCount, code).toBe(f.events);
    }
    expect(folds['TP-JOBS']!.rollup).toBe(N_NATS + Math.ceil(N_HTTP / 2));
    expect(socketsMatch).toBe(true);
    expect(faults).toHaveLength(5);
    // Every fault happened while events were still being acknowledged.
    for (const n of faultAt) expect(n).toBeLessThan(TOTAL);
  }, 900_000);
});
