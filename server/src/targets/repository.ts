import { sql, type Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import type { SeriesPoint, TargetWithRollup } from '@luoshi/shared';

/** Targets with their rollups, as every read view needs them. */
export function targetsWithRollups(db: Kysely<Database>) {
  return db
    .selectFrom('targets as t')
    .innerJoin('target_rollups as r', 'r.target_code', 't.code')
    .select([
      't.code',
      't.plan_id as planId',
      't.section_id as sectionId',
      't.owner_unit as ownerUnit',
      't.title',
      't.uom',
      't.measure_kind as measureKind',
      't.direction',
      't.baseline',
      't.target_value as targetValue',
      't.start_date as startDate',
      't.due_date as dueDate',
      't.weight',
      'r.value',
      'r.version',
      'r.event_count as eventCount',
      'r.last_occurred_at as lastOccurredAt',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof targetsWithRollups>['executeTakeFirstOrThrow']>>;

/** The one place a row becomes the API shape, so the two cannot drift. */
function toView(r: Row): TargetWithRollup {
  return {
    ...r,
    measureKind: r.measureKind as TargetWithRollup['measureKind'],
    direction: r.direction as TargetWithRollup['direction'],
    lastOccurredAt: r.lastOccurredAt ? new Date(r.lastOccurredAt).toISOString() : null,
  };
}

export async function listTargets(db: Kysely<Database>, planId?: string): Promise<TargetWithRollup[]> {
  const rows = await targetsWithRollups(db)
    .$if(planId !== undefined, (q) => q.where('t.plan_id', '=', planId!))
    .orderBy('t.code')
    .execute();
  return rows.map(toView);
}

export async function getTarget(db: Kysely<Database>, code: string): Promise<TargetWithRollup | undefined> {
  const row = await targetsWithRollups(db).where('t.code', '=', code).executeTakeFirst();
  return row && toView(row);
}

/**
 * Daily series of a target's value in China time: for cumulative targets the running
 * sum of increments and corrections, for readings the last reading of each day.
 */
export async function dailySeries(db: Kysely<Database>, code: string, measureKind: string, baseline: number): Promise<SeriesPoint[]> {
  const day = sql<string>`to_char(occurred_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`;
  if (measureKind === 'reading') {
    const rows = await db
      .selectFrom('events')
      .select([day.as('date'), sql<number>`(array_agg(value order by occurred_at desc, id desc))[1]`.as('value')])
      .where('target_code', '=', code)
      .where('kind', '=', 'reading')
      .groupBy(day)
      .orderBy(day)
      .execute();
    return rows.map((r) => ({ date: r.date, value: Number(r.value) }));
  }
  const rows = await db
    .selectFrom('events')
    .select([day.as('date'), sql<number>`sum(value)`.as('delta')])
    .where('target_code', '=', code)
    .where('kind', 'in', ['increment', 'correction'])
    .groupBy(day)
    .orderBy(day)
    .execute();
  let running = baseline;
  return rows.map((r) => ({ date: r.date, value: (running += Number(r.delta)) }));
}
