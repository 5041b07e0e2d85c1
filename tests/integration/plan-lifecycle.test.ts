import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressSubject, type ProgressEvent, type TargetState } from '@luoshi/shared';
import { writeBatch } from '../../server/src/ingest/batch';
import { insertScreen } from '../../server/src/screens/repository';
import { bearer, issueToken } from '../support/auth';
import type { TestDatabase } from '../support/infra';
import { startStack, type Stack } from '../support/stack';

/**
 * Issue 16: a plan's year. Draft → published → closed, each transition allowed and refused;
 * drafts seen only by admins and the owner unit's leaders; reports refused on drafts, closed
 * plans and cancelled targets at the HTTP door and at ingest; adjustments with reasons and
 * history; stale versions; deleting drafts; rollover.
 */

let stack: Stack;
let tdb: TestDatabase;
let app: FastifyInstance;
const H: Record<'admin' | 'leader' | 'otherLeader' | 'staff' | 'screen', Record<string, string>> = {} as never;
const NOW = new Date('2026-06-01T04:00:00Z');
let seq = 0;

beforeAll(async () => {
  stack = await startStack({
    name: 'test-plan-lifecycle',
    prepare: (db) => db.insertInto('units').values({ code: 'T-JD2', name: '另一街道', kind: 'subdistrict', parent_code: 'T' }).execute(),
    clock: () => NOW,
  });
  ({ tdb, app } = stack);
  H.admin = bearer(await issueToken(tdb.db, { role: 'admin' }));
  H.leader = bearer(await issueToken(tdb.db, { role: 'leader', unitCode: 'T-JD' }));
  H.otherLeader = bearer(await issueToken(tdb.db, { role: 'leader', unitCode: 'T-JD2' }));
  H.staff = bearer(await issueToken(tdb.db, { role: 'staff', unitCode: 'T-JD-A' }));
  H.screen = bearer(await issueToken(tdb.db, { role: 'screen', screenId: 'wall-draft' }));
});

afterAll(() => stack?.stop());

type Who = keyof typeof H;
const call = async (who: Who, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => {
  const res = await app.inject({ method, url, headers: H[who], ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, body: res.body ? (res.json() as Record<string, unknown> & { code?: string; message?: string }) : {} };
};

const ev = (target: string, extra: Partial<ProgressEvent> = {}): ProgressEvent => ({
  id: `pl-${++seq}-${Date.now()}`,
  target,
  kind: 'increment',
  value: 1,
  occurredAt: '2026-05-02T09:00:00+08:00',
  ...extra,
});
/** Through ingest (the authority), as the worker would hand it over. */
const ingest = async (unit: string, e: ProgressEvent) => {
  const r = await writeBatch(tdb.db, [{ subject: progressSubject(unit, e.target), data: new TextEncoder().encode(JSON.stringify(e)), seq: 100_000 + ++seq }], NOW);
  return r.outcomes[0] === 'rejected' ? r.rejects[0]!.code : r.outcomes[0];
};

async function newDraft(id: string) {
  const plan = await call('admin', 'POST', '/api/plans/drafts', { id, title: `${id} 计划`, ownerUnit: 'T-JD', periodStart: '2026-01-01', periodEnd: '2026-12-31' });
  expect(plan.status).toBe(201);
  const t = await call('admin', 'POST', `/api/plans/${id}/targets`, { code: `${id}-T1`, title: '新建口袋公园 4 个', ownerUnit: 'T-JD-A', uom: '个', targetValue: 4, dueDate: '2026-12-31' });
  expect(t.status, JSON.stringify(t.body)).toBe(201);
  return { version: plan.body.version as number, target: `${id}-T1` };
}
const version = async (id: string) => ((await call('admin', 'GET', `/api/plans/${id}/edit`)).body.plan as { version: number }).version;
const targetVersion = async (code: string, plan: string) =>
  ((await call('admin', 'GET', `/api/plans/${plan}/edit`)).body.targets as { code: string; version: number }[]).find((t) => t.code === code)!.version;

describe('creating a plan by hand', () => {
  it('names every bad field', async () => {
    const r = await call('admin', 'POST', '/api/plans/drafts', { title: ' ', ownerUnit: 'NOPE', periodStart: '2026-13-01', periodEnd: '2026-12-31' });
    expect(r.status).toBe(400);
    const fields = (r.body.problems as { field: string }[]).map((p) => p.field).sort();
    expect(fields).toEqual(['ownerUnit', 'periodStart', 'title']);
  });
  it('refuses a period that ends before it starts, and a taken id', async () => {
    const r = await call('admin', 'POST', '/api/plans/drafts', { title: 'x', ownerUnit: 'T-JD', periodStart: '2026-12-31', periodEnd: '2026-01-01' });
    expect([r.status, r.body.code]).toEqual([400, 'date_order']);
    const dup = await call('admin', 'POST', '/api/plans/drafts', { id: 'TP-2026', title: 'x', ownerUnit: 'T-JD', periodStart: '2026-01-01', periodEnd: '2026-12-31' });
    expect([dup.status, dup.body.code]).toEqual([409, 'duplicate_plan']);
  });
  it('target fields: huge, fractional and missing values are refused by field', async () => {
    await call('admin', 'POST', '/api/plans/drafts', { id: 'HAND-F', title: 'f', ownerUnit: 'T-JD', periodStart: '2026-01-01', periodEnd: '2026-12-31' });
    const r = await call('admin', 'POST', '/api/plans/HAND-F/targets', { title: 'x', ownerUnit: 'T-JD-A', uom: '个', targetValue: 1e15, dueDate: '2027-03-01', reportingIntervalDays: 2.5, weight: 0 });
    expect(r.status).toBe(400);
    expect((r.body.problems as { field: string; code: string }[]).map((p) => `${p.field}:${p.code}`).sort()).toEqual([
      'reportingIntervalDays:invalid_number',
      'targetValue:out_of_range',
      'weight:out_of_range',
    ]);
    const outside = await call('admin', 'POST', '/api/plans/HAND-F/targets', { title: 'x', ownerUnit: 'T-JD-A', uom: '个', targetValue: 3, dueDate: '2027-03-01' });
    expect([outside.status, (outside.body.problems as { field: string }[])[0]!.field]).toEqual([400, 'dueDate']);
    const other = await call('admin', 'POST', '/api/plans/HAND-F/targets', { title: 'x', ownerUnit: 'T-JD-A', uom: '个', targetValue: 3, dueDate: '2026-03-01', sectionId: 'TP-S1' });
    expect([other.status, (other.body.problems as { field: string }[])[0]!.field]).toEqual([400, 'sectionId']);
  });
  it('sections are added, renamed, reordered; a non-empty one is not removed', async () => {
    await call('admin', 'POST', '/api/plans/drafts', { id: 'HAND-S', title: 's', ownerUnit: 'T-JD', periodStart: '2026-01-01', periodEnd: '2026-12-31' });
    const a = await call('admin', 'POST', '/api/plans/HAND-S/sections', { label: '一、', title: '民生' });
    const b = await call('admin', 'POST', '/api/plans/HAND-S/sections', { label: '二、', title: '治理' });
    expect([a.status, b.status]).toEqual([201, 201]);
    await call('admin', 'PATCH', `/api/plans/HAND-S/sections/${String(b.body.id)}`, { ordinal: 0, title: '基层治理' });
    await call('admin', 'PATCH', `/api/plans/HAND-S/sections/${String(a.body.id)}`, { ordinal: 1 });
    const sections = (await call('admin', 'GET', '/api/plans/HAND-S')).body.sections as { title: string }[];
    expect(sections.map((s) => s.title)).toEqual(['基层治理', '民生']);
    const cycle = await call('admin', 'PATCH', `/api/plans/HAND-S/sections/${String(a.body.id)}`, { parentId: a.body.id });
    expect(cycle.status).toBe(400);
    await call('admin', 'POST', '/api/plans/HAND-S/targets', { title: 'x', ownerUnit: 'T-JD-A', uom: '个', targetValue: 3, dueDate: '2026-03-01', sectionId: a.body.id });
    const del = await call('admin', 'DELETE', `/api/plans/HAND-S/sections/${String(a.body.id)}`);
    expect([del.status, del.body.code, del.body.references]).toEqual([409, 'section_in_use', { targets: 1, sections: 0 }]);
    expect((await call('admin', 'DELETE', `/api/plans/HAND-S/sections/${String(b.body.id)}`)).status).toBe(204);
  });
});

describe('a draft', () => {
  it('is seen by admins and, read-only, by leaders of its owner unit; never by staff, other leaders or screens', async () => {
    const { target } = await newDraft('DR-SEE');
    await insertScreen(tdb.db, { id: 'wall-draft', title: '草稿大屏', planId: 'DR-SEE', rotationSeconds: 20, views: [{ kind: 'overview' }] });
    const plans = async (w: Who) => ((await call(w, 'GET', '/api/plans')).body as unknown as { id: string; status: string }[]).map((p) => p.id);
    expect(await plans('admin')).toContain('DR-SEE');
    expect(await plans('leader')).toContain('DR-SEE');
    expect(await plans('staff')).not.toContain('DR-SEE');
    expect(await plans('otherLeader')).not.toContain('DR-SEE');
    expect(await plans('screen')).not.toContain('DR-SEE');
    for (const w of ['staff', 'screen', 'otherLeader'] as const) {
      expect((await call(w, 'GET', '/api/plans/DR-SEE')).status, w).toBe(403);
      expect((await call(w, 'GET', `/api/targets/${target}`)).status, w).toBe(403);
      expect((await call(w, 'GET', '/api/plans/DR-SEE/edit')).status, w).toBe(403);
    }
    expect((await call('staff', 'GET', '/api/plans/DR-SEE/overview')).status).toBe(403);
    const staffTargets = (await call('staff', 'GET', '/api/targets')).body as unknown as { code: string }[];
    expect(staffTargets.map((t) => t.code)).not.toContain(target);
    const unit = (await call('staff', 'GET', '/api/units/T-JD-A')).body as { targets: { code: string }[] };
    expect(unit.targets.map((t) => t.code)).not.toContain(target);
    const mine = (await call('staff', 'GET', '/api/me/targets')).body as { targets: { code: string }[] };
    expect(mine.targets.map((t) => t.code)).not.toContain(target);
    // The leader reads it (with status draft, which the web labels 草稿) but may not change it.
    const view = await call('leader', 'GET', '/api/plans/DR-SEE/edit');
    expect([view.status, (view.body.plan as { status: string }).status]).toEqual([200, 'draft']);
    const read = await call('leader', 'GET', `/api/targets/${target}`);
    expect(read.status).toBe(200);
    // Not in force: nothing is late before publishing (the same target published, with no report by June, is not).
    expect(read.body.status).toBe('not_started');
    expect((await call('leader', 'POST', '/api/plans/DR-SEE/publish', { version: 0 })).status).toBe(403);
    expect((await call('staff', 'PATCH', `/api/targets/${target}`, { version: 0, targetValue: 9 })).status).toBe(403);
    await tdb.db.deleteFrom('screens').where('id', '=', 'wall-draft').execute();
  });

  it('refuses reports at the door and at ingest (plan_not_open)', async () => {
    const { target } = await newDraft('DR-REP');
    const door = await call('admin', 'POST', '/api/events', ev(target));
    expect([door.status, door.body.code]).toEqual([400, 'plan_not_open']);
    expect(door.body.message).toMatch(/draft/);
    expect(await ingest('T-JD-A', ev(target))).toBe('plan_not_open');
    const rejected = await tdb.db.selectFrom('rejected_events').select('code').where('target_code', '=', target).execute();
    expect(rejected.map((r) => r.code)).toEqual(['plan_not_open']);
  });

  it('is published only when complete; the refusal lists what is missing', async () => {
    await call('admin', 'POST', '/api/plans/drafts', { id: 'DR-PUB', title: 'p', ownerUnit: 'T-JD', periodStart: '2026-01-01', periodEnd: '2026-12-31' });
    const empty = await call('admin', 'POST', '/api/plans/DR-PUB/publish', { version: 0 });
    expect([empty.status, empty.body.code]).toEqual([400, 'plan_incomplete']);
    expect(empty.body.missing).toEqual([{ target: null, field: 'targets', message: 'the plan has no targets' }]);
    await call('admin', 'POST', '/api/plans/DR-PUB/targets', { code: 'DR-PUB-T1', title: 'a', ownerUnit: 'T-JD-A', uom: '个', targetValue: 2, dueDate: '2026-12-31' });
    // Narrow the period so the target's due date falls outside it.
    const narrowed = await call('admin', 'PATCH', '/api/plans/DR-PUB', { version: 0, periodEnd: '2026-06-30' });
    expect(narrowed.status).toBe(200);
    const gap = await call('admin', 'POST', '/api/plans/DR-PUB/publish', { version: 1 });
    expect([gap.status, gap.body.code]).toEqual([400, 'plan_incomplete']);
    expect(gap.body.missing).toEqual([expect.objectContaining({ target: 'DR-PUB-T1', field: 'dueDate' })]);
    await call('admin', 'PATCH', '/api/targets/DR-PUB-T1', { version: 0, dueDate: '2026-06-30' });
    const stale = await call('admin', 'POST', '/api/plans/DR-PUB/publish', { version: 0 });
    expect([stale.status, stale.body.code, stale.body.currentVersion]).toEqual([409, 'stale_version', 1]);
    const ok = await call('admin', 'POST', '/api/plans/DR-PUB/publish', { version: 1 });
    expect([ok.status, ok.body.status]).toEqual([200, 'published']);
    const audit = await tdb.db.selectFrom('audit_log').select('action').where('subject', '=', 'DR-PUB').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['plan.create', 'plan.update', 'plan.publish']));
    // Reports now go through.
    expect((await call('admin', 'POST', '/api/events', ev('DR-PUB-T1', { occurredAt: '2026-05-02T09:00:00+08:00' }))).status).toBe(202);
  });

  it('is deleted (audited); a published plan is not', async () => {
    const { version: v } = await newDraft('DR-DEL');
    const stale = await call('admin', 'DELETE', `/api/plans/DR-DEL?version=${v + 5}`);
    expect([stale.status, stale.body.code]).toEqual([409, 'stale_version']);
    expect((await call('admin', 'DELETE', `/api/plans/DR-DEL?version=${v}`)).status).toBe(204);
    expect((await call('admin', 'GET', '/api/plans/DR-DEL')).status).toBe(404);
    expect(await tdb.db.selectFrom('targets').select('code').where('plan_id', '=', 'DR-DEL').execute()).toEqual([]);
    const a = await tdb.db.selectFrom('audit_log').select(['action', 'detail']).where('subject', '=', 'DR-DEL').where('action', '=', 'plan.delete').executeTakeFirstOrThrow();
    expect(a.detail).toMatchObject({ targets: 1 });
    const pub = await call('admin', 'DELETE', `/api/plans/TP-2026?version=${await version('TP-2026')}`);
    expect([pub.status, pub.body.code]).toEqual([409, 'invalid_transition']);
    expect(pub.body.message).toMatch(/closed instead/);
    expect((await call('staff', 'DELETE', '/api/plans/DR-SEE?version=0')).status).toBe(403);
    expect((await call('admin', 'DELETE', '/api/plans/NO-SUCH?version=0')).status).toBe(404);
  });
});

describe('transitions', () => {
  it('allows draft → published → closed and refuses every other', async () => {
    const { target } = await newDraft('TR-1');
    const step = (action: string, v: number) => call('admin', 'POST', `/api/plans/TR-1/${action}`, { version: v });
    expect((await step('close', 0)).body.code).toBe('invalid_transition'); // draft → closed
    expect((await step('publish', 0)).status).toBe(200);
    expect((await step('publish', 1)).body.code).toBe('invalid_transition'); // published → published
    const title = await call('admin', 'PATCH', '/api/plans/TR-1', { version: 1, title: '改名后的计划' });
    expect(title.status).toBe(200);
    const period = await call('admin', 'PATCH', '/api/plans/TR-1', { version: 2, periodEnd: '2026-11-30' });
    expect([period.status, period.body.message]).toEqual([400, expect.stringMatching(/fixed once a plan is published/)]);
    const removed = await call('admin', 'DELETE', `/api/targets/${target}?version=0`);
    expect([removed.status, removed.body.code]).toEqual([409, 'invalid_transition']);
    // Stored before closing: the closed plan keeps it.
    expect(await ingest('T-JD-A', ev(target, { value: 3 }))).toBe('stored');
    expect((await step('close', 2)).status).toBe(200);
    expect((await step('publish', 3)).body.code).toBe('invalid_transition'); // closed → published
    expect((await step('close', 3)).body.code).toBe('invalid_transition');
    expect((await call('admin', 'PATCH', '/api/plans/TR-1', { version: 3, title: 'x' })).body.code).toBe('plan_closed');
    expect((await call('admin', 'PATCH', `/api/targets/${target}`, { version: 0, targetValue: 5, reason: 'x' })).body.code).toBe('plan_closed');
    expect((await call('admin', 'POST', '/api/plans/TR-1/targets', { title: 'x', ownerUnit: 'T-JD-A', uom: '个', targetValue: 3, dueDate: '2026-03-01', reason: 'x' })).body.code).toBe('plan_closed');
    // Closed: reports refused at the door and at ingest, final figures kept.
    const door = await call('admin', 'POST', '/api/events', ev(target));
    expect([door.status, door.body.code]).toEqual([400, 'plan_not_open']);
    expect(await ingest('T-JD-A', ev(target))).toBe('plan_not_open');
    const t = (await call('staff', 'GET', `/api/targets/${target}`)).body as unknown as TargetState;
    expect(t.value).toBe(3);
  });
});

describe('adjustments (调整)', () => {
  it('need a reason, write history and audit, and pace uses the new definition', async () => {
    const { target } = await newDraft('AD-1');
    await call('admin', 'POST', '/api/plans/AD-1/publish', { version: await version('AD-1') });
    expect(await ingest('T-JD-A', ev(target, { value: 2 }))).toBe('stored');
    const before = (await call('admin', 'GET', `/api/targets/${target}`)).body as unknown as TargetState;
    expect(before.pct).toBe(50);
    expect(before.status).not.toBe('not_started');

    const noReason = await call('admin', 'PATCH', `/api/targets/${target}`, { version: 0, targetValue: 2 });
    expect([noReason.status, noReason.body.code, (noReason.body.problems as { field: string }[])[0]!.field]).toEqual([400, 'required', 'reason']);
    const ok = await call('admin', 'PATCH', `/api/targets/${target}`, { version: 0, targetValue: 2, dueDate: '2026-09-30', reason: '区里调减任务' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.version).toBe(1);

    const after = (await call('leader', 'GET', `/api/targets/${target}`)).body as unknown as TargetState;
    expect([after.targetValue, after.dueDate, after.pct, after.status]).toEqual([2, '2026-09-30', 100, 'achieved']);
    const history = (await call('leader', 'GET', `/api/targets/${target}/changes`)).body as { changes: { field: string; oldValue: unknown; newValue: unknown; reason: string; actorName: string; changedAt: string }[] };
    // Stamped by the app clock (NOW here; DEMO_TODAY's date in a moved demo), like everything
    // else the server dates, so the chart's mark and the month's 通报 find the adjustment.
    expect(history.changes.map((c) => c.changedAt)).toEqual([NOW.toISOString(), NOW.toISOString()]);
    expect(history.changes.map((c) => [c.field, c.oldValue, c.newValue, c.reason])).toEqual([
      ['targetValue', 4, 2, '区里调减任务'],
      ['dueDate', '2026-12-31', '2026-09-30', '区里调减任务'],
    ]);
    expect(history.changes[0]!.actorName).toBeTruthy();
    const audit = await tdb.db.selectFrom('audit_log').select(['action', 'detail']).where('subject', '=', target).where('action', '=', 'target.adjust').execute();
    expect(audit).toHaveLength(1);

    // Two admins, one version: the second is told, not silently overwritten.
    const stale = await call('admin', 'PATCH', `/api/targets/${target}`, { version: 0, targetValue: 6, reason: '另一位管理员' });
    expect([stale.status, stale.body.code]).toEqual([409, 'stale_version']);
    expect(((await call('admin', 'GET', `/api/targets/${target}`)).body as unknown as TargetState).targetValue).toBe(2);
  });

  it('a baseline change moves the stored figures with it', async () => {
    const { target } = await newDraft('AD-B');
    await call('admin', 'POST', '/api/plans/AD-B/publish', { version: await version('AD-B') });
    expect(await ingest('T-JD-A', ev(target, { value: 1 }))).toBe('stored');
    const r = await call('admin', 'PATCH', `/api/targets/${target}`, { version: 0, baseline: 1, reason: '核实上年结转' });
    expect(r.status).toBe(200);
    expect(((await call('admin', 'GET', `/api/targets/${target}`)).body as unknown as TargetState).value).toBe(2);
    const daily = await tdb.db.selectFrom('target_daily').select('value_end').where('target_code', '=', target).execute();
    expect(daily.map((d) => d.value_end)).toEqual([2]);
  });

  it('measure kind is fixed once reports exist', async () => {
    const { target } = await newDraft('AD-K');
    await call('admin', 'POST', '/api/plans/AD-K/publish', { version: await version('AD-K') });
    expect(await ingest('T-JD-A', ev(target))).toBe('stored');
    const r = await call('admin', 'PATCH', `/api/targets/${target}`, { version: 0, measureKind: 'reading', reason: '改为时点数' });
    expect([r.status, r.body.code]).toEqual([409, 'measure_kind_locked']);
    expect(r.body.message).toMatch(/1 report/);
    // In a draft without reports it may change freely.
    const d = await newDraft('AD-K2');
    expect((await call('admin', 'PATCH', `/api/targets/${d.target}`, { version: 0, measureKind: 'reading' })).status).toBe(200);
  });

  it('cancel (撤销): needs a reason, stays readable, leaves aggregates, refuses reports at door and ingest', async () => {
    await call('admin', 'POST', '/api/plans/drafts', { id: 'AD-C', title: 'c', ownerUnit: 'T-JD', periodStart: '2026-01-01', periodEnd: '2026-12-31' });
    for (const [code, weight] of [['AD-C-1', 1], ['AD-C-2', 1]] as const) {
      await call('admin', 'POST', '/api/plans/AD-C/targets', { code, title: code, ownerUnit: 'T-JD-A', uom: '个', targetValue: 10, dueDate: '2026-12-31', weight });
    }
    await call('admin', 'POST', '/api/plans/AD-C/publish', { version: await version('AD-C') });
    expect(await ingest('T-JD-A', ev('AD-C-1', { value: 10 }))).toBe('stored');
    const agg = async () => ((await call('admin', 'GET', '/api/plans/AD-C/overview')).body as { aggregate: { pct: number } }).aggregate.pct;
    expect(await agg()).toBe(50);
    const noReason = await call('admin', 'POST', '/api/targets/AD-C-2/cancel', { version: 0 });
    expect([noReason.status, noReason.body.code]).toEqual([400, 'required']);
    const c = await call('admin', 'POST', '/api/targets/AD-C-2/cancel', { version: 0, reason: '项目取消' });
    expect([c.status, c.body.lifecycle, c.body.cancelReason]).toEqual([200, 'cancelled', '项目取消']);
    const cancelled = (await call('leader', 'GET', '/api/targets/AD-C-2/changes')).body as { changes: { field: string; changedAt: string }[] };
    expect(cancelled.changes.filter((x) => x.field === 'status').map((x) => x.changedAt)).toEqual([NOW.toISOString()]);
    expect(await agg()).toBe(100);
    const read = (await call('staff', 'GET', '/api/targets/AD-C-2')).body as unknown as TargetState;
    expect(read.lifecycle).toBe('cancelled');
    const door = await call('staff', 'POST', '/api/events', ev('AD-C-2'));
    expect([door.status, door.body.code]).toEqual([400, 'target_cancelled']);
    expect(await ingest('T-JD-A', ev('AD-C-2'))).toBe('target_cancelled');
    const again = await call('admin', 'POST', '/api/targets/AD-C-2/cancel', { version: 1, reason: 'x' });
    expect(again.body.code).toBe('invalid_transition');
    expect((await call('admin', 'PATCH', '/api/targets/AD-C-2', { version: 1, targetValue: 3, reason: 'x' })).body.code).toBe('target_cancelled');
    const mine = (await call('staff', 'GET', '/api/me/targets')).body as { targets: { code: string }[] };
    expect(mine.targets.map((t) => t.code)).toContain('AD-C-1');
    expect(mine.targets.map((t) => t.code)).not.toContain('AD-C-2');
    const hist = (await call('admin', 'GET', '/api/targets/AD-C-2/changes')).body as { changes: { field: string }[] };
    expect(hist.changes.map((h) => h.field)).toEqual(['status']);
  });

  it('a target added to a published plan needs a reason and is recorded', async () => {
    const r = await call('admin', 'POST', '/api/plans/AD-C/targets', { code: 'AD-C-3', title: '新增', ownerUnit: 'T-JD-A', uom: '个', targetValue: 1, dueDate: '2026-12-31' });
    expect([r.status, (r.body.problems as { field: string }[])[0]!.field]).toEqual([400, 'reason']);
    const ok = await call('admin', 'POST', '/api/plans/AD-C/targets', { code: 'AD-C-3', title: '新增', ownerUnit: 'T-JD-A', uom: '个', targetValue: 1, dueDate: '2026-12-31', reason: '年中新增任务' });
    expect(ok.status).toBe(201);
    expect(((await call('admin', 'GET', '/api/targets/AD-C-3/changes')).body as { changes: { field: string }[] }).changes.map((c) => c.field)).toEqual(['created']);
  });

  it('attacks: unknown fields, forged codes, other roles', async () => {
    const v = await targetVersion('AD-C-1', 'AD-C');
    expect((await call('admin', 'PATCH', '/api/targets/AD-C-1', { version: v, status: 'active', reason: 'x' })).body.code).toBe('unknown_field');
    expect((await call('admin', 'PATCH', '/api/targets/NOPE', { version: 0, title: 'x' })).status).toBe(404);
    expect((await call('admin', 'PATCH', '/api/targets/AD-C-1', { title: 'x', reason: 'x' })).body.code).toBe('invalid_request');
    expect((await call('admin', 'PATCH', '/api/targets/AD-C-1', [1, 2])).body.code).toBe('invalid_request');
    expect((await call('admin', 'PATCH', '/api/targets/AD-C-1', { version: v, ratioNumerator: 'TP-JOBS', measureKind: 'ratio', ratioDenominator: 'AD-C-2', reason: 'x' })).status).toBe(409);
    for (const w of ['leader', 'staff', 'screen'] as const) {
      expect((await call(w, 'POST', '/api/targets/AD-C-1/cancel', { version: v, reason: 'x' })).status, w).toBe(403);
    }
    expect((await call('otherLeader', 'GET', '/api/targets/AD-C-1/changes')).status).toBe(403);
  });
});

describe('rollover', () => {
  it("makes next year's draft from a closed plan, dates shifted, remaining carried on request", async () => {
    await call('admin', 'POST', '/api/plans/drafts', { id: 'RO-2026', title: '测试街道2026年工作计划', ownerUnit: 'T-JD', periodStart: '2026-01-01', periodEnd: '2026-12-31' });
    const s = await call('admin', 'POST', '/api/plans/RO-2026/sections', { label: '一、', title: '民生' });
    await call('admin', 'POST', '/api/plans/RO-2026/targets', { code: 'RO-A', title: 'a', sectionId: s.body.id, ownerUnit: 'T-JD-A', uom: '个', targetValue: 10, dueDate: '2026-06-30', milestones: [{ date: '2026-03-31', value: 5 }] });
    await call('admin', 'POST', '/api/plans/RO-2026/targets', { code: 'RO-B', title: 'b', ownerUnit: 'T-JD-A', uom: '个', targetValue: 10, dueDate: '2026-12-31' });
    await call('admin', 'POST', '/api/plans/RO-2026/publish', { version: await version('RO-2026') });
    expect(await ingest('T-JD-A', ev('RO-A', { value: 7 }))).toBe('stored');
    await call('admin', 'POST', '/api/targets/RO-B/cancel', { version: 0, reason: '不再实施' });
    expect((await call('admin', 'POST', '/api/plans/DR-SEE/rollover', {})).body.code).toBe('invalid_transition');

    const r = await call('admin', 'POST', '/api/plans/RO-2026/rollover', { carryRemaining: true });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.id).toBe('RO-2027');
    const next = (await call('admin', 'GET', '/api/plans/RO-2027/edit')).body as { plan: { title: string; status: string; periodStart: string; periodEnd: string }; sections: { title: string; id: string }[]; targets: { title: string; targetValue: number; dueDate: string; sectionId: string; milestones: unknown }[] };
    expect(next.plan).toMatchObject({ title: '测试街道2027年工作计划', status: 'draft', periodStart: '2027-01-01', periodEnd: '2027-12-31' });
    expect(next.sections.map((x) => x.title)).toEqual(['民生']);
    // Only the active target; 10 + the 3 left unfinished.
    expect(next.targets).toEqual([expect.objectContaining({ title: 'a', targetValue: 13, dueDate: '2027-06-30', sectionId: next.sections[0]!.id, milestones: [{ date: '2027-03-31', value: 5 }] })]);
    const dup = await call('admin', 'POST', '/api/plans/RO-2026/rollover', {});
    expect([dup.status, dup.body.code]).toEqual([409, 'duplicate_plan']);
    const plain = await call('admin', 'POST', '/api/plans/RO-2026/rollover', { id: 'RO-2027B' });
    expect(plain.status).toBe(201);
    expect(((await call('admin', 'GET', '/api/plans/RO-2027B/edit')).body.targets as { targetValue: number }[])[0]!.targetValue).toBe(10);
    // The new draft is invisible to staff, then published like any other.
    expect((await call('staff', 'GET', '/api/plans/RO-2027')).status).toBe(403);
    expect((await call('admin', 'POST', '/api/plans/RO-2027/publish', { version: 0 })).status).toBe(200);
  });
});
