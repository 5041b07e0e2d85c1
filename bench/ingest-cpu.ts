/**
 * pnpm bench:ingest-cpu — the event-loop time ingest spends on one full batch outside
 * PostgreSQL: decoding 2,000 payloads, judging them (wire, acceptance rules, sequence
 * bounds) and building the rollup statements. These run on the worker's one thread while
 * its write transaction holds the rollup locks, so they lengthen the full-batch write that
 * `pnpm bench:ingest` compares with PostgreSQL alone; measured here without a database
 * (Kysely's DummyDriver compiles the statements and answers nothing), so the figures do not
 * move with PostgreSQL's noise. Prints medians of BENCH_ROUNDS (30) rounds after as many
 * warm-up rounds. Env: BENCH_BATCH (2000).
 */
import os from 'node:os';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import type { Database } from '@luoshi/db';
import { decodeEvent, type ProgressEvent } from '@luoshi/shared';
import { judgeBatch } from '../server/src/ingest/judge';
import { applyRollups } from '../server/src/ingest/rollup-sql';
import type { JudgedTarget } from '../server/src/targets/rules';

const BATCH = Number(process.env.BENCH_BATCH ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const TARGETS = 20;

const db = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

// The same shape as bench/ingest.ts: 20 cumulative targets over two units, increments one second apart.
const targets = new Map<string, JudgedTarget>();
for (let i = 0; i < TARGETS; i++) {
  targets.set(`BT-${i}`, {
    code: `BT-${i}`,
    ownerUnit: i % 2 ? 'B-B' : 'B-A',
    planId: 'BP-2026',
    planStatus: 'published',
    lifecycle: 'active',
    measureKind: 'cumulative',
    targetValue: 1_000_000,
    baseline: 0,
    direction: 'up',
    title: `基准指标 ${i}`,
    uom: '人',
    periodStart: '2026-01-01',
    periodEnd: '2026-12-31',
  });
}
const totals = new Map([...targets.keys()].map((k) => [k, 0]));
const now = new Date('2026-06-01T00:00:00Z');
const batch = Array.from({ length: BATCH }, (_, i) => {
  const t = targets.get(`BT-${i % TARGETS}`)!;
  const e = { id: `cpu-${i}`, target: t.code, kind: 'increment', value: 1 + (i % 5), occurredAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(), source: 'bench' };
  return { subject: `progress.${t.ownerUnit}.${t.code}`, data: new TextEncoder().encode(JSON.stringify(e)), seq: i + 1 };
});

async function median(f: () => unknown): Promise<number> {
  for (let w = 0; w < ROUNDS; w++) await f();
  const xs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    await f();
    xs.push(performance.now() - t0);
  }
  return xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

const decodeMs = await median(() => batch.map((m) => decodeEvent(m.data, now)));
const decoded = batch.map((m) => ({ ...m, decoded: decodeEvent(m.data, now) }));
// The optimistic pass (no stored-id look-up) touches no database for a batch without corrections.
const judgeMs = await median(() => judgeBatch(db as never, decoded, targets, totals, now, false));
const events = decoded.map((m) => (m.decoded.ok ? m.decoded.event : null)).filter((e): e is ProgressEvent => e !== null);
if (events.length !== BATCH) throw new Error(`bench:ingest-cpu: ${BATCH - events.length} payloads did not decode`);
const rollupsMs = await median(() => db.transaction().execute((trx) => applyRollups(trx, events, targets, new Map(), totals)));

const r2 = (x: number): string => x.toFixed(2);
console.log(`Luoshi ingest CPU per full batch (${BATCH} events, ${TARGETS} targets, no database), ${os.cpus().length} CPU, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`| decode ${r2(decodeMs)} ms | judge ${r2(judgeMs)} ms | rollup statements ${r2(rollupsMs)} ms | judge + rollups (inside the write) ${r2(judgeMs + rollupsMs)} ms |`);
