import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, PlanSectionsTable, PlansTable, TargetsTable } from '@luoshi/db';

type Db = Kysely<Database> | Transaction<Database>;

export async function existingUnitCodes(db: Db, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db
    .selectFrom('units')
    .select('code')
    .where('code', 'in', [...codes])
    .execute();
  return new Set(rows.map((r) => r.code));
}

export async function planExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom('plans').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** Which of these ids are taken, as target codes or section ids (both are global keys). */
export async function takenKeys(
  db: Db,
  targetCodes: readonly string[],
  sectionIds: readonly string[],
): Promise<string[]> {
  const [targets, sections] = await Promise.all([
    targetCodes.length === 0
      ? []
      : db
          .selectFrom('targets')
          .select('code as key')
          .where('code', 'in', [...targetCodes])
          .execute(),
    sectionIds.length === 0
      ? []
      : db
          .selectFrom('plan_sections')
          .select('id as key')
          .where('id', 'in', [...sectionIds])
          .execute(),
  ]);
  return [...targets, ...sections].map((r) => r.key);
}

/**
 * Writes a draft plan, its sections and targets, and each target's rollup at baseline, as the
 * seed loader does. The caller runs this inside its transaction.
 */
export async function insertDraftPlan(
  trx: Transaction<Database>,
  plan: Insertable<PlansTable>,
  sections: Insertable<PlanSectionsTable>[],
  targets: Insertable<TargetsTable>[],
): Promise<void> {
  await trx.insertInto('plans').values(plan).execute();
  await insertSectionsAndTargets(trx, sections, targets);
}

/** The plan row, locked until the transaction ends, so two appends to one draft number their codes one after the other. */
export async function lockPlan(trx: Transaction<Database>, id: string) {
  return trx
    .selectFrom('plans')
    .select(['id', 'title', 'owner_unit', 'period_start', 'period_end', 'status'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** The target codes and section ids a plan already has (to continue their numbering). */
export async function planKeys(db: Db, planId: string): Promise<{ targetCodes: string[]; sectionIds: string[] }> {
  const [targets, sections] = await Promise.all([
    db.selectFrom('targets').select('code').where('plan_id', '=', planId).execute(),
    db.selectFrom('plan_sections').select('id').where('plan_id', '=', planId).execute(),
  ]);
  return { targetCodes: targets.map((t) => t.code), sectionIds: sections.map((s) => s.id) };
}

/** Sections, targets and each target's rollup at baseline, as the seed loader writes them. */
export async function insertSectionsAndTargets(
  trx: Transaction<Database>,
  sections: Insertable<PlanSectionsTable>[],
  targets: Insertable<TargetsTable>[],
): Promise<void> {
  // Parents come before children in `sections`, so one multi-row insert satisfies the self reference.
  if (sections.length > 0) await trx.insertInto('plan_sections').values(sections).execute();
  await trx.insertInto('targets').values(targets).execute();
  await trx
    .insertInto('target_rollups')
    .values(
      targets.map((t) => ({
        target_code: t.code,
        value: t.baseline ?? 0,
        event_count: 0,
        version: 0,
        last_occurred_at: null,
        last_reading_at: null,
        last_reading_id: null,
      })),
    )
    .execute();
}
