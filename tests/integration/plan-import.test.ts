import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractResponse, PublishPlanRequest, PublishPlanResponse, Unit } from '@luoshi/shared';
import { testSeed } from '../support/fixtures';
import type { TestDatabase } from '../support/infra';
import { repoRoot } from '../support/process';
import { startStack, type Stack } from '../support/stack';
import type { SeedData } from '@luoshi/seeds';

let stack: Stack;
let tdb: TestDatabase;
let app: FastifyInstance;

// 五角场街道 2023 plan: "完成30万平方米“美丽家园”…" is in it.
const seedDoc = readFileSync(path.join(repoRoot, 'shared/src/extract/fixtures/docs/000_f688bb4164011f16.txt'), 'utf8');

beforeAll(async () => {
  // A code in the shape import generates (<plan>-001) that belongs to another plan.
  const clash: SeedData = {
    units: [],
    plans: [
      {
        ...testSeed.plans[0]!,
        sections: [],
        targets: [{ ...testSeed.plans[0]!.targets[0]!, code: 'CLASH-001', sectionId: null }],
      },
    ],
  };
  stack = await startStack({ name: 'test-plan-import', seed: [testSeed, clash], injectAsAdmin: true });
  ({ tdb, app } = stack);
});

afterAll(() => stack?.stop());

const draft = (planId?: string): PublishPlanRequest => ({
  plan: {
    ...(planId ? { id: planId } : {}),
    title: '测试街道2026年工作计划(导入)',
    ownerUnit: 'T-JD',
    periodStart: '2026-01-01',
    periodEnd: '2026-12-31',
  },
  sections: [
    { key: 's1', label: '三、', title: '增进福祉,开创民生事业新局面' },
    { key: 's2', parentKey: 's1', label: '(二)', title: '提升宜居幸福感' },
  ],
  targets: [
    {
      title: '完成“美丽家园”改造',
      uom: '平方米',
      targetValue: 300_000,
      ownerUnit: 'T-JD-B',
      dueDate: '2026-12-31',
      sectionKey: 's2',
      sourceSentence: '完成30万平方米“美丽家园”…',
    },
    {
      title: '帮助成功创业企业',
      uom: '家',
      targetValue: 97,
      ownerUnit: 'T-JD-A',
      dueDate: '2026-06-30',
      startDate: '2026-02-01',
      sectionKey: 's1',
    },
    {
      title: '安全事故',
      uom: '起',
      targetValue: 3,
      ownerUnit: 'T-JD-A',
      dueDate: '2026-12-31',
      measureKind: 'ceiling',
    },
  ],
});

async function counts() {
  const n = async (table: 'plans' | 'plan_sections' | 'targets' | 'target_rollups') =>
    Number(
      (
        await tdb.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    plans: await n('plans'),
    sections: await n('plan_sections'),
    targets: await n('targets'),
    rollups: await n('target_rollups'),
  };
}

const publish = (payload: unknown) => app.inject({ method: 'POST', url: '/api/plans', payload: payload as object });

describe('plan import', () => {
  it('lists units for the owner pickers', async () => {
    const res = await app.inject('/api/units');
    expect(res.statusCode).toBe(200);
    expect(res.json<Unit[]>()).toEqual(
      expect.arrayContaining([{ code: 'T-JD-A', name: '社区服务办公室', kind: 'department', parentCode: 'T-JD', active: true }]),
    );
  });

  it('extracts candidates from a seed document, 30万平方米 included, with spans into the text', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/plan-import/extract', payload: { text: seedDoc } });
    expect(res.statusCode).toBe(200);
    const { candidates } = res.json<ExtractResponse>();
    const area = candidates.find((c) => c.quantityText === '30万平方米');
    expect(area).toMatchObject({ value: 300_000, unit: '平方米', suggestedMeasureKind: 'cumulative' });
    expect(area!.confidence).toBeGreaterThanOrEqual(0.5);
    expect(area!.suggestedTitle).toContain('30万平方米');
    for (const c of candidates) {
      expect(seedDoc.slice(c.quantitySpan.start, c.quantitySpan.end)).toBe(c.quantityText);
      expect(seedDoc.slice(c.sentenceSpan.start, c.sentenceSpan.end)).toBe(c.sentence);
    }
    expect(candidates.map((c) => c.index)).toEqual(candidates.map((_, i) => i));
    // Low-confidence ones come too: the review screen shows them, rejected by default.
    expect(candidates.some((c) => c.quantityText === '103名' && c.confidence < 0.5)).toBe(true);
  });

  it('refuses an empty or oversized text with 400', async () => {
    for (const text of ['', 'x'.repeat(200_001)]) {
      const res = await app.inject({ method: 'POST', url: '/api/plan-import/extract', payload: { text } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('text') });
    }
  });

  it('publishes a draft plan with sections, targets and baseline rollups in one go', async () => {
    const before = await counts();
    const res = await publish(draft('IMP-A'));
    expect(res.statusCode).toBe(201);
    expect(res.json<PublishPlanResponse>()).toEqual({
      id: 'IMP-A',
      status: 'draft',
      targetCodes: ['IMP-A-001', 'IMP-A-002', 'IMP-A-003'],
      sectionIds: ['IMP-A-S1', 'IMP-A-S2'],
    });
    expect(await counts()).toEqual({
      plans: before.plans + 1,
      sections: before.sections + 2,
      targets: before.targets + 3,
      rollups: before.rollups + 3,
    });

    const plan = await tdb.db.selectFrom('plans').selectAll().where('id', '=', 'IMP-A').executeTakeFirstOrThrow();
    expect(plan).toMatchObject({
      status: 'draft',
      owner_unit: 'T-JD',
      period_start: '2026-01-01',
      period_end: '2026-12-31',
    });
    const sections = await tdb.db
      .selectFrom('plan_sections')
      .selectAll()
      .where('plan_id', '=', 'IMP-A')
      .orderBy('id')
      .execute();
    expect(sections).toEqual([
      {
        id: 'IMP-A-S1',
        plan_id: 'IMP-A',
        parent_id: null,
        label: '三、',
        title: '增进福祉,开创民生事业新局面',
        ordinal: 1,
      },
      { id: 'IMP-A-S2', plan_id: 'IMP-A', parent_id: 'IMP-A-S1', label: '(二)', title: '提升宜居幸福感', ordinal: 1 },
    ]);
    const targets = await tdb.db
      .selectFrom('targets')
      .selectAll()
      .where('plan_id', '=', 'IMP-A')
      .orderBy('code')
      .execute();
    expect(
      targets.map((t) => [
        t.code,
        t.section_id,
        t.owner_unit,
        t.uom,
        t.target_value,
        t.measure_kind,
        t.direction,
        t.start_date,
        t.due_date,
      ]),
    ).toEqual([
      ['IMP-A-001', 'IMP-A-S2', 'T-JD-B', '平方米', 300_000, 'cumulative', 'up', '2026-01-01', '2026-12-31'],
      ['IMP-A-002', 'IMP-A-S1', 'T-JD-A', '家', 97, 'cumulative', 'up', '2026-02-01', '2026-06-30'],
      ['IMP-A-003', null, 'T-JD-A', '起', 3, 'ceiling', 'down', '2026-01-01', '2026-12-31'],
    ]);
    // The sentence a target came from is kept for traceability.
    expect(targets[0]!.source_sentence).toBe('完成30万平方米“美丽家园”…');
    // The read API sees them at baseline, like seeded targets.
    const listed = (await app.inject('/api/targets?plan=IMP-A')).json<
      { code: string; value: number; version: number }[]
    >();
    expect(listed.map((t) => [t.code, t.value, t.version])).toEqual([
      ['IMP-A-001', 0, 0],
      ['IMP-A-002', 0, 0],
      ['IMP-A-003', 0, 0],
    ]);
    expect((await app.inject('/api/plans')).json()).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'IMP-A', status: 'draft' })]),
    );
  });

  it('generates a readable plan id when none is given, and the next one when it is taken', async () => {
    const first = await publish(draft());
    const second = await publish(draft());
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(first.json<PublishPlanResponse>().id).toBe('T-JD-2026');
    expect(second.json<PublishPlanResponse>()).toMatchObject({
      id: 'T-JD-2026-2',
      targetCodes: ['T-JD-2026-2-001', 'T-JD-2026-2-002', 'T-JD-2026-2-003'],
    });
  });

  const bad: [string, (d: PublishPlanRequest) => unknown, number, string, string][] = [
    [
      'an unknown target owner unit',
      (d) => (d.targets[1]!.ownerUnit = 'T-JD-NOPE'),
      400,
      'unknown_unit',
      'targets[1].ownerUnit',
    ],
    ['an unknown plan owner unit', (d) => (d.plan.ownerUnit = 'NOPE'), 400, 'unknown_unit', 'plan.ownerUnit'],
    [
      'a due date after the period',
      (d) => (d.targets[2]!.dueDate = '2027-01-15'),
      400,
      'due_outside_period',
      'targets[2].dueDate',
    ],
    [
      'a due date before the period',
      (d) => (d.targets[0]!.dueDate = '2025-12-31'),
      400,
      'due_outside_period',
      'targets[0].dueDate',
    ],
    [
      'a negative target value',
      (d) => (d.targets[0]!.targetValue = -5),
      400,
      'invalid_target_value',
      'targets[0].targetValue',
    ],
    [
      'a zero target value',
      (d) => (d.targets[1]!.targetValue = 0),
      400,
      'invalid_target_value',
      'targets[1].targetValue',
    ],
    [
      '"NaN" as the target value',
      (d) => ((d.targets[0] as { targetValue: unknown }).targetValue = 'NaN'),
      400,
      'invalid_target_value',
      'targets[0].targetValue',
    ],
    [
      'null as the target value',
      (d) => ((d.targets[0] as { targetValue: unknown }).targetValue = null),
      400,
      'invalid_target_value',
      'targets[0].targetValue',
    ],
    ['an empty plan title', (d) => (d.plan.title = ''), 400, 'empty_title', 'plan.title'],
    ['a blank target title', (d) => (d.targets[2]!.title = '   '), 400, 'empty_title', 'targets[2].title'],
    [
      'a day that does not exist',
      (d) => (d.targets[0]!.dueDate = '2026-02-30'),
      400,
      'invalid_date',
      'targets[0].dueDate',
    ],
    [
      'a period that ends before it starts',
      (d) => (d.plan.periodEnd = '2025-06-30'),
      400,
      'invalid_period',
      'plan.periodEnd',
    ],
    [
      'a section that does not exist',
      (d) => (d.targets[0]!.sectionKey = 's9'),
      400,
      'unknown_section',
      'targets[0].sectionKey',
    ],
    ['no targets', (d) => (d.targets = []), 400, 'no_targets', 'targets'],
    ['a plan id that exists', (d) => (d.plan.id = 'TP-2026'), 409, 'duplicate_plan', 'plan.id'],
    ['a plan id whose codes are taken', (d) => (d.plan.id = 'CLASH'), 409, 'duplicate_code', 'plan.id'],
  ];

  it.each(bad)(
    'refuses %s with a specific code, naming the field, writing nothing',
    async (_what, mutate, status, code, field) => {
      const d = draft('IMP-BAD');
      mutate(d);
      const before = await counts();
      const res = await publish(d);
      expect(res.statusCode).toBe(status);
      expect(res.json()).toEqual({ code, message: expect.stringContaining(`${field}: `) });
      expect(await counts()).toEqual(before);
    },
  );

  it('refuses a body that is not JSON (NaN is not a JSON number) with 400, writing nothing', async () => {
    const before = await counts();
    const body = JSON.stringify(draft('IMP-NAN')).replace('300000', 'NaN');
    const res = await app.inject({
      method: 'POST',
      url: '/api/plans',
      payload: body,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    expect(await counts()).toEqual(before);
  });

  it('lets exactly one of two concurrent imports with the same id win, and writes only its rows', async () => {
    const before = await counts();
    const results = await Promise.all([publish(draft('IMP-RACE')), publish(draft('IMP-RACE'))]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json()).toMatchObject({ code: 'duplicate_plan' });
    expect(await counts()).toEqual({
      plans: before.plans + 1,
      sections: before.sections + 2,
      targets: before.targets + 3,
      rollups: before.rollups + 3,
    });
  });

  it('documents the new routes in OpenAPI', async () => {
    const paths = Object.keys((await app.inject('/api/docs/json')).json<{ paths: object }>().paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/units', '/api/plan-import/extract', '/api/plans']));
  });
});
