import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '@luoshi/db';
import { isCode, type FieldProblem, type PlanSection } from '@luoshi/shared';
import { HttpError, notFound } from '../http/errors';
import { refuseClosed, type LockedPlan } from './lock';

type Trx = Transaction<Database>;

function problemsOf(raw: Record<string, unknown>, complete: boolean): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const f of ['label', 'title'] as const) {
    if (!complete && !(f in raw)) continue;
    const v = raw[f];
    // A label may be empty (a heading without 一、); a title may not.
    if (typeof v !== 'string' || (f === 'title' && v.trim() === '')) out.push({ field: f, code: 'required', message: `${f}: ${f === 'title' ? 'a section title is required' : 'a text (may be empty)'}` });
    else if (v.length > (f === 'title' ? 300 : 16)) out.push({ field: f, code: 'too_long', message: `${f}: at most ${f === 'title' ? 300 : 16} characters` });
  }
  if ('ordinal' in raw && (typeof raw.ordinal !== 'number' || !Number.isInteger(raw.ordinal) || raw.ordinal < 0 || raw.ordinal > 100_000)) {
    out.push({ field: 'ordinal', code: 'out_of_range', message: 'ordinal: a whole number from 0 to 100000' });
  }
  if ('parentId' in raw && raw.parentId !== null && (typeof raw.parentId !== 'string' || !isCode(raw.parentId))) {
    out.push({ field: 'parentId', code: 'invalid_code', message: 'parentId: a section id of this plan, or null' });
  }
  const unknown = Object.keys(raw).filter((k) => !['label', 'title', 'ordinal', 'parentId'].includes(k));
  for (const k of unknown) out.push({ field: k, code: 'unknown_field', message: `${k}: not a field of a section (label, title, ordinal, parentId)` });
  return out;
}

/** Sections are the plan's structure: a change raises the plan's version (caches and concurrent editors see it). */
async function touch(trx: Trx, plan: LockedPlan): Promise<void> {
  await trx.updateTable('plans').set({ version: plan.version + 1 }).where('id', '=', plan.id).execute();
}

const fieldsError = (problems: FieldProblem[]) => new HttpError(400, problems[0]!.code, problems[0]!.message, { problems });

async function checkParent(trx: Trx, plan: LockedPlan, parentId: string | null, self: string | null): Promise<void> {
  if (parentId === null) return;
  const rows = await trx.selectFrom('plan_sections').select(['id', 'parent_id']).where('plan_id', '=', plan.id).execute();
  const parentOf = new Map(rows.map((r) => [r.id, r.parent_id]));
  if (!parentOf.has(parentId)) throw fieldsError([{ field: 'parentId', code: 'invalid_code', message: `parentId: plan ${plan.id} has no section ${parentId}` }]);
  // Moving a section under itself or one of its own subsections would make a cycle.
  for (let at: string | null | undefined = parentId; at; at = parentOf.get(at)) {
    if (at === self) throw fieldsError([{ field: 'parentId', code: 'invalid_code', message: `parentId: ${parentId} is ${self} or below it` }]);
  }
}

const toSection = (r: { id: string; plan_id: string; parent_id: string | null; label: string; title: string; ordinal: number }): PlanSection => ({
  id: r.id,
  planId: r.plan_id,
  parentId: r.parent_id,
  label: r.label,
  title: r.title,
  ordinal: r.ordinal,
});

export async function createSection(trx: Trx, plan: LockedPlan, raw: Record<string, unknown>): Promise<PlanSection> {
  refuseClosed(plan, 'adding a section');
  const problems = problemsOf(raw, true);
  if (problems.length) throw fieldsError(problems);
  const parentId = (raw.parentId as string | null | undefined) ?? null;
  await checkParent(trx, plan, parentId, null);
  const last = await trx
    .selectFrom('plan_sections')
    .select((eb) => eb.fn.max<number>('ordinal').as('m'))
    .where('plan_id', '=', plan.id)
    .where((eb) => (parentId === null ? eb('parent_id', 'is', null) : eb('parent_id', '=', parentId)))
    .executeTakeFirst();
  const ordinal = typeof raw.ordinal === 'number' ? raw.ordinal : (last?.m ?? -1) + 1;
  const id = `${plan.id.slice(0, 50)}-S${randomBytes(3).toString('hex').toUpperCase()}`;
  const row = await trx
    .insertInto('plan_sections')
    .values({ id, plan_id: plan.id, parent_id: parentId, label: (raw.label as string).trim(), title: (raw.title as string).trim(), ordinal })
    .returningAll()
    .executeTakeFirstOrThrow();
  await touch(trx, plan);
  return toSection(row);
}

export async function patchSection(trx: Trx, plan: LockedPlan, id: string, raw: Record<string, unknown>): Promise<PlanSection> {
  refuseClosed(plan, 'changing its sections');
  const cur = await trx.selectFrom('plan_sections').selectAll().where('id', '=', id).where('plan_id', '=', plan.id).executeTakeFirst();
  if (!cur) throw notFound(`plan ${plan.id} has no section ${id}`);
  const problems = problemsOf(raw, false);
  if (problems.length) throw fieldsError(problems);
  if ('parentId' in raw) await checkParent(trx, plan, raw.parentId as string | null, id);
  const row = await trx
    .updateTable('plan_sections')
    .set({
      label: typeof raw.label === 'string' ? raw.label.trim() : cur.label,
      title: typeof raw.title === 'string' ? raw.title.trim() : cur.title,
      ordinal: typeof raw.ordinal === 'number' ? raw.ordinal : cur.ordinal,
      parent_id: 'parentId' in raw ? (raw.parentId as string | null) : cur.parent_id,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await touch(trx, plan);
  return toSection(row);
}

/** Only an empty section goes: targets and subsections are moved or removed first (the refusal counts them). */
export async function deleteSection(trx: Trx, plan: LockedPlan, id: string): Promise<void> {
  refuseClosed(plan, 'removing a section');
  const cur = await trx.selectFrom('plan_sections').select('id').where('id', '=', id).where('plan_id', '=', plan.id).executeTakeFirst();
  if (!cur) throw notFound(`plan ${plan.id} has no section ${id}`);
  const [t, s] = await Promise.all([
    trx.selectFrom('targets').select((eb) => eb.fn.countAll<string>().as('n')).where('section_id', '=', id).executeTakeFirstOrThrow(),
    trx.selectFrom('plan_sections').select((eb) => eb.fn.countAll<string>().as('n')).where('parent_id', '=', id).executeTakeFirstOrThrow(),
  ]);
  const refs = { targets: Number(t.n), sections: Number(s.n) };
  if (refs.targets + refs.sections > 0) {
    throw new HttpError(409, 'section_in_use', `section ${id} holds ${refs.targets} target(s) and ${refs.sections} subsection(s); move them first`, { references: refs });
  }
  await trx.deleteFrom('plan_sections').where('id', '=', id).execute();
  await touch(trx, plan);
}
