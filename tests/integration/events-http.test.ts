import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROGRESS_STREAM, type ProgressEvent } from '@luoshi/shared';
import { bearer, injectAs, issueToken } from '../support/auth';
import type { TestDatabase, TestNats } from '../support/infra';
import { waitFor } from '../support/wait';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let tdb: TestDatabase;
let nats: TestNats;
let nc: NatsConnection;
let app: FastifyInstance;
let adminBearer: { authorization: string };

const event = (id: string, value: number, extra: Partial<ProgressEvent> = {}): ProgressEvent => ({
  id,
  target: 'TP-JOBS',
  kind: 'increment',
  value,
  occurredAt: '2026-03-02T09:00:00+08:00',
  reporter: 'http-test',
  ...extra,
});

interface Accepted {
  accepted: { id: string; seq: number; duplicate: boolean }[];
}

const post = (body: unknown) => app.inject({ method: 'POST', url: '/api/events', payload: body as object });

async function lastSeq(): Promise<number> {
  return (await (await jetstreamManager(nc)).streams.info(PROGRESS_STREAM)).state.last_seq;
}

const rollup = (code: string) => tdb.db.selectFrom('target_rollups').selectAll().where('target_code', '=', code).executeTakeFirstOrThrow();

beforeAll(async () => {
  stack = await startStack({ name: 'test-events-http', worker: true });
  ({ tdb, nats, nc, app } = stack);
  adminBearer = bearer(await issueToken(tdb.db, { role: 'admin', name: 'http-test' }));
  injectAs(app, adminBearer);
});

afterAll(() => stack?.stop());

describe('POST /api/events', () => {
  it('publishes one event on its owner unit’s subject and answers after the stream acknowledged', async () => {
    const res = await post(event('http-1', 3));
    expect(res.statusCode).toBe(202);
    const body = res.json<Accepted>();
    expect(body.accepted).toEqual([{ id: 'http-1', seq: expect.any(Number), duplicate: false }]);
    const stored = await (await jetstreamManager(nc)).streams.getMessage(PROGRESS_STREAM, { seq: body.accepted[0]!.seq });
    expect(stored?.subject).toBe('progress.T-JD-A.TP-JOBS');
    // Scoped to the owner unit, with a keyed content tag (issue 15): `<unit>:<id>:<tag>`.
    expect(stored?.header.get('Nats-Msg-Id')).toMatch(/^T-JD-A:http-1:[A-Za-z0-9_-]{22}$/);
    const row = await waitFor('event stored', () => tdb.db.selectFrom('events').selectAll().where('id', '=', 'http-1').executeTakeFirst());
    expect(row).toMatchObject({ target_code: 'TP-JOBS', value: 3, reporter: 'http-test' });
  });

  it('takes a batch, and a retried request with the same ids is harmless', async () => {
    await stack.ingestIdle();
    const before = (await rollup('TP-JOBS')).value;
    const batch = [
      event('http-b1', 1),
      event('http-b2', 2),
      event('area-http-1', 1_990_000, { target: 'TP-AREA', kind: 'reading', occurredAt: '2026-05-01T10:00:00+08:00' }),
    ];
    const first = await post(batch);
    expect(first.statusCode).toBe(202);
    const a = first.json<Accepted>().accepted;
    expect(a.map((x) => [x.id, x.duplicate])).toEqual([
      ['http-b1', false],
      ['http-b2', false],
      ['area-http-1', false],
    ]);
    const again = await post(batch);
    expect(again.statusCode).toBe(202);
    const b = again.json<Accepted>().accepted;
    // Same stream sequences, flagged duplicate: the stream kept the first copy only.
    expect(b).toEqual(a.map((x) => ({ ...x, duplicate: true })));
    await stack.ingestIdle();
    expect((await rollup('TP-JOBS')).value).toBe(before + 3);
    expect((await rollup('TP-AREA')).value).toBe(1_990_000);
  });

  it('refuses the whole request when one event is invalid, naming its index and field, and publishes nothing', async () => {
    const seq = await lastSeq();
    const res = await post([event('ok-1', 1), { ...event('bad-1', 1), value: 'five' }, event('ok-2', 1)]);
    expect(res.statusCode).toBe(400);
    const body = res.json<{ code: string; message: string; errors: { index: number; code: string }[] }>();
    expect(body.code).toBe('invalid_schema');
    expect(body.message).toContain('events[1]');
    expect(body.message).toContain('bad-1');
    expect(body.message).toContain('"value"');
    expect(body.errors).toEqual([expect.objectContaining({ index: 1, id: 'bad-1', code: 'invalid_schema' })]);
    expect(await lastSeq()).toBe(seq);
  });

  it.each([
    ['an unknown target', event('u-1', 1, { target: 'NO-SUCH' }), 'unknown_target', 'NO-SUCH'],
    ['a kind its target does not take', event('k-1', 5, { kind: 'reading' }), 'kind_mismatch', 'cumulative'],
    ['a negative increment', event('n-1', -5), 'invalid_value', 'negative'],
    ['a date in the future', event('f-1', 1, { occurredAt: '2099-01-01T00:00:00+08:00' }), 'future_date', '2099'],
    ['an unknown field', { ...event('x-1', 1), colour: 'red' }, 'invalid_schema', 'colour'],
    ['a date outside the plan period', event('p-1', 1, { occurredAt: '2025-06-01T09:00:00+08:00' }), 'out_of_period', '2026-01-01'],
  ])('refuses %s at the door with a specific code', async (_label, body, code, hint) => {
    const seq = await lastSeq();
    const res = await post(body);
    expect(res.statusCode).toBe(400);
    const err = res.json<{ code: string; message: string }>();
    expect(err.code).toBe(code);
    expect(err.message).toContain(hint);
    expect(err.message).toMatch(/^the event: /);
    expect(await lastSeq()).toBe(seq);
  });

  it('refuses empty, oversized and shapeless bodies', async () => {
    expect((await post([])).json()).toMatchObject({ code: 'invalid_request' });
    const big = await post(Array.from({ length: 1001 }, (_, i) => event(`big-${i}`, 1)));
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ code: 'batch_too_large' });
    const text = await app.inject({ method: 'POST', url: '/api/events', payload: '"hello"', headers: { 'content-type': 'application/json' } });
    expect(text.statusCode).toBe(400);
    expect(text.json()).toMatchObject({ code: 'invalid_request' });
  });

  it('exposes Prometheus metrics for ingest and the HTTP producer', async () => {
    const res = await app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    for (const name of [
      'luoshi_ingest_events_total{outcome="stored"}',
      'luoshi_ingest_batch_size_bucket',
      'luoshi_ingest_batch_seconds_bucket',
      'luoshi_ingest_publish_to_commit_seconds_bucket',
      'luoshi_ingest_consumer_pending 0',
      'luoshi_ingest_redeliveries_total',
      'luoshi_http_events_published_total{duplicate="true"} 3',
      'luoshi_http_events_refused_total{code="kind_mismatch"} 1',
    ]) {
      expect(res.body).toContain(name);
    }
  });

  it('answers 503 unavailable (never 500) while NATS is down, and accepts again after it is back', async () => {
    await nats.stop();
    const res = await post(event('while-down', 1));
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'unavailable' });
    await nats.restart();
    const ok = await waitFor('accepted after restart', async () => {
      const r = await post(event('while-down', 1));
      return r.statusCode === 202 ? r.json<Accepted>() : undefined;
    }, 20_000);
    expect(ok.accepted[0]!.id).toBe('while-down');
    await waitFor('stored once', () => tdb.db.selectFrom('events').select('id').where('id', '=', 'while-down').executeTakeFirst());
  });
});
