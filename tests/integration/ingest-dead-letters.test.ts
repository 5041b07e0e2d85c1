import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@luoshi/db';
import { progressSubject, type ProgressEvent } from '@luoshi/shared';
import { DEAD_LETTER_STREAM } from '../../server/src/infra/nats';
import { ingestMetrics } from '../../server/src/metrics/metrics';
import type { RestartablePostgres } from '../support/restartable-postgres';
import { waitFor } from '../support/wait';
import { startStack, type Stack } from '../support/stack';

/**
 * Dead letters: nothing is silently dropped, even a message JetStream gives up on while
 * the database is down. Own PostgreSQL (it is stopped here) and own nats-server.
 */
let stack: Stack;
let pg: RestartablePostgres;
let db: Kysely<Database>;
let nc: NatsConnection;

const event = (id: string, value: number): ProgressEvent => ({ id, target: 'TP-JOBS', kind: 'increment', value, occurredAt: '2026-03-02T09:00:00+08:00' });
const subject = progressSubject('T-JD-A', 'TP-JOBS');

const deadLetter = (seq: number) => db.selectFrom('dead_letters').selectAll().where('stream_seq', '=', seq).executeTakeFirst();

beforeAll(async () => {
  stack = await startStack({
    name: 'test-dead-letters',
    postgres: 'restartable',
    // Fault injection: the database refuses some ids as a constraint would (data error),
    // and fails others the way a lost connection does (transient error).
    prepare: (db) =>
      sql`
        create function refuse_test_events() returns trigger language plpgsql as $$
        begin
          if new.id like 'refused-%' then raise exception 'simulated check failure for %', new.id using errcode = '23514'; end if;
          if new.id like 'flaky-%' then raise exception 'simulated connection failure' using errcode = '08006'; end if;
          return new;
        end $$;
        create trigger refuse_test_events before insert on events for each row execute function refuse_test_events();
        create table test_flags (dead_letters_down boolean not null);
        insert into test_flags values (false);
        create function dead_letters_down() returns trigger language plpgsql as $$
        begin
          if (select dead_letters_down from test_flags) then raise exception 'simulated outage' using errcode = '08006'; end if;
          return new;
        end $$;
        create trigger dead_letters_down before insert on dead_letters for each row execute function dead_letters_down();
      `.execute(db),
    // Quick retries, so ten deliveries take well under a second.
    worker: { retryDelayMs: () => 50 },
    app: false,
  });
  ({ pg, db, nc } = stack);
});

afterAll(() => stack?.stop());

describe('dead letters', () => {
  it('takes a message the database refuses out of its batch, stores the rest, and dead-letters it with the reason', async () => {
    const js = jetstream(nc);
    // Published together, so they share a batch (linger 10 ms).
    const acks = await Promise.all(
      [event('good-1', 1), event('good-2', 2), event('refused-1', 3), event('good-3', 4)].map((e) => js.publish(subject, JSON.stringify(e), { msgID: e.id })),
    );
    const dead = await waitFor('dead letter', () => deadLetter(acks[2]!.seq));
    expect(dead).toMatchObject({ reason: 'write_failed', event_id: 'refused-1', subject, deliveries: 1 });
    expect(dead.error).toContain('23514');
    expect(dead.error).toContain('simulated check failure');
    expect(JSON.parse(dead.payload!)).toMatchObject({ id: 'refused-1', value: 3 });
    await stack.ingestIdle();
    const stored = await db.selectFrom('events').select('id').orderBy('id').execute();
    expect(stored.map((r) => r.id)).toEqual(['good-1', 'good-2', 'good-3']);
    const r = await db.selectFrom('target_rollups').select('value').where('target_code', '=', 'TP-JOBS').executeTakeFirstOrThrow();
    expect(r.value).toBe(7);
  });

  it('captures a message that fails on every delivery once JetStream gives up on it (max_deliver 10)', async () => {
    const ack = await jetstream(nc).publish(subject, JSON.stringify(event('flaky-1', 1)), { msgID: 'flaky-1' });
    const dead = await waitFor('dead letter', () => deadLetter(ack.seq), 30_000);
    expect(dead).toMatchObject({ reason: 'max_deliveries', event_id: 'flaky-1', deliveries: 10, subject });
    expect(dead.published_at).toBeInstanceOf(Date);
    await stack.ingestIdle();
  });

  it('keeps the advisory until the dead letter can be stored', async () => {
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    const advisoriesBefore = (await jsm.streams.info(DEAD_LETTER_STREAM)).state.messages;
    await sql`update test_flags set dead_letters_down = true`.execute(db);
    const ack = await js.publish(subject, JSON.stringify(event('flaky-2', 5)), { msgID: 'flaky-2' });
    await waitFor(
      'max-deliveries advisory kept in the stream',
      async () => ((await jsm.streams.info(DEAD_LETTER_STREAM)).state.messages > advisoriesBefore ? true : undefined),
      30_000,
    );
    // Storing fails for a while (the advisory is nak'ed and comes back), nothing is lost.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await deadLetter(ack.seq)).toBeUndefined();
    await sql`update test_flags set dead_letters_down = false`.execute(db);
    const dead = await waitFor('dead letter once storing works again', () => deadLetter(ack.seq), 30_000);
    expect(dead).toMatchObject({ reason: 'max_deliveries', event_id: 'flaky-2', deliveries: 10 });
    expect(JSON.parse(dead.payload!)).toMatchObject({ id: 'flaky-2', value: 5 });
    const count = await db.selectFrom('dead_letters').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', 'flaky-2').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('pauses during a database outage instead of spending deliveries, and stores everything after it', async () => {
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    const advisoriesBefore = (await jsm.streams.info(DEAD_LETTER_STREAM)).state.messages;
    const redeliveries = async () => (await ingestMetrics.redeliveries.get()).values[0]?.value ?? 0;
    const redeliveredBefore = await redeliveries();
    await pg.stop();
    const ids = ['outage-1', 'outage-2', 'outage-3'];
    for (const id of ids) await js.publish(subject, JSON.stringify(event(id, 1)), { msgID: id });
    // With 50 ms nak delays, ten deliveries would take well under this.
    await new Promise((r) => setTimeout(r, 4_000));
    await pg.start();
    await waitFor('events stored after the outage', async () => {
      const rows = await db.selectFrom('events').select('id').where('id', 'in', ids).execute();
      return rows.length === ids.length ? true : undefined;
    }, 30_000);
    await stack.ingestIdle();
    expect((await jsm.streams.info(DEAD_LETTER_STREAM)).state.messages).toBe(advisoriesBefore);
    expect(await db.selectFrom('dead_letters').select('id').where('event_id', 'in', ids).execute()).toEqual([]);
    // Held while paused: at most the one failed delivery each, not one per 50 ms nak delay.
    expect((await redeliveries()) - redeliveredBefore).toBeLessThanOrEqual(ids.length);
  });
});
