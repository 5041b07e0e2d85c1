import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROGRESS_STREAM, progressSubject, type LiveNotice } from '@luoshi/shared';
import { ensureProgressStream, INGEST_CONSUMER } from '../../server/src/infra/nats';
import { writeBatch } from '../../server/src/ingest/batch';
import { jobsEvent } from '../support/fixtures';
import type { TestDatabase } from '../support/infra';
import { waitFor } from '../support/wait';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let tdb: TestDatabase;
let nc: NatsConnection;

const event = jobsEvent;

async function rollup(code: string) {
  return tdb.db.selectFrom('target_rollups').selectAll().where('target_code', '=', code).executeTakeFirstOrThrow();
}

beforeAll(async () => {
  stack = await startStack({ name: 'test-ingest', worker: true, app: false });
  ({ tdb, nc } = stack);
});

afterAll(() => stack?.stop());

describe('ingest over JetStream', () => {
  it('sets up the stream and consumer idempotently, as every instance does at start', async () => {
    await ensureProgressStream(nc);
    await ensureProgressStream(nc);
    const jsm = await jetstreamManager(nc);
    const stream = await jsm.streams.info(PROGRESS_STREAM);
    expect(stream.config).toMatchObject({ subjects: ['progress.>'], storage: 'file', duplicate_window: 5 * 60 * 1e9 });
    const consumer = await jsm.consumers.info(PROGRESS_STREAM, INGEST_CONSUMER);
    expect(consumer.config).toMatchObject({ durable_name: 'ingest', ack_policy: 'explicit', max_deliver: 10 });
  });

  it('stores a published event once and moves the rollup in the same transaction', async () => {
    const js = jetstream(nc);
    const live: LiveNotice[] = [];
    const sub = nc.subscribe('live.TP-2026.TP-JOBS', { callback: (_e, m) => void live.push(m.json<LiveNotice>()) });

    const e = event('jobs-1', 5);
    await js.publish(progressSubject('T-JD-A', 'TP-JOBS'), JSON.stringify(e), { msgID: e.id });
    // The same id again: within the duplicate window JetStream drops it...
    const dup = await js.publish(progressSubject('T-JD-A', 'TP-JOBS'), JSON.stringify(e), { msgID: e.id });
    expect(dup.duplicate).toBe(true);
    // ...and without a msgID (a producer that forgot it) Postgres' primary key does.
    await js.publish(progressSubject('T-JD-A', 'TP-JOBS'), JSON.stringify(e));

    await stack.ingestIdle();
    const stored = await tdb.db.selectFrom('events').selectAll().where('id', '=', 'jobs-1').execute();
    expect(stored).toHaveLength(1);
    const r = await rollup('TP-JOBS');
    expect(r.value).toBe(5);
    expect(r.event_count).toBe(1);
    await waitFor('live notice', async () => (live.length > 0 ? true : undefined));
    expect(live[0]!.update).toMatchObject({ target: 'TP-JOBS', planId: 'TP-2026', value: 5, version: 1 });
    expect(live[0]!.activity).toEqual([expect.objectContaining({ eventId: 'jobs-1', target: 'TP-JOBS', value: 5, uom: '人', kind: 'increment' })]);
    sub.unsubscribe();
  });

  it('counts a redelivered batch once', async () => {
    const before = (await rollup('TP-JOBS')).value;
    const msg = { subject: progressSubject('T-JD-A', 'TP-JOBS'), data: new TextEncoder().encode(JSON.stringify(event('jobs-redeliver', 7))), seq: 1_000_001 };
    const first = await writeBatch(tdb.db, [msg]);
    const again = await writeBatch(tdb.db, [msg]);
    expect(first.outcomes).toEqual(['stored']);
    expect(again.outcomes).toEqual(['duplicate']);
    expect(again.touched).toEqual([]);
    expect((await rollup('TP-JOBS')).value).toBe(before + 7);
  });

  it('keeps the latest reading by event time, whatever the arrival order', async () => {
    const js = jetstream(nc);
    const subject = progressSubject('T-JD-B', 'TP-AREA');
    const later = event('area-2', 2_000_000, { target: 'TP-AREA', kind: 'reading', occurredAt: '2026-04-01T10:00:00+08:00' });
    const earlier = event('area-1', 1_980_000, { target: 'TP-AREA', kind: 'reading', occurredAt: '2026-03-01T10:00:00+08:00' });
    await js.publish(subject, JSON.stringify(later), { msgID: later.id });
    await js.publish(subject, JSON.stringify(earlier), { msgID: earlier.id });
    await stack.ingestIdle();
    expect((await rollup('TP-AREA')).value).toBe(2_000_000);
  });

  it.each([
    ['not JSON', progressSubject('T-JD-A', 'TP-JOBS'), '{"id": "x", oops', 'invalid_json', 'not JSON'],
    ['failing the schema', progressSubject('T-JD-A', 'TP-JOBS'), JSON.stringify({ ...event('bad-schema', 1), value: 'five' }), 'invalid_schema', 'value'],
    ['naming an unknown target', progressSubject('T-JD-A', 'NO-SUCH'), JSON.stringify(event('bad-target', 1, { target: 'NO-SUCH' })), 'unknown_target', 'NO-SUCH'],
    ['on another unit’s subject', progressSubject('T-JD-B', 'TP-JOBS'), JSON.stringify(event('bad-unit', 1)), 'unit_mismatch', 'T-JD-A'],
  ])('records a message %s with its reason, acknowledges it, and goes on', async (_label, subject, payload, code, hint) => {
    const js = jetstream(nc);
    const before = (await rollup('TP-JOBS')).value;
    const ack = await js.publish(subject, payload);
    const good = event(`after-${code}`, 1);
    await js.publish(progressSubject('T-JD-A', 'TP-JOBS'), JSON.stringify(good), { msgID: good.id });

    const rejected = await waitFor('rejection row', () =>
      tdb.db.selectFrom('rejected_events').selectAll().where('stream_seq', '=', ack.seq).executeTakeFirst(),
    );
    expect(rejected.code).toBe(code);
    expect(rejected.message).toContain(hint);
    expect(rejected.payload).toBe(payload);
    // Not redelivered forever: nothing pending or unacknowledged remains.
    await stack.ingestIdle();
    // And the consumer went on with the next message.
    expect((await rollup('TP-JOBS')).value).toBe(before + 1);
  });
});
