import { sql, type Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import type { PlanSection, PlanStatus, PlanSummary } from '@luoshi/shared';

/** The columns of a PlanSummary, named as the API names them (one list for the list and the single plan). */
const SUMMARY_COLUMNS = [
  'id',
  'title',
  'owner_unit as ownerUnit',
  'period_start as periodStart',
  'period_end as periodEnd',
  'status',
] as const;

export async function listPlans(db: Kysely<Database>): Promise<PlanSummary[]> {
  const rows = await db.selectFrom('plans').select(SUMMARY_COLUMNS).orderBy('id').execute();
  return rows.map((r) => ({ ...r, status: r.status as PlanStatus }));
}

export async function getPlan(db: Kysely<Database>, id: string): Promise<PlanSummary | undefined> {
  const r = await db.selectFrom('plans').select(SUMMARY_COLUMNS).where('id', '=', id).executeTakeFirst();
  return r && { ...r, status: r.status as PlanStatus };
}

/** A plan's sections in document order: parents before children, by ordinal. */
export async function planSections(db: Kysely<Database>, planId: string): Promise<PlanSection[]> {
  const rows = await db
    .selectFrom('plan_sections')
    .select(['id', 'plan_id as planId', 'parent_id as parentId', 'label', 'title', 'ordinal'])
    .where('plan_id', '=', planId)
    .execute();
  const children = new Map<string | null, PlanSection[]>();
  for (const r of rows) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r]);
  const out: PlanSection[] = [];
  const walk = (parent: string | null): void => {
    for (const s of (children.get(parent) ?? []).sort((a, b) => a.ordinal - b.ordinal || (a.id < b.id ? -1 : 1))) {
      out.push(s);
      walk(s.id);
    }
  };
  walk(null);
  // Sections whose parent is missing (should not happen) still appear, at the end.
  for (const r of rows) if (!out.includes(r)) out.push(r);
  return out;
}

/** A section's id and its descendants' ids; [] when it does not exist. */
export async function sectionSubtree(db: Kysely<Database>, id: string): Promise<string[]> {
  const res = await sql<{ id: string }>`
    with recursive tree as (
      select id from plan_sections where id = ${id}
      union all
      select s.id from plan_sections s join tree on s.parent_id = tree.id
    )
    select id from tree`.execute(db);
  return res.rows.map((r) => r.id);
}
