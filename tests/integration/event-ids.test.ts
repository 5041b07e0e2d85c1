import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { natsMsgId, progressSubject, type ReceiptsResponse } from '@luoshi/shared';
import { rowEventId } from '../../web/src/report/upload/validate';
import { writeBatch } from '../../server/src/ingest/batch';
import { bearer, issueToken } from '../support/auth';
import { jobsEvent, areaEvent } from '../support/fixtures';
import type { TestDatabase } from '../support/infra';
import { startStack, type Stack } from '../support/stack';

/*
 * Issue 15, item 1: event ids are unique only within the target's owner unit. Unit A
 * (T-JD-A, TP-JOBS, cumulative) attacks unit B (T-JD-B, TP-AREA, a reading) with B's
 * predictable ids: over the HTTP door, as a NATS producer, and through receipts.
 */

let stack: Stack;
let tdb: TestDatabase;
let nc: NatsConnection;
let app: FastifyInstance;
let staffA: { authorization: string };
let staffB: { authorization: string };

const jobs = jobsEvent;
const area = areaEvent;

const post = (as: { authorization: string }, body: unknown) => app.inject({ method: 'POST', url: '/api/events', headers: as, payload: body as object });
const rollup = async (code: string) => Number((await tdb.db.selectFrom('target_rollups').select('value').where('target_code', '=', code).executeTakeFirstOrThrow()).value);
const stored = (id: string) => tdb.db.selectFrom('events').select(['owner_unit', 'target_code', 'value']).where('id', '=', id).orderBy('owner_unit').execute();

const settle = () => stack.ingestIdle();

async function receipts(as: { authorization: string }, ids: string[]): Promise<ReceiptsResponse['receipts']> {
  const r = await app.inject({ method: 'GET', url: `/api/events/receipts?ids=${ids.join(',')}`, headers: as });
  expect(r.statusCode).toBe(200);
  return r.json<ReceiptsResponse>().receipts;
}

beforeAll(async () => {
  stack = await startStack({ name: 'test-event-ids', worker: true });
  ({ tdb, nc, app } = stack);
  staffA = bearer(await issueToken(tdb.db, { role: 'staff', unitCode: 'T-JD-A' }));
  staffB = bearer(await issueToken(tdb.db, { role: 'staff', unitCode: 'T-JD-B' }));
});

afterAll(() => stack?.stop());

describe('event ids are scoped to the owner unit', () => {
  it("counts unit B's upload row although unit A posted the same row id first", async () => {
    // B's bulk-upload row id is computable by anyone: A pre-claims it on its own target.
    const id = rowEventId({ target: 'TP-AREA', date: '2026-03-02', value: '1960000', note: '' }, 1_960_000);
    const claim = await post(staffA, jobs(id, 0, { kind: 'note', note: 'pre-claim' }));
    expect(claim.statusCode).toBe(202);
    await settle();
    const before = await rollup('TP-AREA');
    const upload = await post(staffB, [area(id, 1_960_000)]);
    expect(upload.statusCode).toBe(202);
    // Nothing about A's event leaks into B's answer.
    expect(upload.json<{ accepted: { duplicate: boolean }[] }>().accepted[0]!.duplicate).toBe(false);
    await settle();
    expect(before).not.toBe(1_960_000);
    expect(await rollup('TP-AREA')).toBe(1_960_000);
    expect((await stored(id)).map((r) => r.owner_unit)).toEqual(['T-JD-A', 'T-JD-B']);
    expect((await receipts(staffB, [id]))[0]).toMatchObject({ eventId: id, outcome: 'counted', ownerUnit: 'T-JD-B', target: 'TP-AREA' });
  });

  it("a NATS producer of unit A cannot suppress unit B's event with the same id (plain, scoped or forged Nats-Msg-Id)", async () => {
    const js = jetstream(nc);
    const ids = ['grid-2026-0343', 'grid-2026-0344', 'grid-2026-0345'];
    const msgIds = [ids[0]!, natsMsgId('T-JD-A', ids[1]!), natsMsgId('T-JD-B', ids[2]!)]; // the last forges B's scope
    for (const [k, id] of ids.entries()) {
      await js.publish(progressSubject('T-JD-A', 'TP-JOBS'), JSON.stringify(jobs(id, 0, { kind: 'note', note: 'squat' })), { msgID: msgIds[k]! });
    }
    await settle();
    for (const [k, id] of ids.entries()) {
      const r = await post(staffB, area(id, 1_970_000 + k, { occurredAt: `2026-03-0${3 + k}T09:00:00+08:00` }));
      expect(r.statusCode).toBe(202);
      expect(r.json<{ accepted: { duplicate: boolean }[] }>().accepted[0]!.duplicate).toBe(false);
    }
    await settle();
    for (const id of ids) expect((await stored(id)).map((r) => r.owner_unit)).toEqual(['T-JD-A', 'T-JD-B']);
    expect(await rollup('TP-AREA')).toBe(1_970_002);
  });

  it('answers the same id with different content 409 id_conflict at the door, naming the id; the same content is a harmless duplicate', async () => {
    expect((await post(staffA, jobs('dup-a-1', 2))).statusCode).toBe(202);
    await settle();
    const again = await post(staffA, jobs('dup-a-1', 2));
    expect(again.statusCode).toBe(202);
    expect(again.json<{ accepted: { duplicate: boolean }[] }>().accepted[0]!.duplicate).toBe(true);
    const other = await post(staffA, jobs('dup-a-1', 3));
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ code: 'id_conflict', message: expect.stringContaining('dup-a-1') as unknown });
    // In one request too, and nothing of it is published.
    const inOne = await post(staffA, [jobs('dup-a-2', 1), jobs('dup-a-2', 4)]);
    expect([inOne.statusCode, inOne.json<{ code: string }>().code]).toEqual([409, 'id_conflict']);
    await settle();
    expect(await stored('dup-a-2')).toEqual([]);
    expect((await stored('dup-a-1')).map((r) => Number(r.value))).toEqual([2]);
  });

  it('rejects the same id with different content at ingest as id_conflict with a rejected receipt, never a silent duplicate', async () => {
    const js = jetstream(nc);
    const subject = progressSubject('T-JD-A', 'TP-JOBS');
    await js.publish(subject, JSON.stringify(jobs('nats-conf-1', 1)), { msgID: natsMsgId('T-JD-A', 'nats-conf-1') });
    await settle();
    const total = await rollup('TP-JOBS');
    // Another message (no Nats-Msg-Id, so the stream keeps it) with the same id and other content.
    await js.publish(subject, JSON.stringify(jobs('nats-conf-1', 5)));
    await settle();
    expect(await rollup('TP-JOBS')).toBe(total);
    const rej = await tdb.db.selectFrom('rejected_events').select(['code', 'message', 'unit_code']).where('event_id', '=', 'nats-conf-1').execute();
    expect(rej).toEqual([{ code: 'id_conflict', message: expect.stringContaining('nats-conf-1') as unknown, unit_code: 'T-JD-A' }]);
    // Directly through the batch writer: the receipt says rejected with the code.
    const res = await writeBatch(tdb.db, [{ subject, data: new TextEncoder().encode(JSON.stringify(jobs('nats-conf-1', 7))), seq: null }]);
    expect(res.outcomes).toEqual(['rejected']);
    expect(res.receipts).toEqual([expect.objectContaining({ eventId: 'nats-conf-1', outcome: 'rejected', code: 'id_conflict', ownerUnit: 'T-JD-A' })]);
    // The counted event stays what A's staff see.
    expect((await receipts(staffA, ['nats-conf-1']))[0]).toMatchObject({ outcome: 'counted' });
  });

  it("answers unit A's question about unit B's id with nothing about it", async () => {
    expect((await post(staffB, area('secret-b-1', 1_980_000))).statusCode).toBe(202);
    await settle();
    // Only B has it: A hears pending, like an id nobody used.
    expect(await receipts(staffA, ['secret-b-1', 'never-used-1'])).toEqual([
      { eventId: 'secret-b-1', outcome: 'pending' },
      { eventId: 'never-used-1', outcome: 'pending' },
    ]);
    // A's own rejection of the same id is A's answer, whatever B did with the id later.
    const js = jetstream(nc);
    await js.publish(progressSubject('T-JD-A', 'TP-JOBS'), JSON.stringify(jobs('secret-b-2', -1)));
    await settle();
    expect((await post(staffB, area('secret-b-2', 1_980_001))).statusCode).toBe(202);
    await settle();
    expect((await receipts(staffA, ['secret-b-2']))[0]).toMatchObject({ outcome: 'rejected', code: 'invalid_value', ownerUnit: 'T-JD-A' });
    expect((await receipts(staffB, ['secret-b-2']))[0]).toMatchObject({ outcome: 'counted', ownerUnit: 'T-JD-B' });
  });

  it('counts the same upload file twice once within the unit', async () => {
    const rows = [
      { target: 'TP-JOBS', date: '2026-03-05', value: '3', note: '' },
      { target: 'TP-JOBS', date: '2026-03-06', value: '4', note: '招聘会' },
    ];
    const file = rows.map((r) => jobs(rowEventId(r, Number(r.value)), Number(r.value), { occurredAt: `${r.date}T12:00:00+08:00`, ...(r.note ? { note: r.note } : {}) }));
    const before = await rollup('TP-JOBS');
    expect((await post(staffA, file)).statusCode).toBe(202);
    await settle();
    const second = await post(staffA, file);
    expect(second.statusCode).toBe(202);
    expect(second.json<{ accepted: { duplicate: boolean }[] }>().accepted.map((a) => a.duplicate)).toEqual([true, true]);
    await settle();
    expect(await rollup('TP-JOBS')).toBe(before + 7);
  });
});
