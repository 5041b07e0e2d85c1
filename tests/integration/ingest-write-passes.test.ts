import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressSubject, type ProgressEvent } from '@luoshi/shared';
import { writeBatch, type IncomingMessage } from '../../server/src/ingest/batch';
import { jobsEvent } from '../support/fixtures';
import type { TestDatabase } from '../support/infra';
import { startStack, type Stack } from '../support/stack';

/**
 * writeBatch judges a batch first as if none of its ids were stored, and keeps that pass
 * only when every event was accepted and inserted (server/src/ingest/batch.ts). These are
 * the cases where that guess is wrong: each must give exactly what judging with the stored
 * ids gives — duplicates stay duplicates (never refused on value), a changed re-send is an
 * id_conflict, two writers racing on the same ids count each event once. The optimistic
 * pass is also judged before the transaction; it stands only if the locked totals are the
 * ones it was judged against.
 */

let stack: Stack;
let tdb: TestDatabase;
const NOW = new Date('2027-02-01T04:00:00Z');
let seq = 0;

beforeAll(async () => {
  stack = await startStack({ name: 'test-ingest-write-passes', nats: false, app: false });
  ({ tdb } = stack);
});
afterAll(() => stack?.stop());

/** TP-JOBS: 127 people, owned by T-JD-A; the shared rules refuse a total beyond 10× (1,270). */
const jobs = (id: string, value: number): ProgressEvent => jobsEvent(id, value);
const msg = (e: ProgressEvent): IncomingMessage => ({
  subject: progressSubject('T-JD-A', e.target),
  data: new TextEncoder().encode(JSON.stringify(e)),
  seq: ++seq,
});
const write = (...events: ProgressEvent[]) => writeBatch(tdb.db, events.map(msg), NOW);

async function total(): Promise<{ value: number; events: number; rejected: number }> {
  const r = await tdb.db.selectFrom('target_rollups').select(['value', 'event_count']).where('target_code', '=', 'TP-JOBS').executeTakeFirstOrThrow();
  const rej = await tdb.db.selectFrom('rejected_events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return { value: Number(r.value), events: r.event_count, rejected: Number(rej.n) };
}

describe('ingest write: the optimistic pass and its fall-back', () => {
  it('stores a batch of fresh events in one pass', async () => {
    const res = await write(jobs('w-1', 100), jobs('w-2', 0.5), jobs('w-1', 100));
    expect(res.outcomes).toEqual(['stored', 'stored', 'duplicate']);
    expect(await total()).toEqual({ value: 100.5, events: 2, rejected: 0 });
  });

  it('a stored event sent again next to the limit is a duplicate, not refused on value', async () => {
    // Up to 1,200.5: another 100 would pass the 1,270 limit, so judging w-1 (100) on value
    // as if it were new would refuse it.
    expect((await write(jobs('w-3', 1_100))).outcomes).toEqual(['stored']);
    const res = await write(jobs('w-1', 100), jobs('w-4', 10));
    expect(res.outcomes).toEqual(['duplicate', 'stored']);
    expect(res.receipts.map((r) => r.outcome)).toEqual(['duplicate', 'counted']);
    expect(await total()).toEqual({ value: 1_210.5, events: 4, rejected: 0 });
  });

  it('a stored id sent again with other content is an id_conflict, and the rest of the batch counts', async () => {
    const res = await write(jobs('w-5', 1), jobs('w-2', 0.25));
    expect(res.outcomes).toEqual(['stored', 'rejected']);
    expect(res.rejects).toEqual([expect.objectContaining({ code: 'id_conflict' })]);
    expect(await total()).toEqual({ value: 1_211.5, events: 5, rejected: 1 });
  });

  it('a refusal in the batch is recorded once, with the other events counted', async () => {
    const res = await write(jobs('w-6', 2), jobs('w-7', 500));
    expect(res.outcomes).toEqual(['stored', 'rejected']);
    expect(await total()).toEqual({ value: 1_213.5, events: 6, rejected: 2 });
  });

  it('two writers racing on the same new ids count each event once', async () => {
    const batch = Array.from({ length: 40 }, (_, i) => jobs(`race-${i}`, 0.1));
    const [a, b] = await Promise.all([write(...batch), write(...batch)]);
    const stored = [...a.outcomes, ...b.outcomes].filter((o) => o === 'stored').length;
    const duplicate = [...a.outcomes, ...b.outcomes].filter((o) => o === 'duplicate').length;
    expect({ stored, duplicate }).toEqual({ stored: 40, duplicate: 40 });
    // 40 × 0.1 exactly.
    expect(await total()).toEqual({ value: 1_217.5, events: 46, rejected: 2 });
  });

  it('two writers racing toward the bound: judged before their transactions, only one passes it', async () => {
    // 1,217.5 of 1,270 counted: each batch alone fits (40), both together (80) do not. Both
    // are judged early against 1,217.5; the second to lock finds the total moved and judges
    // again under the lock, so it is refused instead of keeping its early verdict.
    const [a, b] = await Promise.all([write(jobs('bound-a', 40)), write(jobs('bound-b', 40))]);
    expect([...a.outcomes, ...b.outcomes].sort()).toEqual(['rejected', 'stored']);
    expect([...a.rejects, ...b.rejects].map((r) => r.code)).toEqual(['invalid_value']);
    expect(await total()).toEqual({ value: 1_257.5, events: 47, rejected: 3 });
  });
});
