import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import type { Screen, ScreenInput, ScreenProblem, ScreenProblemParams, ScreenView } from '@luoshi/shared';

type Row = { id: string; title: string; plan_id: string; rotation_seconds: number; views: unknown; created_at: Date; updated_at: Date };

const toScreen = (r: Row): Screen => ({
  id: r.id,
  title: r.title,
  planId: r.plan_id,
  rotationSeconds: r.rotation_seconds,
  views: r.views as ScreenView[],
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

const columns = ['id', 'title', 'plan_id', 'rotation_seconds', 'views', 'created_at', 'updated_at'] as const;

export async function listScreens(db: Kysely<Database>): Promise<Screen[]> {
  return (await db.selectFrom('screens').select(columns).orderBy('id').execute()).map(toScreen);
}

export async function getScreen(db: Kysely<Database>, id: string): Promise<Screen | null> {
  const row = await db.selectFrom('screens').select(columns).where('id', '=', id).executeTakeFirst();
  return row ? toScreen(row) : null;
}

/** Inserts a new screen; null when the id is taken. */
export async function insertScreen(db: Kysely<Database>, s: ScreenInput): Promise<Screen | null> {
  const row = await db
    .insertInto('screens')
    .values({ id: s.id, title: s.title.trim(), plan_id: s.planId, rotation_seconds: s.rotationSeconds, views: JSON.stringify(s.views) })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning(columns)
    .executeTakeFirst();
  return row ? toScreen(row) : null;
}

/** Replaces a screen's configuration; null when there is no such screen. */
export async function updateScreen(db: Kysely<Database>, s: ScreenInput): Promise<Screen | null> {
  const row = await db
    .updateTable('screens')
    .set({ title: s.title.trim(), plan_id: s.planId, rotation_seconds: s.rotationSeconds, views: JSON.stringify(s.views), updated_at: new Date() })
    .where('id', '=', s.id)
    .returning(columns)
    .executeTakeFirst();
  return row ? toScreen(row) : null;
}

/**
 * The second check, against the database: the plan exists, every section view names a
 * section of that plan, every unit view a unit owning some of its targets and every target
 * view one of its targets. Null when all is well, else the field and a sentence.
 */
export async function checkAgainstPlan(
  db: Kysely<Database>,
  s: ScreenInput,
): Promise<{ field: string; code: ScreenProblem; params: ScreenProblemParams; message: string } | null> {
  const plan = await db.selectFrom('plans').select('id').where('id', '=', s.planId).executeTakeFirst();
  if (!plan) return { field: 'planId', code: 'unknown_plan', params: { plan: s.planId }, message: `planId: no plan ${s.planId}` };
  const [sections, targets] = await Promise.all([
    db.selectFrom('plan_sections').select('id').where('plan_id', '=', s.planId).execute(),
    db.selectFrom('targets').select(['code', 'owner_unit']).where('plan_id', '=', s.planId).execute(),
  ]);
  const sectionIds = new Set(sections.map((r) => r.id));
  const codes = new Set(targets.map((r) => r.code));
  const units = new Set(targets.map((r) => r.owner_unit));
  for (const [i, v] of s.views.entries()) {
    if (v.kind === 'section' && !sectionIds.has(v.sectionId)) {
      return { field: `views[${i}].sectionId`, code: 'unknown_section', params: { view: i + 1, value: v.sectionId }, message: `views[${i}].sectionId: plan ${s.planId} has no section ${v.sectionId}` };
    }
    if (v.kind === 'unit' && !units.has(v.unit)) {
      return { field: `views[${i}].unit`, code: 'unknown_unit', params: { view: i + 1, value: v.unit }, message: `views[${i}].unit: no target of plan ${s.planId} is owned by unit ${v.unit}` };
    }
    if (v.kind === 'target' && !codes.has(v.target)) {
      return { field: `views[${i}].target`, code: 'unknown_target', params: { view: i + 1, value: v.target }, message: `views[${i}].target: plan ${s.planId} has no target ${v.target}` };
    }
  }
  return null;
}
