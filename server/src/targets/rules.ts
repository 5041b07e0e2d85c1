import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '@luoshi/db';
import type { Direction, MeasureKind, RuleTarget } from '@luoshi/shared';

/**
 * The targets an event is judged against (shared `RuleTarget`), with what door and ingest
 * need besides: owner, plan, title. One loader for both, so they read the same fields.
 */
export interface JudgedTarget extends RuleTarget {
  ownerUnit: string;
  title: string;
  direction: Direction;
}

export async function loadRuleTargets(db: Kysely<Database> | Transaction<Database>, codes: readonly string[]): Promise<Map<string, JudgedTarget>> {
  const out = new Map<string, JudgedTarget>();
  if (codes.length === 0) return out;
  const rows = await db
    .selectFrom('targets as t')
    .innerJoin('plans as p', 'p.id', 't.plan_id')
    .select([
      't.code',
      't.owner_unit as ownerUnit',
      't.plan_id as planId',
      'p.status as planStatus',
      't.status as lifecycle',
      't.measure_kind as measureKind',
      't.target_value as targetValue',
      't.baseline',
      't.direction',
      't.title',
      't.uom',
      'p.period_start as periodStart',
      'p.period_end as periodEnd',
    ])
    .where('t.code', 'in', [...codes])
    .execute();
  for (const r of rows) out.set(r.code, { ...r, measureKind: r.measureKind as MeasureKind, direction: r.direction as Direction });
  return out;
}

/**
 * Each target's value in force (its rollup), which the bounds judge increments and
 * corrections against. With `lock` (ingest, inside its write transaction) the rollup rows
 * of the targets and of the ratio targets built on them are locked, in code order — the
 * order the rollup updates take too, so two batches never deadlock — and a concurrent
 * batch waits: two batches cannot both pass a limit only one of them fits under.
 */
export async function loadTotals(
  db: Kysely<Database> | Transaction<Database>,
  codes: readonly string[],
  lock: boolean,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (codes.length === 0) return out;
  const list = [...codes];
  const res = lock
    ? await sql<{ code: string; value: number }>`
        select r.target_code as code, r.value from target_rollups r
        where r.target_code = any(${list}::text[])
           or r.target_code in (select t.code from targets t where t.ratio_numerator = any(${list}::text[]) or t.ratio_denominator = any(${list}::text[]))
        order by r.target_code collate "C"
        for update`.execute(db)
    : await sql<{ code: string; value: number }>`
        select r.target_code as code, r.value from target_rollups r where r.target_code = any(${list}::text[])`.execute(db);
  for (const r of res.rows) out.set(r.code, Number(r.value));
  return out;
}
