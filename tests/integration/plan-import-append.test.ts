import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppendTargetsRequest, PublishPlanRequest, PublishPlanResponse } from '@luoshi/shared';
import type { TestDatabase } from '../support/infra';
import { startStack, type Stack } from '../support/stack';

/**
 * Issue 20: reviewed candidates added to an existing draft plan (POST /api/plans/:id/import).
 * Who may call it is in the authorization matrix; here: numbering after the plan's own codes,
 * one transaction, the shared checker against the stored period, and the named refusals.
 */
let stack: Stack;
let tdb: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  stack = await startStack({ name: 'test-plan-append', injectAsAdmin: true });
  ({ tdb, app } = stack);
});

afterAll(() => stack?.stop());

const draft = (id: string): PublishPlanRequest => ({
  plan: { id, title: '测试街道2026年工作计划', ownerUnit: 'T-JD', periodStart: '2026-01-01', periodEnd: '2026-12-31' },
  sections: [{ key: 'a', label: '一、', title: '民生' }],
  targets: [{ title: '新增养老床位', uom: '张', targetValue: 100, ownerUnit: 'T-JD-A', dueDate: '2026-12-31', sectionKey: 'a' }],
});

const more = (): AppendTargetsRequest => ({
  sections: [
    { key: 'x', label: '二、', title: '城市管理' },
    { key: 'y', parentKey: 'x', label: '(一)', title: '加装电梯' },
  ],
  targets: [
    { title: '交付加装电梯', uom: '台', targetValue: 200, ownerUnit: 'T-JD-B', dueDate: '2026-11-30', sectionKey: 'y', measureKind: 'cumulative', sourceSentence: '交付既有多层住宅加装电梯200台以上' },
    { title: '失业登记人数', uom: '人', targetValue: 732, ownerUnit: 'T-JD-A', dueDate: '2026-12-31', measureKind: 'ceiling' },
  ],
});

const append = (id: string, payload: unknown) =>
  app.inject({ method: 'POST', url: `/api/plans/${encodeURIComponent(id)}/import`, payload: payload as object });

async function rows(planId: string) {
  const [targets, sections, rollups] = await Promise.all([
    tdb.db.selectFrom('targets').select(['code', 'section_id', 'owner_unit', 'measure_kind', 'direction', 'due_date', 'source_sentence']).where('plan_id', '=', planId).orderBy('code').execute(),
    tdb.db.selectFrom('plan_sections').select(['id', 'parent_id', 'label', 'ordinal']).where('plan_id', '=', planId).orderBy('id').execute(),
    tdb.db.selectFrom('target_rollups').innerJoin('targets', 'targets.code', 'target_rollups.target_code').select('target_code').where('targets.plan_id', '=', planId).execute(),
  ]);
  return { targets, sections, rollups: rollups.length };
}

describe('adding candidates to an existing draft plan', () => {
  it('numbers new targets and sections after the plan\'s own, with rollups, in one go', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/plans', payload: draft('APP-A') })).statusCode).toBe(201);
    const res = await append('APP-A', more());
    expect(res.statusCode).toBe(201);
    expect(res.json<PublishPlanResponse>()).toEqual({
      id: 'APP-A',
      status: 'draft',
      targetCodes: ['APP-A-002', 'APP-A-003'],
      sectionIds: ['APP-A-S2', 'APP-A-S3'],
    });
    const r = await rows('APP-A');
    expect(r.sections).toEqual([
      { id: 'APP-A-S1', parent_id: null, label: '一、', ordinal: 1 },
      { id: 'APP-A-S2', parent_id: null, label: '二、', ordinal: 2 },
      { id: 'APP-A-S3', parent_id: 'APP-A-S2', label: '(一)', ordinal: 1 },
    ]);
    expect(r.targets.map((t) => [t.code, t.section_id, t.owner_unit, t.measure_kind, t.direction, t.due_date])).toEqual([
      ['APP-A-001', 'APP-A-S1', 'T-JD-A', 'cumulative', 'up', '2026-12-31'],
      ['APP-A-002', 'APP-A-S3', 'T-JD-B', 'cumulative', 'up', '2026-11-30'],
      ['APP-A-003', null, 'T-JD-A', 'ceiling', 'down', '2026-12-31'],
    ]);
    expect(r.targets[1]!.source_sentence).toBe('交付既有多层住宅加装电梯200台以上');
    expect(r.rollups).toBe(3);
    // A second append continues the numbering.
    const again = await append('APP-A', { targets: [more().targets[1]!] });
    expect(again.json<PublishPlanResponse>().targetCodes).toEqual(['APP-A-004']);
    const audit = await tdb.db.selectFrom('audit_log').select(['action', 'subject']).where('action', '=', 'plan.append').execute();
    expect(audit).toEqual([
      { action: 'plan.append', subject: 'APP-A' },
      { action: 'plan.append', subject: 'APP-A' },
    ]);
  });

  it('refuses a plan that does not exist (404) or is not a draft (409), writing nothing', async () => {
    const before = await rows('TP-2026');
    const missing = await append('NO-SUCH-PLAN', more());
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'plan_not_found', message: expect.stringContaining('NO-SUCH-PLAN') });
    // The seeded plan is published: import does not change published plans.
    const published = await append('TP-2026', more());
    expect(published.statusCode).toBe(409);
    expect(published.json()).toMatchObject({ code: 'plan_not_draft' });
    expect(await rows('TP-2026')).toEqual(before);
  });

  it('judges the targets against the stored period and names the field, writing nothing', async () => {
    await app.inject({ method: 'POST', url: '/api/plans', payload: draft('APP-B') });
    const before = await rows('APP-B');
    const late = more();
    late.targets[1]!.dueDate = '2027-01-31';
    const res = await append('APP-B', late);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ code: 'due_outside_period', message: expect.stringMatching(/^targets\[1\]\.dueDate: 2027-01-31 is outside the plan period 2026-01-01\.\.2026-12-31/) });
    expect(await rows('APP-B')).toEqual(before);
  });

  it('refuses malformed input with a named 400: unknown units, huge or fractional-negative values, no targets', async () => {
    await app.inject({ method: 'POST', url: '/api/plans', payload: draft('APP-C') });
    const before = await rows('APP-C');
    const cases: Array<[unknown, string]> = [
      [{ targets: [{ ...more().targets[1]!, ownerUnit: 'NOPE' }] }, 'unknown_unit'],
      [{ targets: [{ ...more().targets[1]!, targetValue: 1e300 }] }, 'invalid_target_value'],
      [{ targets: [{ ...more().targets[1]!, targetValue: -0.5 }] }, 'invalid_target_value'],
      [{ targets: [] }, 'no_targets'],
      [{ targets: [{ ...more().targets[0]!, sectionKey: 'not-sent' }] }, 'unknown_section'],
      [[], 'invalid_request'],
    ];
    for (const [payload, code] of cases) {
      const res = await append('APP-C', payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(res.json(), JSON.stringify(payload).slice(0, 80)).toMatchObject({ code, message: expect.any(String) });
    }
    expect(await rows('APP-C')).toEqual(before);
  });

  it('never changes the plan itself: a forged plan field is dropped by the schema', async () => {
    await app.inject({ method: 'POST', url: '/api/plans', payload: draft('APP-E') });
    const forged = { ...more(), plan: { ...draft('APP-E').plan, title: '改过的标题', periodEnd: '2030-12-31', ownerUnit: 'T-JD-B' } };
    expect((await append('APP-E', forged)).statusCode).toBe(201);
    const plan = await tdb.db.selectFrom('plans').select(['title', 'period_end', 'owner_unit', 'status']).where('id', '=', 'APP-E').executeTakeFirstOrThrow();
    expect(plan).toEqual({ title: '测试街道2026年工作计划', period_end: '2026-12-31', owner_unit: 'T-JD', status: 'draft' });
  });

  it('serialises concurrent appends to one draft: both land, codes never collide', async () => {
    await app.inject({ method: 'POST', url: '/api/plans', payload: draft('APP-D') });
    const two = { targets: [more().targets[1]!, more().targets[1]!] };
    const results = await Promise.all([append('APP-D', two), append('APP-D', two)]);
    expect(results.map((r) => r.statusCode)).toEqual([201, 201]);
    const codes = results.flatMap((r) => r.json<PublishPlanResponse>().targetCodes).sort();
    expect(codes).toEqual(['APP-D-002', 'APP-D-003', 'APP-D-004', 'APP-D-005']);
    expect((await rows('APP-D')).rollups).toBe(5);
  });

  it('is documented in OpenAPI', async () => {
    const paths = Object.keys((await app.inject('/api/docs/json')).json<{ paths: object }>().paths);
    expect(paths).toContain('/api/plans/{id}/import');
  });
});
