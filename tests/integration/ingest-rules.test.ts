import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressSubject, type ProgressEvent } from '@luoshi/shared';
import { writeBatch, type IncomingMessage } from '../../server/src/ingest/batch';
import { jobsEvent, areaEvent } from '../support/fixtures';
import type { TestDatabase } from '../support/infra';
import { startStack, type Stack } from '../support/stack';

/**
 * The rules of ingest, each a specific code recorded in rejected_events, and corrections:
 * what they may name, and what they do to rollups and daily buckets.
 */

let stack: Stack;
let tdb: TestDatabase;
// After the plan period, so an event dated after it is out of period rather than in the future.
const NOW = new Date('2027-02-01T04:00:00Z');
let seq = 0;

beforeAll(async () => {
  stack = await startStack({ name: 'test-ingest-rules', nats: false, app: false });
  ({ tdb } = stack);
});
afterAll(() => stack?.stop());

const jobs = jobsEvent;
const area = areaEvent;

const msg = (e: ProgressEvent | string, unit?: string): IncomingMessage => {
  const body = typeof e === 'string' ? e : JSON.stringify(e);
  const target = typeof e === 'string' ? 'TP-JOBS' : e.target;
  return {
    subject: progressSubject(unit ?? (target === 'TP-AREA' ? 'T-JD-B' : 'T-JD-A'), target),
    data: new TextEncoder().encode(body),
    seq: ++seq,
  };
};

const write = (...events: (ProgressEvent | IncomingMessage)[]) =>
  writeBatch(
    tdb.db,
    events.map((e) => ('subject' in e ? e : msg(e))),
    NOW,
  );

async function rollup(code: string) {
  return tdb.db.selectFrom('target_rollups').selectAll().where('target_code', '=', code).executeTakeFirstOrThrow();
}
async function daily(code: string) {
  const rows = await tdb.db
    .selectFrom('target_daily')
    .select(['day', 'value_end'])
    .where('target_code', '=', code)
    .orderBy('day')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.day, r.value_end]));
}

describe('bad input is refused with a specific code, recorded, and nothing else moves', () => {
  it.each([
    ['a unit of measure other than the target’s', jobs('uom-1', 3, { uom: '平方米' }), 'uom_mismatch', '人'],
    ['a reading on a cumulative target', jobs('kind-1', 3, { kind: 'reading' }), 'kind_mismatch', 'reading'],
    ['an increment on a reading target', area('kind-2', 3, { kind: 'increment' }), 'kind_mismatch', 'increment'],
    [
      'a date before the plan period',
      jobs('early-1', 3, { occurredAt: '2025-12-31T23:00:00+08:00' }),
      'out_of_period',
      '2026-01-01',
    ],
    // 2025-12-31T16:30Z is already 1 January in China: inside the period.
    [
      'a date after the plan period',
      jobs('late-1', 3, { occurredAt: '2027-01-01T00:30:00+08:00' }),
      'out_of_period',
      '2026-12-31',
    ],
    ['a future date', jobs('future-1', 3, { occurredAt: '2027-02-02T09:00:00+08:00' }), 'future_date', 'future'],
    ['a negative increment', jobs('neg-1', -3), 'invalid_value', 'negative'],
    [
      'a correction of an unknown event',
      jobs('fix-unknown', -1, { kind: 'correction', corrects: 'nothing-here', reason: '录入错误' }),
      'unknown_event',
      'nothing-here',
    ],
    [
      'a correction without a reason',
      jobs('fix-noreason', -1, { kind: 'correction', corrects: 'x' }),
      'invalid_schema',
      'reason',
    ],
    ['an unknown target', { ...jobs('unknown-1', 1), target: 'NO-SUCH' }, 'unknown_target', 'NO-SUCH'],
  ])('refuses %s', async (_label, e, code, hint) => {
    const before = await rollup('TP-JOBS');
    const m = msg(e as ProgressEvent, (e as ProgressEvent).target === 'TP-AREA' ? 'T-JD-B' : 'T-JD-A');
    const res = await write(m);
    expect(res.outcomes).toEqual(['rejected']);
    expect(res.rejects[0]).toMatchObject({ code });
    expect(res.rejects[0]!.message).toContain(hint);
    const row = await tdb.db
      .selectFrom('rejected_events')
      .selectAll()
      .where('stream_seq', '=', m.seq)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ code, event_id: (e as ProgressEvent).id });
    expect(await rollup('TP-JOBS')).toMatchObject({ value: before.value, version: before.version });
    expect(
      await tdb.db
        .selectFrom('events')
        .select('id')
        .where('id', '=', (e as ProgressEvent).id)
        .execute(),
    ).toEqual([]);
  });

  it('refuses NaN and Infinity, which JSON cannot carry, as not JSON or not a number', async () => {
    const nan = msg(
      '{"id":"nan-1","target":"TP-JOBS","kind":"increment","value":NaN,"occurredAt":"2026-03-02T09:00:00+08:00"}',
    );
    // 1e400 parses to Infinity.
    const inf = msg(
      '{"id":"inf-1","target":"TP-JOBS","kind":"increment","value":1e400,"occurredAt":"2026-03-02T09:00:00+08:00"}',
    );
    const res = await write(nan, inf);
    expect(res.outcomes).toEqual(['rejected', 'rejected']);
    expect(res.rejects[0]!.code).toBe('invalid_json');
    expect(['invalid_schema', 'invalid_value']).toContain(res.rejects[1]!.code);
  });

  it('accepts an event whose uom matches, and keeps going after a rejection in the same batch', async () => {
    const before = (await rollup('TP-JOBS')).value;
    const res = await write(jobs('ok-uom', 2, { uom: '人' }), jobs('bad-uom', 2, { uom: '个' }), jobs('ok-2', 1));
    expect(res.outcomes).toEqual(['stored', 'rejected', 'stored']);
    expect((await rollup('TP-JOBS')).value).toBe(before + 3);
    // The writer says what moved; status is the read model's, after commit (see live tests).
    expect(res.touched).toEqual([{ target: 'TP-JOBS', planId: 'TP-2026' }]);
  });
});

describe('corrections', () => {
  it('refuses a correction naming another target’s event, or a note', async () => {
    await write(area('area-base', 1_960_000), jobs('note-1', 0, { kind: 'note', note: '走访' }));
    const res = await write(
      jobs('fix-other', -1, { kind: 'correction', corrects: 'area-base', reason: '错报' }),
      jobs('fix-note', -1, { kind: 'correction', corrects: 'note-1', reason: '错报' }),
    );
    // area-base is another unit's event (TP-AREA belongs to T-JD-B): ids resolve within the
    // owner unit (issue 15), so for T-JD-A it does not exist and says nothing about B.
    expect(res.rejects.map((r) => r.code)).toEqual(['unknown_event', 'correction_mismatch']);
    expect(res.rejects[0]!.message).not.toContain('TP-AREA');
    expect(res.rejects[1]!.message).toContain('note');
  });

  it('compensate a cumulative event on its own day, even back-dated, and move every later day', async () => {
    const before = await rollup('TP-JOBS');
    const b = before.value;
    await write(
      jobs('c-jan', 10, { occurredAt: '2026-01-20T10:00:00+08:00' }),
      jobs('c-feb', 5, { occurredAt: '2026-02-10T10:00:00+08:00' }),
    );
    const d1 = await daily('TP-JOBS');
    // A correction made in June of the January report: -4 from 20 January on.
    await write(
      jobs('c-jan-fix', -4, {
        kind: 'correction',
        corrects: 'c-jan',
        reason: '重复统计',
        occurredAt: '2026-06-01T10:00:00+08:00',
      }),
    );
    const d2 = await daily('TP-JOBS');
    expect(d2['2026-01-20']).toBe(d1['2026-01-20']! - 4);
    expect(d2['2026-02-10']).toBe(d1['2026-02-10']! - 4);
    expect(d2['2026-06-01']).toBeUndefined();
    expect((await rollup('TP-JOBS')).value).toBe(b + 11);
    // A correction of the correction lands on the January day too.
    await write(
      jobs('c-jan-fix2', 1, {
        kind: 'correction',
        corrects: 'c-jan-fix',
        reason: '核减过多',
        occurredAt: '2026-06-02T10:00:00+08:00',
      }),
    );
    expect((await daily('TP-JOBS'))['2026-01-20']).toBe(d1['2026-01-20']! - 3);
    expect((await rollup('TP-JOBS')).value).toBe(b + 12);
  });

  it('may name an event of the same batch, and a correction of a refused correction is refused too', async () => {
    const res = await write(
      jobs('same-fix', -1, { kind: 'correction', corrects: 'same-orig', reason: '多报' }),
      jobs('same-orig', 3, { occurredAt: '2026-04-01T10:00:00+08:00' }),
      jobs('chain-bad', -1, { kind: 'correction', corrects: 'nope', reason: 'x' }),
      jobs('chain-bad-2', 1, { kind: 'correction', corrects: 'chain-bad', reason: 'y' }),
    );
    expect(res.outcomes).toEqual(['stored', 'stored', 'rejected', 'rejected']);
    expect(res.rejects.map((r) => r.code)).toEqual(['unknown_event', 'unknown_event']);
    const fix = await tdb.db
      .selectFrom('events')
      .select(['root_id'])
      .where('id', '=', 'same-fix')
      .executeTakeFirstOrThrow();
    expect(fix.root_id).toBe('same-orig');
  });

  it('replace a reading’s value; the latest correction wins whatever the arrival order', async () => {
    await write(
      area('r-mar', 1_970_000, { occurredAt: '2026-03-10T10:00:00+08:00' }),
      area('r-apr', 1_980_000, { occurredAt: '2026-04-10T10:00:00+08:00' }),
    );
    expect((await rollup('TP-AREA')).value).toBe(1_980_000);
    // The later correction (by its own time) arrives first.
    await write(
      area('r-apr-fix2', 1_979_000, {
        kind: 'correction',
        corrects: 'r-apr',
        reason: '复核',
        occurredAt: '2026-04-20T10:00:00+08:00',
      }),
    );
    await write(
      area('r-apr-fix1', 1_975_000, {
        kind: 'correction',
        corrects: 'r-apr',
        reason: '初核',
        occurredAt: '2026-04-15T10:00:00+08:00',
      }),
    );
    expect((await rollup('TP-AREA')).value).toBe(1_979_000);
    expect((await daily('TP-AREA'))['2026-04-10']).toBe(1_979_000);
    // Correcting an older reading changes its day, not the current value.
    await write(
      area('r-mar-fix', 1_971_000, {
        kind: 'correction',
        corrects: 'r-mar',
        reason: '笔误',
        occurredAt: '2026-05-01T10:00:00+08:00',
      }),
    );
    expect((await daily('TP-AREA'))['2026-03-10']).toBe(1_971_000);
    expect((await rollup('TP-AREA')).value).toBe(1_979_000);
  });
});
