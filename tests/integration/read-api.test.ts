import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeedData } from '@luoshi/seeds';
import {
  assessTarget,
  foldTarget,
  latestOccurredAt,
  progressSubject,
  ratioValue,
  valueSeries,
  type EventLogEntry,
  type PlanDetail,
  type PlanOverview,
  type ProgressEvent,
  type SeriesResponse,
  type Target,
  type TargetState,
  type UnitDetail,
} from '@luoshi/shared';
import { writeBatch } from '../../server/src/ingest/batch';
import { rebuildRollups } from '../../server/src/targets/rebuild';
import { testSeed } from '../support/fixtures';
import type { TestDatabase } from '../support/infra';
import { startStack, type Stack } from '../support/stack';

/** The read API against real PostgreSQL, with the clock pinned to 15 June 2026 (China). */

const NOW = new Date('2026-06-15T04:00:00Z');
const AS_OF = '2026-06-15';

const base = testSeed.plans[0]!;
const proto = base.targets[0]!;
const t = (code: string, extra: Partial<Target>): Target => ({ ...proto, code, milestones: [], ...extra });
const seed: SeedData = {
  units: [...testSeed.units, { code: 'T-JD-A-WG1', name: '第一网格', kind: 'grid', parentCode: 'T-JD-A' }],
  plans: [
    {
      plan: base.plan,
      sections: [
        ...base.sections,
        { id: 'TP-S1-1', planId: 'TP-2026', parentId: 'TP-S1', label: '（一）', title: '就业', ordinal: 1 },
        { id: 'TP-S2', planId: 'TP-2026', parentId: null, label: '二、', title: '平安建设', ordinal: 2 },
      ],
      targets: [
        ...base.targets,
        t('TP-TRAIN', {
          sectionId: 'TP-S1-1',
          title: '职业技能培训 1162 人',
          targetValue: 1162,
          weight: 1,
          reportingIntervalDays: 30,
        }),
        // Nothing reported since January: stale.
        t('TP-GRID', {
          sectionId: 'TP-S1-1',
          ownerUnit: 'T-JD-A-WG1',
          uom: '个',
          title: '微网格 185 个',
          targetValue: 185,
          reportingIntervalDays: 14,
        }),
        t('TP-FIRE', {
          sectionId: 'TP-S2',
          ownerUnit: 'T-JD-B',
          uom: '起',
          title: '较大火灾不超过 3 起',
          measureKind: 'ceiling',
          direction: 'down',
          targetValue: 3,
          reportingIntervalDays: 30,
        }),
        t('TP-HAZ-FOUND', {
          sectionId: 'TP-S2',
          ownerUnit: 'T-JD-B',
          uom: '条',
          title: '排查隐患',
          targetValue: 7684,
          reportingIntervalDays: 7,
        }),
        t('TP-HAZ-FIXED', {
          sectionId: 'TP-S2',
          ownerUnit: 'T-JD-B',
          uom: '条',
          title: '整改隐患',
          targetValue: 7684,
          reportingIntervalDays: 7,
        }),
        t('TP-HAZ-RATE', {
          sectionId: 'TP-S2',
          ownerUnit: 'T-JD-B',
          uom: '%',
          title: '隐患整改率 100%',
          measureKind: 'ratio',
          targetValue: 100,
          reportingIntervalDays: 7,
          ratioOf: { numerator: 'TP-HAZ-FIXED', denominator: 'TP-HAZ-FOUND' },
        }),
      ],
    },
  ],
};
const targets = new Map(seed.plans[0]!.targets.map((x) => [x.code, x]));

let stack: Stack;
let tdb: TestDatabase;
let app: FastifyInstance;

const day = (n: number, hour = 10): string => new Date(Date.UTC(2026, 0, 1 + n, hour - 8)).toISOString();
const ev = (
  id: string,
  target: string,
  value: number,
  occurredAt: string,
  extra: Partial<ProgressEvent> = {},
): ProgressEvent => ({
  id,
  target,
  kind: targets.get(target)!.measureKind === 'reading' ? 'reading' : 'increment',
  value,
  occurredAt,
  reporter: '测试',
  ...extra,
});

async function ingest(events: ProgressEvent[]): Promise<void> {
  let seq = 0;
  for (let i = 0; i < events.length; i += 200) {
    const res = await writeBatch(
      tdb.db,
      events.slice(i, i + 200).map((e) => ({
        subject: progressSubject(targets.get(e.target)!.ownerUnit, e.target),
        data: new TextEncoder().encode(JSON.stringify(e)),
        seq: ++seq + i,
      })),
      NOW,
    );
    expect(res.rejects).toEqual([]);
  }
}

beforeAll(async () => {
  stack = await startStack({ name: 'test-read', seed, clock: () => NOW, injectAsAdmin: true });
  ({ tdb, app } = stack);

  const events: ProgressEvent[] = [];
  // JOBS: about on plan (127 a year), every working week; TRAIN: far behind; GRID: one report in January.
  for (let d = 5; d < 165; d += 7) events.push(ev(`jobs-${d}`, 'TP-JOBS', 4, day(d)));
  for (let d = 5; d < 165; d += 14) events.push(ev(`train-${d}`, 'TP-TRAIN', 10, day(d)));
  events.push(ev('grid-1', 'TP-GRID', 20, day(10)));
  for (let d = 0; d < 160; d += 30) events.push(ev(`area-${d}`, 'TP-AREA', 1_950_000 + d * 200, day(d + 3)));
  events.push(
    ev('fire-1', 'TP-FIRE', 1, day(40)),
    ev('fire-check', 'TP-FIRE', 0, day(150), { kind: 'note', note: '月度检查无火灾' }),
  );
  for (let d = 2; d < 165; d += 7) {
    events.push(ev(`found-${d}`, 'TP-HAZ-FOUND', 40, day(d)), ev(`fixed-${d}`, 'TP-HAZ-FIXED', 30, day(d)));
  }
  // A back-dated correction of a January report, and a note.
  events.push(
    ev('jobs-5-fix', 'TP-JOBS', -1, day(150), { kind: 'correction', corrects: 'jobs-5', reason: '重复统计' }),
  );
  events.push(ev('jobs-note', 'TP-JOBS', 0, day(151), { kind: 'note', note: '招聘会' }));
  await ingest(events);
});

afterAll(() => stack?.stop());

async function get<T>(url: string, status = 200): Promise<T> {
  const res = await app.inject(url);
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(status);
  return res.json<T>();
}

async function rawEvents(code: string) {
  const rows = await tdb.db.selectFrom('events').selectAll().where('target_code', '=', code).execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as ProgressEvent['kind'],
    value: r.value,
    occurredAt: r.occurred_at.toISOString(),
    corrects: r.corrects,
  }));
}

describe('target states', () => {
  it('equal what shared/pace says when handed every raw event (the rollup shortcut changes nothing)', async () => {
    const states = await get<TargetState[]>('/api/targets?plan=TP-2026');
    expect(states.map((s) => s.code).sort()).toEqual([...targets.keys()].sort());
    for (const s of states.filter((x) => x.measureKind !== 'ratio')) {
      const target = targets.get(s.code)!;
      const raw = await rawEvents(s.code);
      const value = foldTarget(target, raw);
      const series = valueSeries(target, raw, { from: target.startDate, to: AS_OF, bucket: 'day' });
      const a = assessTarget(target, { value, lastUpdate: latestOccurredAt(raw), series }, AS_OF);
      expect(s, s.code).toMatchObject({
        value,
        status: a.status,
        stale: a.stale,
        paceDate: a.paceDate,
        forecastDate: a.forecast.projectedCompletion,
        halfwayFlagged: a.halfway.flagged,
        finishesLate: a.forecast.finishesLate,
      });
      expect(s.pct).toBeCloseTo(a.pct, 9);
      expect(s.expected).toBeCloseTo(a.expected, 9);
      for (const k of ['paceRatio', 'runRate', 'requiredRate', 'projectedValueAtDue'] as const) {
        const want =
          k === 'paceRatio'
            ? a.paceRatio
            : k === 'projectedValueAtDue'
              ? a.forecast.projectedValueAtDue
              : a.forecast[k];
        if (want === null) expect(s[k], `${s.code} ${k}`).toBeNull();
        else expect(s[k], `${s.code} ${k}`).toBeCloseTo(want, 9);
      }
    }
  });

  it('derives a ratio target from its parts', async () => {
    const s = await get<TargetState>('/api/targets/TP-HAZ-RATE');
    const fixed = await get<TargetState>('/api/targets/TP-HAZ-FIXED');
    const found = await get<TargetState>('/api/targets/TP-HAZ-FOUND');
    expect(s.value).toBeCloseTo(ratioValue(fixed.value, found.value)!, 9);
    expect(s.value).toBeCloseTo(75, 9);
    expect(s.ratioOf).toEqual({ numerator: 'TP-HAZ-FIXED', denominator: 'TP-HAZ-FOUND' });
    expect(s.lastOccurredAt).toBe(found.lastOccurredAt);
  });

  it('shows the statuses the history implies', async () => {
    const by = new Map((await get<TargetState[]>('/api/targets?plan=TP-2026')).map((s) => [s.code, s]));
    expect(by.get('TP-GRID')!.status).toBe('stale');
    expect(by.get('TP-TRAIN')!.status).toBe('at_risk');
    expect(by.get('TP-FIRE')!.status).toBe('on_track');
    expect(by.get('TP-JOBS')!.value).toBe(23 * 4 - 1);
  });

  it('filters by section (with subsections), unit (with the units below it) and status', async () => {
    const codes = async (q: string) => (await get<TargetState[]>(`/api/targets?${q}`)).map((s) => s.code).sort();
    expect(await codes('section=TP-S1')).toEqual(['TP-AREA', 'TP-GRID', 'TP-JOBS', 'TP-TRAIN']);
    expect(await codes('section=TP-S1-1')).toEqual(['TP-GRID', 'TP-TRAIN']);
    expect(await codes('unit=T-JD-A')).toEqual(['TP-GRID', 'TP-JOBS', 'TP-TRAIN']);
    expect(await codes('unit=T-JD-A-WG1')).toEqual(['TP-GRID']);
    expect(await codes('plan=TP-2026&status=stale')).toEqual(['TP-GRID']);
    expect(await codes('plan=NOPE')).toEqual([]);
    expect(await get('/api/targets?status=great', 400)).toMatchObject({ code: 'invalid_request' });
  });

  it('answers an unknown target with 404 {code, message}', async () => {
    expect(await get('/api/targets/NOPE', 404)).toEqual({ code: 'not_found', message: 'no target with code NOPE' });
  });
});

describe('series', () => {
  it('gives daily values from the rollups, ending at today’s value, with the pace line and forecast', async () => {
    const s = await get<SeriesResponse>('/api/targets/TP-JOBS/series');
    expect(s).toMatchObject({ target: 'TP-JOBS', bucket: 'day', asOf: AS_OF });
    expect(s.points[0]).toEqual({ start: '2026-01-01', date: '2026-01-01', value: 0 });
    expect(s.points.at(-1)).toMatchObject({ date: AS_OF, value: 91 });
    expect(s.points).toHaveLength(166);
    // The correction sits on the day of what it corrects: 6 January shows 3, not 4.
    expect(s.points.find((p) => p.date === '2026-01-06')!.value).toBe(3);
    const raw = await rawEvents('TP-JOBS');
    expect(s.points.map((p) => p.value)).toEqual(
      valueSeries(targets.get('TP-JOBS')!, raw, { from: '2026-01-01', to: AS_OF, bucket: 'day' }).map((p) => p.value),
    );
    expect(s.expected.at(-1)).toMatchObject({ date: '2026-12-31', value: 127 });
    expect(s.plan).toEqual([
      { date: '2025-12-31', x: 0, value: 0 },
      expect.objectContaining({ date: '2026-12-31', value: 127 }),
    ]);
    expect(s.forecast[0]).toMatchObject({ value: 91 });
    expect(s.forecast).toHaveLength(2);
  });

  it('buckets by Monday-to-Sunday week and by month, the last bucket ending today', async () => {
    const week = await get<SeriesResponse>('/api/targets/TP-JOBS/series?bucket=week');
    expect(week.points[0]).toMatchObject({ start: '2025-12-29', date: '2026-01-04' });
    expect(week.points.at(-1)).toMatchObject({ start: '2026-06-15', date: AS_OF, value: 91 });
    const month = await get<SeriesResponse>('/api/targets/TP-AREA/series?bucket=month');
    expect(month.points.map((p) => p.date)).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      AS_OF,
    ]);
    expect(month.points.at(-1)!.value).toBe(1_950_000 + 150 * 200);
  });

  it('derives a ratio series from its parts', async () => {
    const s = await get<SeriesResponse>('/api/targets/TP-HAZ-RATE/series?bucket=month');
    expect(s.points.at(-1)!.value).toBeCloseTo(75, 9);
    expect(s.points[0]!.value).toBeCloseTo(75, 9);
  });

  it('refuses an unknown bucket with 400 and an unknown target with 404', async () => {
    expect(await get('/api/targets/TP-JOBS/series?bucket=year', 400)).toMatchObject({ code: 'invalid_request' });
    expect(await get('/api/targets/NOPE/series', 404)).toMatchObject({ code: 'not_found' });
  });
});

describe('event log', () => {
  it('pages newest first and lists corrections against what they correct', async () => {
    const first = await get<EventLogEntry[]>('/api/targets/TP-JOBS/events?limit=5');
    expect(first.map((e) => e.id)).toEqual(['jobs-159', 'jobs-152', 'jobs-note', 'jobs-5-fix', 'jobs-145']);
    expect(first[3]).toMatchObject({ kind: 'correction', corrects: 'jobs-5', reason: '重复统计', value: -1 });
    const all: EventLogEntry[] = [...first];
    for (let before = first.at(-1)!.id; ;) {
      const page = await get<EventLogEntry[]>(`/api/targets/TP-JOBS/events?limit=7&before=${before}`);
      if (page.length === 0) break;
      all.push(...page);
      before = page.at(-1)!.id;
    }
    expect(all).toHaveLength(25);
    expect(new Set(all.map((e) => e.id)).size).toBe(25);
    expect(all.at(-1)).toMatchObject({ id: 'jobs-5', correctedBy: ['jobs-5-fix'] });
  });

  it('refuses a cursor of another target, a bad limit, and an unknown target', async () => {
    expect(await get('/api/targets/TP-JOBS/events?before=area-0', 400)).toMatchObject({ code: 'invalid_cursor' });
    expect(await get('/api/targets/TP-JOBS/events?limit=0', 400)).toMatchObject({ code: 'invalid_request' });
    expect(await get('/api/targets/NOPE/events', 404)).toMatchObject({ code: 'not_found' });
  });
});

describe('rebuilding rollups from the raw events in SQL', () => {
  it('gives exactly what ingest maintained incrementally', async () => {
    const snapshot = async () => ({
      rollups: await tdb.db
        .selectFrom('target_rollups')
        .select(['target_code', 'value', 'event_count', 'last_occurred_at', 'last_reading_id'])
        .orderBy('target_code')
        .execute(),
      daily: await tdb.db.selectFrom('target_daily').selectAll().orderBy('target_code').orderBy('day').execute(),
    });
    const before = await snapshot();
    expect(before.daily.length).toBeGreaterThan(50);
    await rebuildRollups(tdb.db);
    expect(await snapshot()).toEqual(before);
  });
});

describe('plans, overview and units', () => {
  it('gives a plan with its sections in document order', async () => {
    const p = await get<PlanDetail>('/api/plans/TP-2026');
    expect(p).toMatchObject({ id: 'TP-2026', status: 'published', periodStart: '2026-01-01', targetCount: 8 });
    expect(p.sections.map((s) => s.id)).toEqual(['TP-S1', 'TP-S1-1', 'TP-S2']);
    expect(await get('/api/plans/NOPE', 404)).toEqual({ code: 'not_found', message: 'no plan with id NOPE' });
  });

  it('gives the plan overview: aggregates over targets, sections with subsections, units, attention, recent', async () => {
    const o = await get<PlanOverview>('/api/plans/TP-2026/overview');
    expect(o.asOf).toBe(AS_OF);
    expect(o.plan.id).toBe('TP-2026');
    expect(o.periodElapsed).toBeGreaterThan(0.4);
    expect(o.periodElapsed).toBeLessThan(0.5);
    expect(o.halfway.applicable).toBe(false);
    expect(o.targets).toHaveLength(8);
    const counts = o.aggregate.statusCounts;
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(8);
    expect(counts.stale).toBe(1);

    const clamp = (p: number) => Math.min(100, Math.max(0, p));
    const w = o.targets.reduce((s, x) => s + x.weight, 0);
    expect(o.aggregate.pct).toBeCloseTo(o.targets.reduce((s, x) => s + x.weight * clamp(x.pct), 0) / w, 9);
    expect(o.aggregate.count).toBe(8);

    const s1 = o.sections.find((s) => s.id === 'TP-S1')!;
    expect(s1.aggregate.count).toBe(4);
    expect(o.sections.find((s) => s.id === 'TP-S1-1')!.aggregate.count).toBe(2);
    expect(s1).not.toHaveProperty('planId');

    expect(o.units.map((u) => u.code)).toEqual(['T-JD-A', 'T-JD-A-WG1', 'T-JD-B']);
    const grid = o.units.find((u) => u.code === 'T-JD-A-WG1')!;
    expect(grid).toMatchObject({ name: '第一网格', timeliness: 0 });
    expect(o.units.find((u) => u.code === 'T-JD-A')!.timeliness).toBe(1);

    // Worst first: at risk before stale (nothing is overdue in June).
    expect(o.attention).toEqual(expect.arrayContaining(['TP-TRAIN', 'TP-GRID']));
    expect(o.targets.find((x) => x.code === o.attention[0])!.status).toBe('at_risk');
    expect(o.attention.at(-1)).toBe('TP-GRID');
    for (const code of o.attention)
      expect(['behind', 'at_risk', 'overdue', 'stale']).toContain(o.targets.find((x) => x.code === code)!.status);
    expect(o.recent.length).toBe(20);
    expect(o.recent[0]).toMatchObject({ planId: 'TP-2026' });
  });

  it('answers an unknown plan’s overview with 404', async () => {
    expect(await get('/api/plans/NOPE/overview', 404)).toMatchObject({ code: 'not_found' });
  });

  it('gives a unit with its children and the targets of its subtree', async () => {
    const u = await get<UnitDetail>('/api/units/T-JD-A');
    expect(u).toMatchObject({ code: 'T-JD-A', kind: 'department', parentCode: 'T-JD' });
    expect(u.children.map((c) => c.code)).toEqual(['T-JD-A-WG1']);
    expect(u.targets.map((x) => x.code)).toEqual(['TP-GRID', 'TP-JOBS', 'TP-TRAIN']);
    expect(u.aggregate.count).toBe(3);
    expect((await get<UnitDetail>('/api/units/T')).targets).toHaveLength(8);
    expect(await get('/api/units/NOPE', 404)).toEqual({ code: 'not_found', message: 'no unit with code NOPE' });
    expect(await get('/api/units/a.b', 400)).toMatchObject({ code: 'invalid_request' });
  });

  it('lists every read route in the OpenAPI document', async () => {
    const doc = await get<{ paths: object }>('/api/docs/json');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/plans/{id}',
        '/api/plans/{id}/overview',
        '/api/units',
        '/api/units/{code}',
        '/api/targets',
        '/api/targets/{code}',
        '/api/targets/{code}/series',
        '/api/targets/{code}/events',
      ]),
    );
  });
});

describe('the overview cache', () => {
  it('serves the same overview until an event changes the plan, then the new one', async () => {
    const a = await get<PlanOverview>('/api/plans/TP-2026/overview');
    const b = await get<PlanOverview>('/api/plans/TP-2026/overview');
    expect(b).toEqual(a);
    const before = a.targets.find((x) => x.code === 'TP-TRAIN')!.value;
    await ingest([ev('train-late', 'TP-TRAIN', 7, day(165, 9))]);
    const c = await get<PlanOverview>('/api/plans/TP-2026/overview');
    expect(c.targets.find((x) => x.code === 'TP-TRAIN')!.value).toBe(before + 7);
    expect(c.recent[0]).toMatchObject({ eventId: 'train-late' });
  });
});
