import type { NatsConnection } from '@nats-io/transport-node';
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeedData } from '@luoshi/seeds';
import { progressSubject, type LiveNotice, type ProgressEvent, type Receipt } from '@luoshi/shared';
import { validateEvents } from '../../server/src/events/service';
import { judgeMessages, writeBatch } from '../../server/src/ingest/batch';
import { roomSnapshot } from '../../server/src/live/snapshot';
import { bearer, injectAs, issueToken } from '../support/auth';
import { testSeed } from '../support/fixtures';
import type { TestDatabase } from '../support/infra';
import { waitFor } from '../support/wait';
import { startStack, type Stack } from '../support/stack';

/**
 * Issue 14 (and 15.2, 15.3): one rules module judges every path, on the value an event
 * leads to, with exact decimal sums; status rides every live delta; ratio targets move live.
 * Real PostgreSQL, real nats-server with JetStream, the real worker and app.
 */

const plan = testSeed.plans[0]!;
const base = plan.targets[0]!;
const extra = [
  // 30万 m², the target of the issue's 1e12 correction.
  { ...base, code: 'TP-SQM', title: '改造老旧小区 30 万平方米', uom: '平方米', baseline: 0, targetValue: 300_000 },
  // A % reading (the issue's correction to 5000).
  { ...base, code: 'TP-PCT', title: '垃圾分类达标率 95%', uom: '%', measureKind: 'reading' as const, baseline: 60, targetValue: 95 },
  // A ratio and its two parts (cumulative), owned by unit B.
  { ...base, code: 'TP-FIXED', ownerUnit: 'T-JD-B', title: '整改隐患', uom: '处', baseline: 0, targetValue: 60 },
  { ...base, code: 'TP-FOUND', ownerUnit: 'T-JD-B', title: '排查隐患', uom: '处', baseline: 0, targetValue: 60 },
  {
    ...base,
    code: 'TP-RATE',
    ownerUnit: 'T-JD-B',
    title: '隐患整改率',
    uom: '%',
    measureKind: 'ratio' as const,
    baseline: 0,
    targetValue: 100,
    ratioOf: { numerator: 'TP-FIXED', denominator: 'TP-FOUND' },
  },
  // For decimals.
  { ...base, code: 'TP-DEC', title: '绿化 4.5 公顷', uom: '公顷', baseline: 4.5, targetValue: 20 },
];
const seed: SeedData = { ...testSeed, plans: [{ ...plan, targets: [...plan.targets, ...extra] }] };

let stack: Stack;
let tdb: TestDatabase;
let nc: NatsConnection;
let app: FastifyInstance;
const live: LiveNotice[] = [];
const receipts: Receipt[] = [];

const ev = (id: string, target: string, value: number, more: Partial<ProgressEvent> = {}): ProgressEvent => ({
  id,
  target,
  kind: 'increment',
  value,
  occurredAt: '2026-03-02T09:00:00+08:00',
  ...more,
});
const ownerOf = (code: string): string => seed.plans[0]!.targets.find((t) => t.code === code)!.ownerUnit;

const rollup = (code: string) => tdb.db.selectFrom('target_rollups').selectAll().where('target_code', '=', code).executeTakeFirstOrThrow();

/** Publishes straight to NATS, as any producer can, and waits for ingest to finish. */
const publish = (...events: ProgressEvent[]): Promise<void> => stack.publish(...events);

beforeAll(async () => {
  stack = await startStack({ name: 'test-target-rules', seed, worker: true });
  ({ tdb, nc, app } = stack);
  injectAs(app, bearer(await issueToken(tdb.db, { role: 'admin', name: 'rules-test' })));
  nc.subscribe('live.>', { callback: (_e, m) => void live.push(m.json<LiveNotice>()) });
  nc.subscribe('receipts.>', { callback: (_e, m) => void receipts.push(...m.json<Receipt[]>()) });
});

afterAll(() => stack?.stop());

const receiptOf = (id: string) => waitFor(`receipt ${id}`, () => Promise.resolve(receipts.find((r) => r.eventId === id)));

// First, on fresh totals: its seed events must all be counted.
describe('door and ingest give the same verdict (property)', () => {
  /** Events on the seed's targets: every kind, values around every limit, corrections of stored events. */
  const eventArb = fc.record({
    target: fc.constantFrom('TP-JOBS', 'TP-AREA', 'TP-PCT', 'TP-SQM', 'TP-RATE'),
    kind: fc.constantFrom('increment', 'reading', 'correction', 'note'),
    value: fc.oneof(
      fc.integer({ min: -5000, max: 5000 }),
      fc.constantFrom(0, 100, 100.0001, 1270, 1271, 2_020_000, 20_200_000, 20_200_001, 3_000_000, 1e12, -1e12),
      fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => n / 1000),
    ),
    day: fc.constantFrom('2025-12-31', '2026-03-02', '2026-12-31', '2027-01-01'),
    uom: fc.constantFrom(undefined, '人', '%', '平方米'),
  });
  // Every correction names a stored event (the door cannot know about references; ingest can).
  const correctable: Record<string, string> = { 'TP-JOBS': 'seed-jobs', 'TP-AREA': 'seed-area', 'TP-PCT': 'seed-pct', 'TP-SQM': 'seed-sqm', 'TP-RATE': 'seed-jobs' };
  let n = 0;

  it('same code and sentence for every generated event', async () => {
    await publish(
      ev('seed-jobs', 'TP-JOBS', 3),
      ev('seed-area', 'TP-AREA', 1_960_000, { kind: 'reading' }),
      ev('seed-pct', 'TP-PCT', 70, { kind: 'reading' }),
      ev('seed-sqm', 'TP-SQM', 1000),
    );
    const now = new Date('2027-02-01T04:00:00Z');
    await fc.assert(
      fc.asyncProperty(eventArb, async (g) => {
        const id = `prop-${++n}`;
        const e: ProgressEvent = {
          id,
          target: g.target,
          kind: g.kind as ProgressEvent['kind'],
          value: g.value,
          occurredAt: `${g.day}T09:00:00+08:00`,
          ...(g.uom ? { uom: g.uom } : {}),
          ...(g.kind === 'correction' ? { corrects: correctable[g.target]!, reason: '性质测试' } : {}),
        };
        const door = await validateEvents(tdb.db, e, now);
        // Ingest's judgement of the same event on the same state (judged, not written, so
        // every case starts from the same totals).
        const [verdict] = await judgeMessages(tdb.db, [{ subject: progressSubject(ownerOf(g.target), g.target), data: new TextEncoder().encode(JSON.stringify(e)), seq: null }], now);
        if (door.ok) expect(verdict).toMatchObject({ ok: true });
        else expect(verdict).toEqual({ ok: false, code: door.errors![0]!.code, message: door.errors![0]!.message });
      }),
      { numRuns: 150 },
    );
  });
});

describe('exact decimal sums', () => {
  it('100 × 0.1 through NATS is exactly 10, in the rollup and the daily row', async () => {
    const tenths = Array.from({ length: 100 }, (_, i) => ev(`tenth-${i}`, 'TP-DEC', 0.1));
    await publish(...tenths);
    expect((await rollup('TP-DEC')).value).toBe(14.5);
    const day = await tdb.db.selectFrom('target_daily').select('value_end').where('target_code', '=', 'TP-DEC').where('day', '=', '2026-03-02').executeTakeFirstOrThrow();
    expect(day.value_end).toBe(14.5);
    const sum = await tdb.db.selectFrom('events').select((eb) => eb.fn.sum<string>('value').as('s')).where('target_code', '=', 'TP-DEC').executeTakeFirstOrThrow();
    expect(Number(sum.s)).toBe(10);
  });

  it('4.5 + 0.001 reads 4.501 (in one batch, as the worker would group them)', async () => {
    const before = (await rollup('TP-DEC')).value;
    await writeBatch(tdb.db, [{ subject: progressSubject('T-JD-A', 'TP-DEC'), data: new TextEncoder().encode(JSON.stringify(ev('milli', 'TP-DEC', 0.001))), seq: null }]);
    expect(before).toBe(14.5);
    expect((await rollup('TP-DEC')).value).toBe(14.501);
    const raw = await tdb.db.selectFrom('target_rollups').select((eb) => eb.cast<string>('value', 'text').as('v')).where('target_code', '=', 'TP-DEC').executeTakeFirstOrThrow();
    expect(raw.v).toBe('14.501');
  });
});

describe('the bounds hold at ingest, for every producer', () => {
  it('refuses a correction of 1e12 on a 30万 m² target, with a rejected receipt; nothing is counted', async () => {
    const before = (await rollup('TP-SQM')).value;
    await publish(ev('sqm-1', 'TP-SQM', 3301));
    const fix = ev('sqm-fix', 'TP-SQM', 1e12, { kind: 'correction', corrects: 'sqm-1', reason: '攻击' });
    await publish(fix);
    expect((await rollup('TP-SQM')).value).toBe(before + 3301);
    const r = await receiptOf('sqm-fix');
    expect(r).toMatchObject({ outcome: 'rejected', code: 'invalid_value' });
    expect(r.message).toContain('plausibility limit of 3000000');
    const row = await tdb.db.selectFrom('rejected_events').select(['code', 'message']).where('event_id', '=', 'sqm-fix').executeTakeFirstOrThrow();
    expect(row.code).toBe('invalid_value');
  });

  it('refuses a correction taking a total below its baseline', async () => {
    const before = (await rollup('TP-SQM')).value;
    await publish(ev('sqm-under', 'TP-SQM', -(before + 1), { kind: 'correction', corrects: 'sqm-1', reason: '撤回' }));
    expect((await rollup('TP-SQM')).value).toBe(before);
    expect(await receiptOf('sqm-under')).toMatchObject({ outcome: 'rejected', code: 'invalid_value' });
  });

  it('refuses a correction of a % reading to 5000', async () => {
    await publish(ev('pct-1', 'TP-PCT', 80, { kind: 'reading', occurredAt: '2026-03-03T09:00:00+08:00' }));
    await publish(ev('pct-fix', 'TP-PCT', 5000, { kind: 'correction', corrects: 'pct-1', reason: '攻击' }));
    expect((await rollup('TP-PCT')).value).toBe(80);
    expect(await receiptOf('pct-fix')).toMatchObject({ outcome: 'rejected', code: 'invalid_value' });
  });

  it('refuses a NATS increment of 50× the commitment', async () => {
    const before = (await rollup('TP-JOBS')).value;
    await publish(ev('jobs-50x', 'TP-JOBS', 127 * 50));
    expect((await rollup('TP-JOBS')).value).toBe(before);
    expect(await receiptOf('jobs-50x')).toMatchObject({ outcome: 'rejected', code: 'invalid_value' });
  });

  it('judges increments of one batch on the running total: two that fit alone but not together', async () => {
    const before = (await rollup('TP-JOBS')).value;
    const subject = progressSubject('T-JD-A', 'TP-JOBS');
    const m = (e: ProgressEvent, seq: number) => ({ subject, data: new TextEncoder().encode(JSON.stringify(e)), seq });
    const res = await writeBatch(tdb.db, [m(ev('half-1', 'TP-JOBS', 700), 9_000_001), m(ev('half-2', 'TP-JOBS', 700), 9_000_002)]);
    expect(res.outcomes).toEqual(['stored', 'rejected']);
    expect((await rollup('TP-JOBS')).value).toBe(before + 700);
  });

  it('lets two concurrent batches not both pass a limit only one fits under (rows locked)', async () => {
    const before = (await rollup('TP-SQM')).value;
    const room = 3_000_000 - before;
    const subject = progressSubject('T-JD-A', 'TP-SQM');
    const m = (e: ProgressEvent, seq: number) => [{ subject, data: new TextEncoder().encode(JSON.stringify(e)), seq }];
    const [a, b] = await Promise.all([
      writeBatch(tdb.db, m(ev('race-a', 'TP-SQM', room), 9_100_001)),
      writeBatch(tdb.db, m(ev('race-b', 'TP-SQM', room), 9_100_002)),
    ]);
    expect([a.outcomes[0], b.outcomes[0]].sort()).toEqual(['rejected', 'stored']);
    expect((await rollup('TP-SQM')).value).toBe(3_000_000);
  });

  it('answers a redelivered event at the limit as a duplicate, not a refusal', async () => {
    const subject = progressSubject('T-JD-A', 'TP-SQM');
    const stored = await tdb.db.selectFrom('events').select(['id', 'value']).where('id', 'in', ['race-a', 'race-b']).executeTakeFirstOrThrow();
    const again = await writeBatch(tdb.db, [{ subject, data: new TextEncoder().encode(JSON.stringify(ev(stored.id, 'TP-SQM', stored.value))), seq: 9_100_003 }]);
    expect(again.outcomes).toEqual(['duplicate']);
  });
});

describe('live deltas', () => {
  it('every delta carries a status, computed after commit', async () => {
    live.length = 0;
    await publish(ev('live-1', 'TP-JOBS', 1), ev('live-2', 'TP-AREA', 1_970_000, { kind: 'reading' }));
    await waitFor('deltas', () => Promise.resolve(live.length >= 2 ? true : undefined));
    for (const n of live) expect(n.update.status).toEqual(expect.stringMatching(/^(achieved|on_track|behind|at_risk|overdue|stale|not_started)$/));
  });

  it('every socket snapshot carries the same shape with status, from the read model', async () => {
    for (const room of [{ kind: 'plan', id: 'TP-2026' }, { kind: 'unit', id: 'T-JD' }, { kind: 'target', id: 'TP-RATE' }] as const) {
      const snap = await roomSnapshot(tdb.db, room);
      expect(snap.length).toBeGreaterThan(0);
      for (const u of snap) {
        expect(Object.keys(u).sort()).toEqual(['forecastDate', 'lastOccurredAt', 'ownerUnit', 'pct', 'planId', 'status', 'target', 'value', 'version']);
        expect(u.status).toBeTruthy();
      }
    }
  });

  it('a ratio target moves live when a part changes, in the same batch', async () => {
    live.length = 0;
    const before = await rollup('TP-RATE');
    await publish(ev('found-1', 'TP-FOUND', 40));
    await waitFor('ratio delta', () => Promise.resolve(live.find((n) => n.update.target === 'TP-RATE')));
    await publish(ev('fixed-1', 'TP-FIXED', 30));
    const delta = await waitFor('ratio delta after fix', () => Promise.resolve(live.find((n) => n.update.target === 'TP-RATE' && n.update.value === 75)));
    expect(delta.update).toMatchObject({ target: 'TP-RATE', planId: 'TP-2026', ownerUnit: 'T-JD-B', value: 75 });
    expect(delta.update.status).toBeTruthy();
    expect(delta.update.version).toBeGreaterThan(before.version + 1);
    expect((await rollup('TP-RATE')).value).toBe(75);
  });
});
