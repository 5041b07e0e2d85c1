import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxResponse } from '@luoshi/shared';
import { schedulerTick } from '../../server/src/supervision/scheduler';
import { loginCookie, seedAccounts, sessionHeaders } from '../support/auth';
import type { TestDatabase } from '../support/infra';
import { waitFor } from '../support/wait';
import { startStack, type Stack } from '../support/stack';
import type { AppOptions } from '../../server/src/app';

/**
 * The reminder scheduler and outbound webhooks, against real PostgreSQL and nats-server.
 * TP-2026 reports weekly, due 2 working days after each week (Tuesdays), reminders 1
 * working day before (Mondays), escalation 3 working days after (Fridays). TP-JOBS has no
 * report at all; TP-AREA reached its target on 2 January (finished: owes nothing).
 */
let stack: Stack;
let tdb: TestDatabase;
let clock = new Date('2026-06-10T02:00:00Z'); // Wed 10 June, 10:00 China

/** One server instance of several on the database, each with its own NATS connection as separate processes have. */
const apps: FastifyInstance[] = [];
async function instance(extra: AppOptions['supervision'] = {}): Promise<FastifyInstance> {
  const { app } = await stack.addApp({ app: { now: () => clock, supervision: { scheduler: false, ...extra } }, ownConnection: true });
  apps.push(app);
  return app;
}

beforeAll(async () => {
  stack = await startStack({ name: 'test-scheduler', app: false });
  ({ tdb } = stack);
  await tdb.db.updateTable('plans').set({ default_cadence: 'weekly', due_working_days: 2, remind_before_days: 1, escalate_after_days: 3 }).where('id', '=', 'TP-2026').execute();
  await seedAccounts(tdb.db);
  await tdb.db
    .insertInto('target_daily')
    .values({ target_code: 'TP-AREA', day: '2026-01-02', value_end: 2_020_000 })
    .execute();
  await tdb.db.insertInto('events').values({ id: 'sch-area-1', owner_unit: 'T-JD-B', target_code: 'TP-AREA', kind: 'reading', value: 2_020_000, occurred_at: '2026-01-02T09:00:00+08:00', received_at: new Date('2026-01-02T09:00:00+08:00') }).execute();
});

afterAll(() => stack?.stop());

const reminders = () => tdb.db.selectFrom('reminders').select(['kind', 'target_code', 'cycle_due', 'recipients']).where('kind', '<>', 'manual').orderBy('created_at').execute();

describe('the reminder scheduler', () => {
  it('fires once with two instances ticking at the same moment', async () => {
    const [a, b] = [await instance(), await instance()];
    const runs = await Promise.all([
      schedulerTick(a, { instance: 'a', now: () => clock }),
      schedulerTick(b, { instance: 'b', now: () => clock }),
      schedulerTick(a, { instance: 'a', now: () => clock }),
      schedulerTick(b, { instance: 'b', now: () => clock }),
    ]);
    // Whoever got the lock ran today; the others ran nothing, or found the day done.
    expect(runs.flat()).toEqual(['2026-06-10']);
    expect(await reminders()).toEqual([{ kind: 'after_due', target_code: 'TP-JOBS', cycle_due: '2026-06-09', recipients: 1 }]);
    // A later tick the same day does nothing.
    expect(await schedulerTick(b, { instance: 'b', now: () => clock })).toEqual([]);
    const staff = await loginCookie(a, 'staff-t-jd-a');
    const inbox = (await a.inject({ url: '/api/me/notifications', headers: sessionHeaders(staff) })).json<InboxResponse>();
    expect(inbox.items[0]!.title).toContain('逾期未报提醒');
    for (const x of [a, b]) await x.close();
  });

  it('catches up the days it missed while every instance was down, after a restart', async () => {
    clock = new Date('2026-06-16T02:00:00Z'); // Tue 16 June: 11–15 June were missed
    const c = await instance();
    expect(await schedulerTick(c, { instance: 'c', now: () => clock })).toEqual(['2026-06-11', '2026-06-12', '2026-06-13', '2026-06-14', '2026-06-15', '2026-06-16']);
    expect(await reminders()).toEqual([
      { kind: 'after_due', target_code: 'TP-JOBS', cycle_due: '2026-06-09', recipients: 1 },
      // Fri 12 June: 3 working days overdue → the leaders of the unit above (T-JD).
      { kind: 'escalation', target_code: 'TP-JOBS', cycle_due: '2026-06-09', recipients: 1 },
      // Mon 15 June: the week of 8 June is due tomorrow (16 June), still open today → reminded.
      { kind: 'before_due', target_code: 'TP-JOBS', cycle_due: '2026-06-16', recipients: 1 },
    ]);
    const leader = await loginCookie(c, 'leader-t-jd');
    const inbox = (await c.inject({ url: '/api/me/notifications', headers: sessionHeaders(leader) })).json<InboxResponse>();
    expect(inbox.items.map((i) => i.title)).toEqual([expect.stringContaining('逾期未报升级提醒')]);
    const runs = await tdb.db.selectFrom('scheduler_runs').select(['day']).where('finished_at', 'is not', null).execute();
    expect(runs).toHaveLength(7);
    await c.close();
  });
});

describe('a target cancelled after it missed a cycle', () => {
  it('gets no reminder and no escalation, not even from a catch-up run of a day before the cancellation', async () => {
    // TP-JOBS missed the week due Tue 16 June while active. Had a server been up, Wed 17 June
    // would have sent after_due and Fri 19 June the escalation; it was cancelled on Thu 18 June.
    await tdb.db.updateTable('targets').set({ status: 'cancelled', cancel_reason: '年中调整', cancelled_on: '2026-06-18' }).where('code', '=', 'TP-JOBS').execute();
    clock = new Date('2026-06-22T02:00:00Z'); // Mon 22 June
    const before = await reminders();
    const d = await instance();
    expect(await schedulerTick(d, { instance: 'd', now: () => clock })).toEqual(['2026-06-17', '2026-06-18', '2026-06-19', '2026-06-20', '2026-06-21', '2026-06-22']);
    expect(await reminders()).toEqual(before);
    // Its owner unit is told nothing either, and the owed lists have dropped it.
    const staff = await loginCookie(d, 'staff-t-jd-a');
    const owed = (await d.inject({ url: '/api/me/owed', headers: sessionHeaders(staff) })).json<{ items: unknown[] }>();
    expect(owed.items).toEqual([]);
    await d.close();
    // The webhook tests below remind about TP-JOBS as an active target.
    await tdb.db.updateTable('targets').set({ status: 'active', cancel_reason: null, cancelled_on: null }).where('code', '=', 'TP-JOBS').execute();
  });
});

describe('outbound webhooks', () => {
  let receiver: Server;
  let hanging: Server;
  const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
  let failuresLeft = 2;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        res.statusCode = failuresLeft-- > 0 ? 500 : 200;
        res.end();
      });
    });
    hanging = createServer(() => undefined); // never answers
    await Promise.all([new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r)), new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r))]);
  });
  afterAll(async () => {
    receiver?.close();
    hanging?.closeAllConnections();
    hanging?.close();
  });

  it('signs the body with HMAC-SHA256, retries with backoff, and logs each delivery', async () => {
    const app = await instance({ webhooks: { backoffMs: 50, timeoutMs: 300 }, webhookPollMs: 50 });
    const admin = await loginCookie(app, 'admin');
    const secret = 'webhook-secret-0123456789';
    const port = (receiver.address() as AddressInfo).port;
    const put = await app.inject({ method: 'PUT', url: '/api/units/T-JD-A/webhook', headers: sessionHeaders(admin), payload: { url: `http://127.0.0.1:${port}/relay`, secret } });
    expect(put.statusCode).toBe(200);
    const leader = await loginCookie(app, 'leader-t-jd');
    const sent = await app.inject({ method: 'POST', url: '/api/reminders', headers: sessionHeaders(leader), payload: { target: 'TP-JOBS', message: '请尽快报送' } });
    expect(sent.statusCode).toBe(201);
    const log = await waitFor('the delivery', async () => {
      const res = (await app.inject({ url: '/api/units/T-JD-A/webhook/deliveries', headers: sessionHeaders(admin) })).json<{ status: string; attempts: number; lastStatus: number }[]>();
      return res[0]?.status === 'delivered' ? res[0] : undefined;
    });
    expect(log).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 200 });
    expect(seen).toHaveLength(3);
    for (const r of seen) {
      const expected = `sha256=${createHmac('sha256', secret).update(r.body).digest('hex')}`;
      expect(r.headers['x-luoshi-signature']).toBe(expected);
      expect(r.headers['content-type']).toBe('application/json');
    }
    expect(new Set(seen.map((r) => r.headers['x-luoshi-delivery'])).size).toBe(1);
    const body = JSON.parse(seen[0]!.body) as { event: string; unit: string; reminder: { target: string; message: string } };
    expect(body).toMatchObject({ event: 'reminder', unit: 'T-JD-A', reminder: { target: 'TP-JOBS', message: '请尽快报送' } });
    // A forged signature would not match: the receiver's check is sensitive to the secret.
    expect(createHmac('sha256', 'another-secret-0123456').update(seen[0]!.body).digest('hex')).not.toBe(String(seen[0]!.headers['x-luoshi-signature']).slice(7));
  });

  it('a receiver that never answers blocks nothing: the reminder is stored at once, the delivery retried and finally failed', async () => {
    const app = apps.at(-1)!;
    const admin = await loginCookie(app, 'admin');
    const port = (hanging.address() as AddressInfo).port;
    await app.inject({ method: 'PUT', url: '/api/units/T-JD-B/webhook', headers: sessionHeaders(admin), payload: { url: `http://127.0.0.1:${port}/`, secret: 'hanging-secret-0123456789' } });
    const leader = await loginCookie(app, 'leader-t-jd');
    const sent = await app.inject({ method: 'POST', url: '/api/reminders', headers: sessionHeaders(leader), payload: { unit: 'T-JD-B' } });
    expect(sent.statusCode).toBe(201);
    const log = await waitFor(
      'the delivery to fail',
      async () => {
        const res = (await app.inject({ url: '/api/units/T-JD-B/webhook/deliveries', headers: sessionHeaders(admin) })).json<{ status: string; attempts: number; lastError: string }[]>();
        return res[0]?.status === 'failed' ? res[0] : undefined;
      },
      20_000,
    );
    expect(log.attempts).toBe(6);
    expect(log.lastError).toBeTruthy();
  });

  it('refuses bad webhook settings with a named error', async () => {
    const app = apps.at(-1)!;
    const admin = await loginCookie(app, 'admin');
    const put = (payload: object, unit = 'T-JD-A') => app.inject({ method: 'PUT', url: `/api/units/${unit}/webhook`, headers: sessionHeaders(admin), payload });
    expect((await put({ url: 'ftp://x.example/', secret: 'x'.repeat(16) })).json().code).toBe('invalid_url');
    expect((await put({ url: 'not a url', secret: 'x'.repeat(16) })).json().code).toBe('invalid_url');
    expect((await put({ url: 'https://u:p@x.example/', secret: 'x'.repeat(16) })).json().code).toBe('invalid_url');
    expect((await put({ url: 'https://x.example/', secret: 'short' })).statusCode).toBe(400);
    expect((await put({ url: 'https://x.example/', secret: 'x'.repeat(16) }, 'NOPE')).statusCode).toBe(404);
  });
});
