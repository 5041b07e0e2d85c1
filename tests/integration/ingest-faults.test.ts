import { spawn, type ChildProcess } from 'node:child_process';
import { jetstream, jetstreamManager, type JetStreamClient, type PubAck } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import getPort from 'get-port';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@luoshi/db';
import { foldTarget, PROGRESS_STREAM, progressSubject, type ProgressEvent, type Target } from '@luoshi/shared';
import { INGEST_CONSUMER } from '../../server/src/infra/nats';
import { testSeed } from '../support/fixtures';
import type { TestNats } from '../support/infra';
import { repoRoot } from '../support/process';
import type { RestartablePostgres } from '../support/restartable-postgres';
import { waitFor } from '../support/wait';
import { startStack, type Stack } from '../support/stack';

/**
 * The ingest path under faults, end to end with real processes: 50,000 valid events plus
 * 10% published twice and 1% poison, published at a steady pace while nats-server is
 * restarted, an ingest worker process is SIGKILLed mid-load, PostgreSQL is restarted
 * (fast shutdown: open transactions are rolled back) and another worker is stopped
 * gracefully (SIGTERM). Afterwards every valid event is stored exactly once, every
 * rollup equals a fold of the stored events, and every poison message is in
 * rejected_events with its reason.
 */

const VALID = 50_000;
const DUPLICATES = VALID / 10;
const POISON = VALID / 100;
const RATE_PER_S = 3_000;
const IN_FLIGHT = 256;

let stack: Stack;
let pg: RestartablePostgres;
let db: Kysely<Database>;
let nats: TestNats;
let nc: NatsConnection;

const base = testSeed.plans[0]!;
/**
 * Cumulative commitments large enough for ~27,000 units each: the bounds judge the total an
 * event leads to (at most 10× the commitment), and this test is about faults, not bounds.
 */
const roomy = (t: Target): Target => (t.measureKind === 'cumulative' ? { ...t, targetValue: 100_000 } : t);
const proto = (kind: 'cumulative' | 'reading') => roomy(base.targets.find((t) => t.measureKind === kind)!);
/** Twelve targets over both units, so batches touch several rollups and workers contend on them. */
const targets: Target[] = [
  ...base.targets.map(roomy),
  ...Array.from({ length: 8 }, (_, i): Target => ({ ...proto('cumulative'), code: `F-C${i}`, ownerUnit: i % 2 ? 'T-JD-B' : 'T-JD-A' })),
  ...Array.from({ length: 2 }, (_, i): Target => ({ ...proto('reading'), code: `F-R${i}`, ownerUnit: i % 2 ? 'T-JD-B' : 'T-JD-A' })),
];

interface Outgoing {
  subject: string;
  payload: string;
  msgID: string | null;
}

interface Worker {
  name: string;
  child: ChildProcess;
  metricsPort: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const workers: Worker[] = [];

async function spawnWorker(name: string): Promise<Worker> {
  const metricsPort = await getPort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/ingest/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: pg.url, NATS_URL: nats.url, LOG_LEVEL: 'error', METRICS_PORT: String(metricsPort) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-20_000)));
  child.stderr!.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-20_000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const w: Worker = { name, child, metricsPort, output: () => out, exited };
  workers.push(w);
  await waitFor(`${name} ready`, async () => {
    if (child.exitCode !== null) throw new Error(`${name} exited:\n${out}`);
    return out.includes('Luoshi ingest worker running') ? true : undefined;
  }, 60_000);
  return w;
}

/** Events this worker process committed as stored, from its own /metrics. */
async function storedBy(w: Worker): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${w.metricsPort}/metrics`)).text();
  const m = /^luoshi_ingest_events_total\{outcome="stored"\} (\d+)/m.exec(text);
  return m ? Number(m[1]) : 0;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A producer that retries until the stream acknowledged, with the same msgID (so a retry is stored once). */
async function publishWithRetry(js: JetStreamClient, o: Outgoing, stats: { retries: number }): Promise<PubAck> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await js.publish(o.subject, o.payload, o.msgID ? { msgID: o.msgID, timeout: 2_000 } : { timeout: 2_000 });
    } catch (err) {
      stats.retries++;
      if (attempt >= 100) throw err;
      await sleep(Math.min(1_000, 50 * 2 ** attempt));
    }
  }
}

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  // Ingest runs in worker processes of this file's own (they are SIGKILLed); the stack gives a PostgreSQL it may restart, nats-server, the stream and the publisher's connection.
  stack = await startStack({ name: 'test-faults-publisher', postgres: 'restartable', seed: { units: testSeed.units, plans: [{ ...base, targets }] }, app: false });
  ({ pg, db, nats, nc } = stack);
});

afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  await stack?.stop();
});

describe('ingest under faults', () => {
  it('stores 50,000 events exactly once through NATS and PostgreSQL restarts and a SIGKILLed worker', { timeout: 420_000 }, async () => {
    const random = rng(20261121);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

    // The valid events, each once, with a unique event time (i·7919 mod N minutes into 2026).
    const valid: ProgressEvent[] = Array.from({ length: VALID }, (_, i) => {
      const t = pick(targets);
      const at = new Date(Date.UTC(2026, 0, 1) + ((i * 7919) % VALID) * 60_000).toISOString();
      return t.measureKind === 'reading'
        ? { id: `f-${i}`, target: t.code, kind: 'reading', value: 1_950_000 + Math.floor(random() * 100_000), occurredAt: at }
        : { id: `f-${i}`, target: t.code, kind: 'increment', value: 1 + Math.floor(random() * 9), occurredAt: at };
    });
    const owner = new Map(targets.map((t) => [t.code, t.ownerUnit]));
    const outgoing: Outgoing[] = valid.map((e) => ({ subject: progressSubject(owner.get(e.target)!, e.target), payload: JSON.stringify(e), msgID: e.id }));
    // 10% again: half with the same msgID (JetStream drops them), half without (Postgres' key does).
    for (let i = 0; i < DUPLICATES; i++) {
      const e = valid[Math.floor(random() * VALID)]!;
      outgoing.push({ subject: progressSubject(owner.get(e.target)!, e.target), payload: JSON.stringify(e), msgID: i % 2 ? e.id : null });
    }
    // 1% poison, each with the reason ingest must record.
    const poison: { payload: string; code: string }[] = [];
    const cumulativeOfA = targets.filter((t) => t.ownerUnit === 'T-JD-A' && t.measureKind === 'cumulative');
    for (let k = 0; k < POISON; k++) {
      const t = pick(cumulativeOfA);
      const e: ProgressEvent = { id: `poison-${k}`, target: t.code, kind: 'increment', value: 1, occurredAt: '2026-06-01T09:00:00+08:00' };
      let o: Outgoing;
      if (k % 3 === 0) {
        o = { subject: progressSubject('T-JD-A', t.code), payload: `{"id":"poison-${k}", "value": oops`, msgID: `poison-${k}` };
        poison.push({ payload: o.payload, code: 'invalid_json' });
      } else if (k % 3 === 1) {
        o = { subject: progressSubject('T-JD-A', `NOPE-${k}`), payload: JSON.stringify({ ...e, target: `NOPE-${k}` }), msgID: `poison-${k}` };
        poison.push({ payload: o.payload, code: 'unknown_target' });
      } else {
        o = { subject: progressSubject('T-JD-B', t.code), payload: JSON.stringify(e), msgID: `poison-${k}` };
        poison.push({ payload: o.payload, code: 'unit_mismatch' });
      }
      outgoing.push(o);
    }
    for (let i = outgoing.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [outgoing[i], outgoing[j]] = [outgoing[j]!, outgoing[i]!];
    }

    // Two workers share the consumer.
    const [w1, w2] = await Promise.all([spawnWorker('worker-1'), spawnWorker('worker-2')]);

    // Faults, triggered by publishing progress.
    const total = outgoing.length;
    let sent = 0;
    const log: string[] = [];
    const t0 = Date.now();
    const note = (what: string): void => void log.push(`${((Date.now() - t0) / 1000).toFixed(1)}s ${what}`);
    const shared: Record<string, number> = {};
    const chaos = (async () => {
      const at = async (fraction: number): Promise<void> => {
        while (sent < total * fraction) await sleep(50);
      };
      await at(0.15);
      note('restarting nats-server');
      await nats.restart();
      note('nats-server back');
      await at(0.35);
      shared['worker-1'] = await storedBy(w1);
      shared['worker-2'] = await storedBy(w2);
      // Messages delivered and not yet acknowledged: what the workers hold (in a batch or buffered).
      const held = (await (await jetstreamManager(nc)).consumers.info(PROGRESS_STREAM, INGEST_CONSUMER)).num_ack_pending;
      shared.heldAtKill = held;
      w1.child.kill('SIGKILL');
      note(`SIGKILL worker-1 (had stored ${shared['worker-1']}; ${held} messages unacknowledged across workers)`);
      await spawnWorker('worker-3');
      note('worker-3 started');
      await at(0.55);
      note('restarting PostgreSQL (fast shutdown)');
      await pg.stop();
      await sleep(1_000);
      await pg.start();
      note('PostgreSQL back');
      await at(0.75);
      note('SIGTERM worker-2');
      w2.child.kill('SIGTERM');
      const exit = await w2.exited;
      note(`worker-2 exited ${JSON.stringify(exit)}`);
      expect(exit, w2.output()).toEqual({ code: 0, signal: null });
      await spawnWorker('worker-4');
      note('worker-4 started');
    })();

    // The producer: steady pace, bounded in-flight, retry until acknowledged.
    const js = jetstream(nc);
    const stats = { retries: 0 };
    const inflight = new Set<Promise<void>>();
    for (const o of outgoing) {
      while (inflight.size >= IN_FLIGHT) await Promise.race(inflight);
      const due = t0 + (sent / RATE_PER_S) * 1000;
      if (due > Date.now()) await sleep(due - Date.now());
      const p: Promise<void> = publishWithRetry(js, o, stats).then(() => void inflight.delete(p));
      inflight.add(p);
      sent++;
    }
    await Promise.all(inflight);
    note(`published ${total} messages (${stats.retries} publish retries)`);
    await chaos;

    // Everything settles: all valid events stored, nothing left pending.
    await waitFor(
      'every valid event stored',
      async () => {
        const { n } = await db.selectFrom('events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
        return Number(n) >= VALID ? true : undefined;
      },
      180_000,
    );
    await stack.ingestIdle(120_000);
    note('settled');
    console.log(`[ingest-faults] ${log.join(' | ')}`);

    // Load was shared before the faults.
    expect(shared['worker-1']).toBeGreaterThan(0);
    expect(shared['worker-2']).toBeGreaterThan(0);
    expect(shared.heldAtKill, 'workers held unacknowledged messages when worker-1 was killed').toBeGreaterThan(0);
    expect(stats.retries, 'the NATS restart made the producer retry').toBeGreaterThan(0);

    // Every valid event exactly once (the primary key makes "more than once" impossible; check the set).
    const stored = await db.selectFrom('events').select(['id', 'target_code', 'kind', 'value', 'occurred_at']).execute();
    expect(stored).toHaveLength(VALID);
    const byId = new Map(valid.map((e) => [e.id, e]));
    for (const r of stored) {
      const e = byId.get(r.id);
      expect(e, `unexpected event ${r.id}`).toBeDefined();
      expect([r.target_code, r.value]).toEqual([e!.target, e!.value]);
    }

    // Every rollup equals a fold of its events.
    const rollups = await db.selectFrom('target_rollups').selectAll().execute();
    for (const t of targets) {
      const evs = stored
        .filter((r) => r.target_code === t.code)
        .map((r) => ({ id: r.id, kind: r.kind as ProgressEvent['kind'], value: r.value, occurredAt: r.occurred_at.toISOString() }));
      const r = rollups.find((x) => x.target_code === t.code)!;
      expect(r.value, `rollup of ${t.code}`).toBeCloseTo(foldTarget(t, evs), 6);
      expect(r.event_count, `event count of ${t.code}`).toBe(evs.length);
    }

    // Every poison message recorded once with its reason; nothing dead-lettered.
    const rejected = await db.selectFrom('rejected_events').select(['payload', 'code', 'stream_seq']).execute();
    expect(rejected).toHaveLength(POISON);
    const reasons = new Map(rejected.map((r) => [r.payload, r.code]));
    for (const p of poison) expect(reasons.get(p.payload), p.payload).toBe(p.code);
    const dead = await db.selectFrom('dead_letters').selectAll().execute();
    expect(dead).toEqual([]);

    // The survivors stop gracefully.
    for (const w of workers.filter((x) => x.child.exitCode === null && x.child.signalCode === null)) {
      w.child.kill('SIGTERM');
      expect(await w.exited, w.output()).toEqual({ code: 0, signal: null });
    }
  });
});
