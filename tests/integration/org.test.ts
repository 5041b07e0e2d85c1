import type { FastifyInstance } from 'fastify';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, issueToken } from '../support/auth';
import type { TestDatabase } from '../support/infra';
import { startStack, type Stack } from '../support/stack';

/**
 * Issue 16: the organisation managed in the product. Units added, renamed, moved,
 * deactivated; a unit in use is not deleted (the refusal counts what refers to it); codes
 * never change; org-chart import previews row errors and writes all or nothing; a leader's
 * scope follows a move at once, its open sockets included.
 */

let stack: Stack;
let tdb: TestDatabase;
let app: FastifyInstance;
let base: string;
const H: Record<'admin' | 'leader' | 'staff', Record<string, string>> = {} as never;
let leaderToken: string;

beforeAll(async () => {
  stack = await startStack({ name: 'test-org', listen: true });
  ({ tdb, app, url: base } = stack);
  H.admin = bearer(await issueToken(tdb.db, { role: 'admin' }));
  leaderToken = await issueToken(tdb.db, { role: 'leader', unitCode: 'T-JD' });
  H.leader = bearer(leaderToken);
  H.staff = bearer(await issueToken(tdb.db, { role: 'staff', unitCode: 'T-JD-A' }));
});

afterAll(() => stack?.stop());

const call = async (who: keyof typeof H, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => {
  const res = await app.inject({ method, url, headers: H[who], ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, body: res.body ? (res.json() as Record<string, unknown> & { code?: string }) : {} };
};

describe('units', () => {
  it('are added with named field errors; a duplicate code is refused', async () => {
    const bad = await call('admin', 'POST', '/api/units', { code: 'a b', name: '', kind: '小组', parentCode: 'T-JD' });
    expect(bad.status).toBe(400);
    expect((bad.body.problems as { field: string }[]).map((p) => p.field)).toEqual(['code', 'name', 'kind']);
    const orphan = await call('admin', 'POST', '/api/units', { code: 'T-X', name: '孤儿', kind: 'department', parentCode: '' });
    expect([orphan.status, (orphan.body.problems as { field: string }[])[0]!.field]).toEqual([400, 'parentCode']);
    const ok = await call('admin', 'POST', '/api/units', { code: 'T-JD-C', name: '平安办', kind: '科室', parentCode: 'T-JD' });
    expect([ok.status, ok.body.kind]).toEqual([201, 'department']);
    expect((await call('admin', 'POST', '/api/units', { code: 'T-JD-C', name: '重复', kind: '科室', parentCode: 'T-JD' })).body.code).toBe('duplicate_unit');
    expect((await call('leader', 'POST', '/api/units', { code: 'T-JD-D', name: 'x', kind: '科室', parentCode: 'T-JD' })).status).toBe(403);
  });

  it('are renamed (audited) but never re-coded; moves refuse cycles', async () => {
    const r = await call('admin', 'PATCH', '/api/units/T-JD-C', { name: '平安建设办公室' });
    expect([r.status, r.body.name]).toEqual([200, '平安建设办公室']);
    const audit = await tdb.db.selectFrom('audit_log').select('detail').where('subject', '=', 'T-JD-C').where('action', '=', 'unit.update').executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ changed: { name: ['平安办', '平安建设办公室'] } });
    const recode = await call('admin', 'PATCH', '/api/units/T-JD-C', { code: 'T-JD-Z' });
    expect([recode.status, recode.body.code]).toEqual([400, 'invalid_code']);
    const cycle = await call('admin', 'PATCH', '/api/units/T-JD', { parentCode: 'T-JD-A' });
    expect([cycle.status, (cycle.body.problems as { field: string }[])[0]!.field]).toEqual([400, 'parentCode']);
  });

  it('in use are not deleted: the refusal names the counts; unused ones are', async () => {
    const r = await call('admin', 'DELETE', '/api/units/T-JD-A');
    expect([r.status, r.body.code]).toEqual([409, 'unit_in_use']);
    expect(r.body.references).toMatchObject({ targets: 1, tokens: 1 });
    expect(r.body.message).toMatch(/1 targets/);
    const parent = await call('admin', 'DELETE', '/api/units/T-JD');
    expect(parent.body.references).toMatchObject({ children: 3, plans: 1 });
    expect((await call('admin', 'DELETE', '/api/units/T-JD-C')).status).toBe(204);
    expect((await call('admin', 'DELETE', '/api/units/T-JD-C')).status).toBe(404);
  });

  it('are deactivated: offered for nothing new, refused while active units are below', async () => {
    await call('admin', 'POST', '/api/units', { code: 'T-JD-E', name: '旧科室', kind: '科室', parentCode: 'T-JD' });
    expect((await call('admin', 'PATCH', '/api/units/T-JD', { active: false })).body.code).toBe('unit_in_use');
    expect((await call('admin', 'PATCH', '/api/units/T-JD-E', { active: false })).body.active).toBe(false);
    const units = (await call('admin', 'GET', '/api/units')).body as unknown as { code: string; active: boolean }[];
    expect(units.find((u) => u.code === 'T-JD-E')?.active).toBe(false);
    const plan = await call('admin', 'POST', '/api/plans/drafts', { title: 'x', ownerUnit: 'T-JD-E', periodStart: '2026-01-01', periodEnd: '2026-12-31' });
    expect([plan.status, (plan.body.problems as { field: string }[])[0]!.field]).toEqual([400, 'ownerUnit']);
    expect((await call('admin', 'POST', '/api/units', { code: 'T-JD-E1', name: 'x', kind: '网格', parentCode: 'T-JD-E' })).status).toBe(400);
  });
});

describe('scopes follow a move at once', () => {
  it("a leader gains a moved unit's targets at the next request, and its socket leaves a room it lost", async () => {
    await call('admin', 'POST', '/api/units', { code: 'T-JD9', name: '第九街道', kind: '街道', parentCode: 'T' });
    const socket: Socket = connect(base, { path: '/socket.io', transports: ['websocket'], extraHeaders: { authorization: `Bearer ${leaderToken}` } });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.on('connect', () => resolve());
        socket.on('connect_error', reject);
      });
      const joined = await socket.timeout(5000).emitWithAck('subscribe', { kind: 'unit', id: 'T-JD-B' });
      expect(joined).toMatchObject({ ok: true });
      const resynced = new Promise<{ reason: string }>((resolve) => socket.once('resync', resolve));
      // Move T-JD-B out of the leader's 街道.
      expect((await call('admin', 'PATCH', '/api/units/T-JD-B', { parentCode: 'T-JD9' })).status).toBe(200);
      expect((await resynced).reason).toBe('unit changed');
      expect((await call('leader', 'GET', '/api/units/T-JD-B')).status).toBe(403);
      const targets = ((await call('leader', 'GET', '/api/targets')).body as unknown as { code: string }[]).map((t) => t.code);
      expect(targets).not.toContain('TP-AREA');
      const rooms = [...(await app.io.fetchSockets())].flatMap((s) => [...s.rooms]);
      expect(rooms).not.toContain('unit:T-JD-B');
      // A fresh join is refused too.
      const again = await socket.timeout(5000).emitWithAck('subscribe', { kind: 'unit', id: 'T-JD-B' });
      expect(again).toMatchObject({ ok: false });
      // Moved back: readable again at once.
      await call('admin', 'PATCH', '/api/units/T-JD-B', { parentCode: 'T-JD' });
      expect((await call('leader', 'GET', '/api/units/T-JD-B')).status).toBe(200);
    } finally {
      socket.disconnect();
    }
  });
});

describe('org-chart import', () => {
  const rows = [
    { code: 'T-JD3', name: '第三街道', kind: '街道', parentCode: 'T' },
    { code: 'T-JD3-A', name: '党建办', kind: '科室', parentCode: 'T-JD3' },
    { code: 'T-JD-A', name: '社区服务办', kind: '科室', parentCode: 'T-JD' },
  ];
  it('previews without writing, and refuses to apply while a row is bad', async () => {
    const p = await call('admin', 'POST', '/api/units/import', { rows });
    expect(p.status).toBe(200);
    expect((p.body.rows as { action: string }[]).map((r) => r.action)).toEqual(['create', 'create', 'update']);
    expect(p.body.applied).toBe(false);
    expect(await tdb.db.selectFrom('units').select('code').where('code', '=', 'T-JD3').executeTakeFirst()).toBeUndefined();
    const bad = await call('admin', 'POST', '/api/units/import', { rows: [...rows, { code: 'T-JD3-B', name: '', kind: '科室', parentCode: 'NOWHERE' }], apply: true });
    expect(bad.body.applied).toBe(false);
    const last = (bad.body.rows as { row: number; problems: { field: string }[] }[])[3]!;
    expect([last.row, last.problems.map((x) => x.field)]).toEqual([4, ['name', 'parentCode']]);
    expect(await tdb.db.selectFrom('units').select('code').where('code', '=', 'T-JD3').executeTakeFirst()).toBeUndefined();
  });
  it('applies all rows in one transaction, audited', async () => {
    const r = await call('admin', 'POST', '/api/units/import', { rows, apply: true });
    expect(r.body.applied).toBe(true);
    const u = await tdb.db.selectFrom('units').select(['code', 'name', 'parent_code']).where('code', 'in', ['T-JD3', 'T-JD3-A', 'T-JD-A']).orderBy('code').execute();
    expect(u).toEqual([
      { code: 'T-JD-A', name: '社区服务办', parent_code: 'T-JD' },
      { code: 'T-JD3', name: '第三街道', parent_code: 'T' },
      { code: 'T-JD3-A', name: '党建办', parent_code: 'T-JD3' },
    ]);
    const a = await tdb.db.selectFrom('audit_log').select('detail').where('action', '=', 'unit.import').executeTakeFirstOrThrow();
    expect(a.detail).toMatchObject({ created: ['T-JD3', 'T-JD3-A'], updated: ['T-JD-A'] });
  });
  it('refuses a body that is not rows, and non-admins', async () => {
    expect((await call('admin', 'POST', '/api/units/import', { rows: 'x' })).body.code).toBe('invalid_request');
    expect((await call('admin', 'POST', '/api/units/import', { rows: Array.from({ length: 2001 }, () => ({})) })).body.code).toBe('invalid_request');
    expect((await call('staff', 'POST', '/api/units/import', { rows })).status).toBe(403);
  });
});
