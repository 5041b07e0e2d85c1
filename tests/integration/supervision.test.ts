import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { sql } from 'kysely';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  progressSubject,
  type CompareResponse,
  type InboxNotice,
  type InboxResponse,
  type Instruction,
  type MonthlyBulletin,
  type OwedByUnitResponse,
  type OwedResponse,
  type PlanOverview,
  type ProgressEvent,
  type ReminderResult,
  type TimelineResponse,
} from '@luoshi/shared';
import { writeBatch } from '../../server/src/ingest/batch';
import type { LiveSocket } from '../../web/src/live/client';
import { issueToken, sessionHeaders, type Session } from '../support/auth';
import type { TestDatabase } from '../support/infra';
import { waitFor } from '../support/wait';
import { startStack, type Stack } from '../support/stack';
import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';

/**
 * Issue 17 end to end against real PostgreSQL and nats-server: what is owed, 催办 into the
 * inbox (live over socket.io), 批示 and 办理回复, the timeline, comparisons and the monthly
 * 通报 as of a month's end — with an attacker's attempt beside each route.
 *
 * Today is pinned to Wednesday 2026-06-10 (China). TP-2026 reports weekly, due 2 working
 * days after each week. TP-JOBS (T-JD-A): +10 received 2026-05-20, +5 received 2026-06-01.
 * TP-AREA (T-JD-B): reached its target on 2026-01-02 and has been silent since — finished.
 * T-X is a unit under T with no staff account.
 */
const NOW = new Date('2026-06-10T04:00:00Z');
let stack: Stack;
let tdb: TestDatabase;
let app: FastifyInstance;
let url: string;
const s: Record<'staffA' | 'staffB' | 'leader' | 'admin', Session> = {} as never;
let screenToken: string;
const sockets: LiveSocket[] = [];

async function report(db: Kysely<Database>, e: ProgressEvent, unit: string, receivedDay: string): Promise<void> {
  await writeBatch(db, [{ subject: progressSubject(unit, e.target), data: new TextEncoder().encode(JSON.stringify(e)), seq: Math.floor(Math.random() * 1e9) }], NOW);
  // Reports are dated by when they were received: pretend this one arrived on its day (the log is append-only, hence the trigger dance).
  await sql`alter table events disable trigger events_append_only`.execute(db);
  await sql`update events set received_at = ${`${receivedDay}T10:00:00+08:00`}::timestamptz where id = ${e.id}`.execute(db);
  await sql`alter table events enable trigger events_append_only`.execute(db);
}

beforeAll(async () => {
  stack = await startStack({
    name: 'test-supervision',
    accounts: true,
    prepare: async (db) => {
      await db.updateTable('plans').set({ default_cadence: 'weekly', due_working_days: 2 }).where('id', '=', 'TP-2026').execute();
      await db.insertInto('units').values({ code: 'T-X', name: '无人科室', kind: 'department', parent_code: 'T' }).execute();
      await report(db, { id: 'sv-jobs-1', target: 'TP-JOBS', kind: 'increment', value: 10, occurredAt: '2026-05-20T09:00:00+08:00' }, 'T-JD-A', '2026-05-20');
      await report(db, { id: 'sv-jobs-2', target: 'TP-JOBS', kind: 'increment', value: 5, occurredAt: '2026-06-01T09:00:00+08:00' }, 'T-JD-A', '2026-06-01');
      await report(db, { id: 'sv-area-1', target: 'TP-AREA', kind: 'reading', value: 2_020_000, occurredAt: '2026-01-02T09:00:00+08:00' }, 'T-JD-B', '2026-01-02');
    },
    clock: () => NOW,
    app: { overviewCache: false },
    listen: true,
  });
  ({ tdb, app, url } = stack);
  stack.onStop(() => sockets.forEach((x) => x.disconnect()));
  s.staffA = await stack.login('staff-t-jd-a');
  s.staffB = await stack.login('staff-t-jd-b');
  s.leader = await stack.login('leader-t-jd');
  s.admin = await stack.login('admin');
  screenToken = await issueToken(tdb.db, { role: 'screen', screenId: 'wall-1' });
});

afterAll(() => stack?.stop());

const get = (who: Session | string, path: string) =>
  app.inject({ url: path, headers: typeof who === 'string' ? { authorization: `Bearer ${who}` } : sessionHeaders(who) });
const post = (who: Session, path: string, payload: object) => app.inject({ method: 'POST', url: path, payload, headers: sessionHeaders(who) });

describe('what is owed', () => {
  it('我的待报 lists the unit’s missing cycle with days late; a finished target owes nothing', async () => {
    const a = await get(s.staffA, '/api/me/owed');
    expect(a.statusCode).toBe(200);
    const owedA = a.json<OwedResponse>();
    expect(owedA.asOf).toBe('2026-06-10');
    expect(owedA.items).toHaveLength(1);
    // Week 1–7 June, due Tue 9 June: the 1 June report closed the week before (due 2 June), so this one is missing, 1 working day late.
    expect(owedA.items[0]).toMatchObject({ target: 'TP-JOBS', outcome: 'missing', cadence: 'weekly' });
    expect(owedA.items[0]!.daysLate).toBeGreaterThan(0);
    const b = (await get(s.staffB, '/api/me/owed')).json<OwedResponse>();
    expect(b.items).toEqual([]);
  });

  it('leaders see owed counts per unit, units owing most first, and an all-finished unit’s 报送及时率 is not 0', async () => {
    const res = await get(s.leader, '/api/units/T-JD/owed');
    expect(res.statusCode).toBe(200);
    const { units } = res.json<OwedByUnitResponse>();
    expect(units.map((u) => u.unit)).toEqual(['T-JD-A', 'T-JD-B']);
    expect(units[0]!.owingTargets).toBe(1);
    expect(units[1]).toMatchObject({ owingTargets: 0, missingCycles: 0 });
    expect(units[1]!.timeliness.rate).toBe(1);
    const plan = (await get(screenToken, '/api/plans/TP-2026/owed')).statusCode;
    expect(plan).toBe(403); // wall-1 does not exist in this database: the screen token shows nothing
  });

  it('the overview no longer shows 0% 报送及时率 for the all-finished unit', async () => {
    const ov = (await get(s.leader, '/api/plans/TP-2026/overview')).json<PlanOverview>();
    expect(ov.units.find((u) => u.code === 'T-JD-B')!.timeliness).toBe(1);
  });

  it('refuses another unit’s owed list, future dates and bad dates', async () => {
    expect((await get(s.staffA, '/api/units/T-JD-B/owed')).statusCode).toBe(403);
    expect((await get(s.staffA, '/api/units/T-JD/owed')).statusCode).toBe(403);
    expect((await get(s.leader, '/api/units/NOPE/owed')).statusCode).toBe(404);
    expect((await get(s.leader, '/api/me/owed')).statusCode).toBe(403);
    const future = await get(s.staffA, '/api/me/owed?asOf=2026-07-01');
    expect(future.statusCode).toBe(400);
    expect(future.json().message).toMatch(/asOf/);
    expect((await get(s.staffA, '/api/me/owed?asOf=2026-02-30')).statusCode).toBe(400);
  });

  it('judges a past day as it stood: on 2026-05-26 the week of 18 May was reported on time', async () => {
    const past = (await get(s.staffA, '/api/me/owed?asOf=2026-05-26')).json<OwedResponse>();
    expect(past.items[0]!.cycle.due <= '2026-05-26' || past.items[0]!.outcome === 'open').toBe(true);
  });
});

describe('催办 and the inbox', () => {
  it('a leader’s reminder reaches the owner unit’s staff inbox, live over socket.io', async () => {
    const socket = io(url, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie: s.staffA.cookie } }) as LiveSocket;
    sockets.push(socket);
    const notices: InboxNotice[] = [];
    socket.on('inbox', (n) => notices.push(n));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const res = await post(s.leader, '/api/reminders', { target: 'TP-JOBS', message: '请本周五前补报' });
    expect(res.statusCode).toBe(201);
    const body = res.json<ReminderResult>();
    expect(body.warning).toBeNull();
    expect(body.reminder).toMatchObject({ kind: 'manual', target: 'TP-JOBS', unit: 'T-JD-A', message: '请本周五前补报', recipients: 1 });
    await waitFor('the inbox notice', async () => (notices.length > 0 ? true : undefined), 5_000);
    expect(notices[0]!.unread).toBe(1);
    expect(notices[0]!.item!.title).toContain('催办');
    const inbox = (await get(s.staffA, '/api/me/notifications?limit=30')).json<InboxResponse>();
    expect(inbox.unread).toBe(1);
    expect((await get(s.staffA, '/api/me/notifications?limit=0')).statusCode).toBe(400);
    expect((await get(s.staffA, '/api/me/notifications?limit=2.5')).statusCode).toBe(400);
    expect((await get(s.staffB, '/api/me/notifications')).json<InboxResponse>().unread).toBe(0);
    // Someone else's id marks nothing; the owner's does.
    const id = inbox.items[0]!.id;
    expect((await post(s.staffB, '/api/me/notifications/read', { ids: [id] })).json()).toEqual({ unread: 0 });
    expect((await get(s.staffA, '/api/me/notifications')).json<InboxResponse>().unread).toBe(1);
    expect((await post(s.staffA, '/api/me/notifications/read', { ids: [id] })).json()).toEqual({ unread: 0 });
    const audit = await tdb.db.selectFrom('audit_log').select(['action', 'subject']).where('action', '=', 'reminder.manual').execute();
    expect(audit).toContainEqual({ action: 'reminder.manual', subject: 'TP-JOBS' });
  });

  it('tells the sender when a unit has no active staff', async () => {
    const res = await post(s.admin, '/api/reminders', { unit: 'T-X' });
    expect(res.statusCode).toBe(201);
    expect(res.json<ReminderResult>().warning).toMatchObject({ code: 'no_active_staff' });
    expect(res.json<ReminderResult>().reminder.recipients).toBe(0);
  });

  it('refuses staff, screens, units outside the leader’s subtree, forged codes and bad bodies', async () => {
    expect((await post(s.staffA, '/api/reminders', { target: 'TP-JOBS' })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/reminders', payload: { target: 'TP-JOBS' }, headers: { authorization: `Bearer ${screenToken}` } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/reminders', payload: { target: 'TP-JOBS' } })).statusCode).toBe(401);
    expect((await post(s.leader, '/api/reminders', { unit: 'T-X' })).statusCode).toBe(403);
    expect((await post(s.leader, '/api/reminders', { target: 'NOPE-1' })).statusCode).toBe(404);
    const both = await post(s.leader, '/api/reminders', { target: 'TP-JOBS', unit: 'T-JD-A' });
    expect(both.statusCode).toBe(400);
    expect(both.json().message).toMatch(/exactly one/);
    expect((await post(s.leader, '/api/reminders', {})).statusCode).toBe(400);
    expect((await post(s.leader, '/api/reminders', { target: 'TP-JOBS', message: 'x'.repeat(501) })).statusCode).toBe(400);
    expect((await post(s.leader, '/api/reminders', { target: "TP-JOBS'; drop table reminders;--" })).statusCode).toBe(400);
    // CSRF: a cookie without its token is refused.
    expect((await app.inject({ method: 'POST', url: '/api/reminders', payload: { target: 'TP-JOBS' }, headers: { cookie: s.leader.cookie } })).statusCode).toBe(403);
    expect((await get(screenToken, '/api/me/notifications')).statusCode).toBe(403);
  });
});

describe('批示 and 办理回复', () => {
  let ins: Instruction;
  it('a leader’s instruction reaches the unit; its staff reply and mark it handled; the leader is told', async () => {
    const res = await post(s.leader, '/api/instructions', { target: 'TP-JOBS', body: '就业指标要加快进度，本月底前补齐差额。' });
    expect(res.statusCode).toBe(201);
    ins = res.json<Instruction>();
    expect(ins).toMatchObject({ target: 'TP-JOBS', unit: 'T-JD-A', handledAt: null, ageDays: 0, replies: [] });
    const listA = (await get(s.staffA, '/api/instructions?open=true')).json<Instruction[]>();
    expect(listA.map((i) => i.id)).toContain(ins.id);
    expect((await get(s.staffB, '/api/instructions')).json<Instruction[]>().map((i) => i.id)).not.toContain(ins.id);
    const staffInbox = (await get(s.staffA, '/api/me/notifications')).json<InboxResponse>();
    expect(staffInbox.items[0]!.kind).toBe('instruction');

    const reply = await post(s.staffA, `/api/instructions/${ins.id}/replies`, { body: '已召开专题会，新增岗位 20 个。', handled: true });
    expect(reply.statusCode).toBe(201);
    const after = reply.json<Instruction>();
    expect(after.handledAt).not.toBeNull();
    expect(after.replies).toHaveLength(1);
    const leaderInbox = (await get(s.leader, '/api/me/notifications')).json<InboxResponse>();
    expect(leaderInbox.items[0]).toMatchObject({ kind: 'reply', target: 'TP-JOBS' });
    expect((await get(s.leader, '/api/instructions?open=true')).json<Instruction[]>().map((i) => i.id)).not.toContain(ins.id);
  });

  it('refuses another unit’s staff, leaders replying, a second "handled", forged ids and blank text', async () => {
    expect((await post(s.staffB, `/api/instructions/${ins.id}/replies`, { body: '冒充回复' })).statusCode).toBe(403);
    expect((await post(s.leader, `/api/instructions/${ins.id}/replies`, { body: '领导回复' })).statusCode).toBe(403);
    expect((await post(s.staffA, `/api/instructions/${ins.id}/replies`, { body: '再次办结', handled: true })).statusCode).toBe(409);
    expect((await post(s.staffA, '/api/instructions/in_forged123/replies', { body: 'x' })).statusCode).toBe(404);
    expect((await post(s.staffA, '/api/instructions/../../x/replies', { body: 'x' })).statusCode).toBe(404);
    expect((await post(s.staffA, `/api/instructions/${ins.id}/replies`, { body: '   ' })).statusCode).toBe(400);
    expect((await post(s.staffA, '/api/instructions', { target: 'TP-JOBS', body: '员工批示' })).statusCode).toBe(403);
    expect((await post(s.leader, '/api/instructions', { unit: 'T-X', body: '越权批示' })).statusCode).toBe(403);
    expect((await get(s.staffA, '/api/instructions?unit=T-JD-B')).statusCode).toBe(403);
    expect((await get(s.staffA, '/api/instructions?target=TP-AREA')).statusCode).toBe(403);
  });

  it('one timeline per target holds reports, reminders, the instruction and its reply, newest first', async () => {
    const res = await get(s.leader, '/api/targets/TP-JOBS/timeline?limit=100');
    expect(res.statusCode).toBe(200);
    const kinds = res.json<TimelineResponse>().entries.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['report', 'reminder', 'instruction', 'reply']));
    expect(kinds[0]).toBe('reply');
    expect((await get(s.staffB, '/api/targets/TP-JOBS/timeline')).statusCode).toBe(403);
    expect((await get(screenToken, '/api/targets/TP-JOBS/timeline')).statusCode).toBe(403);
    expect((await get(s.leader, '/api/targets/NOPE-1/timeline')).statusCode).toBe(404);
  });
});

describe('reporting rules are set by admins', () => {
  it('a target’s own cadence changes what it owes; cancelling it takes it off every owed list but not out of its history; audited', async () => {
    const put = (who: Session, url: string, payload: object) => app.inject({ method: 'PUT', url, payload, headers: sessionHeaders(who) });
    expect((await put(s.admin, '/api/targets/TP-JOBS/cadence', { cadence: 'monthly' })).statusCode).toBe(200);
    // Monthly: the 20 May report closed May, the 1 June report closes June already — nothing owed now.
    const monthly = (await get(s.staffA, '/api/me/owed')).json<OwedResponse>();
    expect(monthly.items).toEqual([]);
    const months = (await get(s.leader, '/api/units/T-JD-A/owed')).json<OwedByUnitResponse>();
    expect(months.units[0]!.timeliness).toMatchObject({ late: 4, missing: 0 }); // January–April, closed late by the 20 May report
    expect((await put(s.admin, '/api/targets/TP-JOBS/cadence', { cadence: null })).statusCode).toBe(200);
    expect((await get(s.staffA, '/api/me/owed')).json<OwedResponse>().items[0]).toMatchObject({ cadence: 'weekly' });
    // Cancelling (撤销, plan-admin's route) stamps cancelled_on: from then on nothing is owed.
    const owedBefore = (await get(s.leader, '/api/units/T-JD-A/owed')).json<OwedByUnitResponse>().units[0]!;
    expect(owedBefore).toMatchObject({ owingTargets: 1, missingCycles: 1 }); // the week due Tue 9 June, missed while active
    const { version } = await tdb.db.selectFrom('targets').select('version').where('code', '=', 'TP-JOBS').executeTakeFirstOrThrow();
    const cancel = await app.inject({ method: 'POST', url: '/api/targets/TP-JOBS/cancel', payload: { version, reason: '年中调整，任务取消' }, headers: sessionHeaders(s.admin) });
    expect(cancel.statusCode, cancel.body).toBe(200);
    const row = await tdb.db.selectFrom('targets').select(['status', 'cancelled_on']).where('code', '=', 'TP-JOBS').executeTakeFirstOrThrow();
    expect(row.status).toBe('cancelled');
    expect(row.cancelled_on).not.toBeNull();
    // The week missed while the target was active stays in its history — the 报送及时率 of
    // that period does not change — but nobody is chased for a cancelled target: it leaves
    // 我的待报, the leaders' and the plan's owed lists (docs/decisions.md).
    expect((await get(s.staffA, '/api/me/owed')).json<OwedResponse>().items).toEqual([]);
    const owedAfter = (await get(s.leader, '/api/units/T-JD-A/owed')).json<OwedByUnitResponse>().units[0]!;
    expect(owedAfter).toMatchObject({ owingTargets: 0, missingCycles: 0, items: [] });
    expect(owedAfter.timeliness).toEqual(owedBefore.timeliness);
    expect(owedAfter.timeliness.missing).toBe(1);
    const planOwed = (await get(s.leader, '/api/plans/TP-2026/owed')).json<OwedByUnitResponse>();
    expect(planOwed.units.find((u) => u.unit === 'T-JD-A')).toMatchObject({ owingTargets: 0, missingCycles: 0 });
    // Judged as of the day before the cancellation, it owed that week as it did then.
    const dayBefore = (await get(s.staffA, '/api/me/owed?asOf=2026-06-09')).json<OwedResponse>().items;
    expect(dayBefore.map((i) => i.target)).toEqual(['TP-JOBS']);
    // …and a 催办 about it is refused by name, writing nothing.
    const remindersBefore = await tdb.db.selectFrom('reminders').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const refused = await post(s.leader, '/api/reminders', { target: 'TP-JOBS', message: '请补报' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'target_cancelled' });
    expect(await tdb.db.selectFrom('reminders').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).toEqual(remindersBefore);
    // The later tests read TP-JOBS as an active target again: undo the cancellation in the fixture.
    await tdb.db.updateTable('targets').set({ status: 'active', cancel_reason: null, cancelled_on: null }).where('code', '=', 'TP-JOBS').execute();
    const audit = await tdb.db.selectFrom('audit_log').select('action').where('action', '=', 'target.cadence').execute();
    expect(audit).toHaveLength(2);
  });

  it('refuses others, unknown cadences, impossible dates and unknown codes', async () => {
    const put = (who: Session, url: string, payload: object) => app.inject({ method: 'PUT', url, payload, headers: sessionHeaders(who) });
    expect((await put(s.leader, '/api/targets/TP-JOBS/cadence', { cadence: 'weekly' })).statusCode).toBe(403);
    expect((await put(s.admin, '/api/targets/TP-JOBS/cadence', { cadence: 'daily' })).statusCode).toBe(400);
    // Cancelling is not this route's (POST /api/targets/:code/cancel is): a stray field changes nothing.
    await put(s.admin, '/api/targets/TP-JOBS/cadence', { cadence: null, cancelledOn: '2026-02-30' });
    expect((await tdb.db.selectFrom('targets').select('cancelled_on').where('code', '=', 'TP-JOBS').executeTakeFirstOrThrow()).cancelled_on).toBeNull();
    expect((await put(s.admin, '/api/targets/NOPE-1/cadence', { cadence: null })).statusCode).toBe(404);
    const rules = { defaultCadence: 'weekly', dueWorkingDays: 2, remindBeforeDays: 2, escalateAfterDays: 5 };
    expect((await put(s.admin, '/api/plans/TP-2026/supervision', rules)).statusCode).toBe(200);
    expect((await put(s.admin, '/api/plans/TP-2026/supervision', { ...rules, dueWorkingDays: 2.5 })).statusCode).toBe(400);
    expect((await put(s.admin, '/api/plans/TP-2026/supervision', { ...rules, escalateAfterDays: 0 })).statusCode).toBe(400);
    expect((await put(s.admin, '/api/plans/TP-2026/supervision', { ...rules, remindBeforeDays: 1e9 })).statusCode).toBe(400);
    expect((await put(s.admin, '/api/plans/NOPE/supervision', rules)).statusCode).toBe(404);
    expect((await put(s.staffA, '/api/plans/TP-2026/supervision', rules)).statusCode).toBe(403);
  });
});

describe('what changed, and the 通报 for any month', () => {
  it('compares two dates per target and per unit', async () => {
    const res = await get(s.leader, '/api/plans/TP-2026/compare?from=2026-05-31&to=2026-06-10');
    expect(res.statusCode).toBe(200);
    const c = res.json<CompareResponse>();
    expect(c.targets.find((t) => t.code === 'TP-JOBS')).toMatchObject({ valueChange: 5, from: { value: 10 }, to: { value: 15 } });
    expect(c.units.map((u) => u.code).sort()).toEqual(['T-JD-A', 'T-JD-B']);
    expect((await get(s.leader, '/api/plans/TP-2026/compare?from=2026-06-10&to=2026-06-01')).statusCode).toBe(400);
    expect((await get(s.staffA, '/api/plans/TP-2026/compare')).statusCode).toBe(403);
  });

  it('last month’s 通报 shows the month as it stood at its end, not today', async () => {
    const res = await get(s.leader, '/api/plans/TP-2026/bulletin?month=2026-05');
    expect(res.statusCode).toBe(200);
    const b = res.json<MonthlyBulletin>();
    expect(b).toMatchObject({ month: '2026-05', asOf: '2026-05-31', previousAsOf: '2026-04-30' });
    expect(b.targets.find((t) => t.code === 'TP-JOBS')!.value).toBe(10); // the 1 June report is not in May
    expect(b.targets.find((t) => t.code === 'TP-AREA')!.category).toBe('finished');
    expect(Object.values(b.counts).reduce((x, y) => x + y, 0)).toBe(b.targets.length);
    const unitB = b.units.find((u) => u.code === 'T-JD-B')!;
    expect(unitB.timeliness.rate).toBeNull(); // owed nothing in May: shown as —, never 0%
    expect(unitB.timeliness.owed).toBe(0);
    const current = (await get(s.leader, '/api/plans/TP-2026/bulletin?month=2026-06')).json<MonthlyBulletin>();
    expect(current.asOf).toBe('2026-06-10');
    expect(current.targets.find((t) => t.code === 'TP-JOBS')!.value).toBe(15);
    // The month's reminders: move one into May (the database clock is not the pinned one).
    const r = await tdb.db.selectFrom('reminders').select('id').where('target_code', '=', 'TP-JOBS').executeTakeFirstOrThrow();
    await tdb.db.updateTable('reminders').set({ created_at: new Date('2026-05-15T10:00:00+08:00') }).where('id', '=', r.id).execute();
    expect((await get(s.leader, '/api/plans/TP-2026/bulletin?month=2026-05')).json<MonthlyBulletin>().reminders).toBe(1);
    const byDefault = (await get(s.leader, '/api/plans/TP-2026/bulletin')).json<MonthlyBulletin>();
    expect(byDefault.month).toBe('2026-05');
  });

  it('lists the month’s adjustments — which target, old → new, reason, who, when — and only that month’s', async () => {
    // An adjustment (调整) through plan-admin's route, then dated into May (the database clock is not the pinned one).
    const { version } = await tdb.db.selectFrom('targets').select('version').where('code', '=', 'TP-JOBS').executeTakeFirstOrThrow();
    const patch = await app.inject({ method: 'PATCH', url: '/api/targets/TP-JOBS', payload: { version, targetValue: 150, dueDate: '2026-11-30', reason: '区里下达任务调整' }, headers: sessionHeaders(s.admin) });
    expect(patch.statusCode, patch.body).toBe(200);
    const moved = await tdb.db
      .updateTable('target_changes')
      .set({ changed_at: new Date('2026-05-18T15:30:00+08:00') })
      .where('target_code', '=', 'TP-JOBS')
      .where('field', 'in', ['targetValue', 'dueDate'])
      .executeTakeFirstOrThrow();
    expect(Number(moved.numUpdatedRows)).toBe(2);
    const may = (await get(s.leader, '/api/plans/TP-2026/bulletin?month=2026-05')).json<MonthlyBulletin>();
    expect(may.adjustments).toEqual([
      expect.objectContaining({ target: 'TP-JOBS', title: '帮助失业青年就业 127 人', ownerUnit: 'T-JD-A', uom: '人', field: 'targetValue', oldValue: 127, newValue: 150, reason: '区里下达任务调整', actorName: expect.any(String), changedAt: '2026-05-18T07:30:00.000Z' }),
      expect.objectContaining({ target: 'TP-JOBS', field: 'dueDate', oldValue: '2026-12-31', newValue: '2026-11-30' }),
    ]);
    expect(may.adjustments[0]!.actorName).toBeTruthy();
    // Not in April, not in May as of the day before; the month in progress has none of May's.
    expect((await get(s.leader, '/api/plans/TP-2026/bulletin?month=2026-04')).json<MonthlyBulletin>().adjustments).toEqual([]);
    expect((await get(s.leader, '/api/plans/TP-2026/bulletin?asOf=2026-05-17')).json<MonthlyBulletin>().adjustments).toEqual([]);
    expect((await get(s.leader, '/api/plans/TP-2026/bulletin?asOf=2026-05-18')).json<MonthlyBulletin>().adjustments).toHaveLength(2);
    expect((await get(s.leader, '/api/plans/TP-2026/bulletin?month=2026-06')).json<MonthlyBulletin>().adjustments.filter((a) => a.field !== 'status')).toEqual([]);
    // A China-time boundary: 23:30 on 31 May in China is still May (15:30 UTC).
    await tdb.db.updateTable('target_changes').set({ changed_at: new Date('2026-05-31T23:30:00+08:00') }).where('target_code', '=', 'TP-JOBS').where('field', '=', 'dueDate').execute();
    expect((await get(s.leader, '/api/plans/TP-2026/bulletin?month=2026-05')).json<MonthlyBulletin>().adjustments.map((a) => a.field)).toEqual(['targetValue', 'dueDate']);
    expect((await get(s.leader, '/api/plans/TP-2026/bulletin?month=2026-06')).json<MonthlyBulletin>().adjustments.filter((a) => a.field === 'dueDate')).toEqual([]);
    // The history route shows the same rows in the same shape (one mapping of target_changes).
    const history = (await get(s.leader, '/api/targets/TP-JOBS/changes')).json<{ changes: { id: number }[] }>();
    expect(history.changes.map((c) => c.id)).toEqual(expect.arrayContaining(may.adjustments.map((a) => a.id)));
  });

  it('gives the plan as it stood at the end of any past day', async () => {
    const res = await get(s.leader, '/api/plans/TP-2026/bulletin?asOf=2026-05-25');
    expect(res.statusCode).toBe(200);
    const b = res.json<MonthlyBulletin>();
    expect(b).toMatchObject({ month: '2026-05', asOf: '2026-05-25' });
    expect(b.targets.find((t) => t.code === 'TP-JOBS')!.value).toBe(10);
    expect((await get(s.leader, '/api/plans/TP-2026/bulletin?asOf=2026-05-19')).json<MonthlyBulletin>().targets.find((t) => t.code === 'TP-JOBS')!.value).toBe(0);
    expect((await get(s.leader, '/api/plans/TP-2026/bulletin?asOf=2026-07-01')).statusCode).toBe(400);
    expect((await get(s.leader, '/api/plans/TP-2026/bulletin?asOf=2026-05-25&month=2026-05')).statusCode).toBe(400);
  });

  it('refuses months not begun, outside the plan or malformed', async () => {
    for (const m of ['2026-07', '2025-12', '2026-13', '26-05', '2026-5']) {
      const res = await get(s.leader, `/api/plans/TP-2026/bulletin?month=${m}`);
      expect(res.statusCode, m).toBe(400);
      expect(res.json().code).toBe('invalid_month');
    }
    expect((await get(s.staffA, '/api/plans/TP-2026/bulletin')).statusCode).toBe(403);
    expect((await get(s.leader, '/api/plans/NOPE/bulletin')).statusCode).toBe(404);
  });
});

describe('the new write routes refuse any invalid input with {code, message} and write nothing', () => {
  const counts = async () => {
    const n = async (t: 'reminders' | 'instructions' | 'instruction_replies' | 'notifications' | 'audit_log') =>
      Number((await tdb.db.selectFrom(t).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    return { reminders: await n('reminders'), instructions: await n('instructions'), replies: await n('instruction_replies'), notifications: await n('notifications'), audit: await n('audit_log') };
  };
  const junk = fc.oneof(
    fc.record({ target: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), message: fc.oneof(fc.string({ minLength: 501, maxLength: 600 }), fc.integer(), fc.constant(null)) }, { requiredKeys: [] }),
    fc.record({ target: fc.constant('TP-JOBS'), unit: fc.constant('T-JD-A'), body: fc.string() }),
    fc.record({ body: fc.oneof(fc.constant('   '), fc.string({ minLength: 2001, maxLength: 2100 }), fc.integer(), fc.constant('')), handled: fc.oneof(fc.string(), fc.integer()) }, { requiredKeys: [] }),
    fc.record({ ids: fc.oneof(fc.string(), fc.array(fc.oneof(fc.double(), fc.string(), fc.constant(-1), fc.constant(0)), { minLength: 1 }), fc.constant(Array.from({ length: 501 }, (_, i) => i + 1))) }),
    fc.anything(),
  );
  const routes = ['/api/reminders', '/api/instructions', '/api/instructions/in_nope/replies', '/api/me/notifications/read'];

  it('fuzzed bodies on 催办, 批示, 回复 and mark-read', async () => {
    await fc.assert(
      fc.asyncProperty(junk, fc.constantFrom(...routes), fc.constantFrom('leader' as const, 'staffA' as const), async (body, url, who) => {
        const before = await counts();
        const res = await app.inject({ method: 'POST', url, payload: JSON.stringify(body), headers: { ...sessionHeaders(s[who]), 'content-type': 'application/json' } });
        if (res.statusCode < 300) return; // the generator may, rarely, build a valid request (e.g. mark-read with no ids)
        expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, res.body).toBeLessThan(500);
        const err = res.json<{ code: unknown; message: unknown }>();
        expect(typeof err.code).toBe('string');
        expect(typeof err.message).toBe('string');
        expect(await counts()).toEqual(before);
      }),
      { numRuns: 150 },
    );
  });
});
