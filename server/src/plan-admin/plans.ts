import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '@luoshi/db';
import { carriedValue, isCode, isYmd, mayTransition, publishGaps, shiftYears, type EditablePlan, type FieldProblem, type PlanStatus } from '@luoshi/shared';
import { HttpError } from '../http/errors';
import { lockPlan, refuseClosed, type LockedPlan } from './lock';

type Trx = Transaction<Database>;

export const toEditable = (p: LockedPlan): EditablePlan => ({
  id: p.id,
  title: p.title,
  ownerUnit: p.owner_unit,
  periodStart: p.period_start,
  periodEnd: p.period_end,
  status: p.status as PlanStatus,
  version: p.version,
});

function fieldsError(problems: FieldProblem[]): HttpError {
  return new HttpError(400, problems[0]!.code, `${problems[0]!.message}${problems.length > 1 ? `; ${problems.length - 1} more in "problems"` : ''}`, { problems });
}

/** Plan fields: title, ownerUnit (an active unit), period (ordered dates). */
async function planProblems(trx: Trx, raw: Record<string, unknown>, complete: boolean): Promise<FieldProblem[]> {
  const out: FieldProblem[] = [];
  const has = (k: string) => k in raw;
  if (complete || has('title')) {
    const t = raw.title;
    if (typeof t !== 'string' || t.trim() === '') out.push({ field: 'title', code: 'required', message: 'title: a plan title is required' });
    else if (t.length > 200) out.push({ field: 'title', code: 'too_long', message: 'title: at most 200 characters' });
  }
  if (complete || has('ownerUnit')) {
    const u = raw.ownerUnit;
    if (typeof u !== 'string' || !isCode(u)) out.push({ field: 'ownerUnit', code: 'invalid_code', message: 'ownerUnit: a unit code is required' });
    else {
      const unit = await trx.selectFrom('units').select(['code', 'active']).where('code', '=', u).executeTakeFirst();
      if (!unit || !unit.active) out.push({ field: 'ownerUnit', code: 'invalid_code', message: `ownerUnit: no active unit with code ${u}` });
    }
  }
  for (const f of ['periodStart', 'periodEnd'] as const) {
    if (complete || has(f)) {
      const d = raw[f];
      if (typeof d !== 'string' || !isYmd(d)) out.push({ field: f, code: 'invalid_date', message: `${f}: a date YYYY-MM-DD is required` });
    }
  }
  if (complete && has('id') && (typeof raw.id !== 'string' || !isCode(raw.id) || raw.id.length > 59)) {
    out.push({ field: 'id', code: 'invalid_code', message: 'id: letters, digits, - and _ (at most 59), or leave it out' });
  }
  return out;
}

export async function createPlan(trx: Trx, raw: Record<string, unknown>): Promise<EditablePlan> {
  const problems = await planProblems(trx, raw, true);
  if (problems.length === 0 && (raw.periodStart as string) > (raw.periodEnd as string)) {
    problems.push({ field: 'periodEnd', code: 'date_order', message: `periodEnd: ${String(raw.periodEnd)} is before periodStart ${String(raw.periodStart)}` });
  }
  if (problems.length > 0) throw fieldsError(problems);
  const id = typeof raw.id === 'string' ? raw.id : `P-${String(raw.periodStart).slice(0, 4)}-${randomBytes(3).toString('hex').toUpperCase()}`;
  const inserted = await trx
    .insertInto('plans')
    .values({ id, title: (raw.title as string).trim(), owner_unit: raw.ownerUnit as string, period_start: raw.periodStart as string, period_end: raw.periodEnd as string, status: 'draft' })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) throw new HttpError(409, 'duplicate_plan', `id: a plan with id ${id} exists`, { problems: [{ field: 'id', code: 'duplicate_plan', message: `id: a plan with id ${id} exists` }] });
  return toEditable(await lockPlan(trx, id));
}

/** Title of any open plan; owner and period of a draft only (published reports depend on them). */
export async function patchPlan(trx: Trx, plan: LockedPlan, raw: Record<string, unknown>): Promise<{ plan: EditablePlan; changed: Record<string, [unknown, unknown]> }> {
  refuseClosed(plan, 'changing it');
  const allowed = plan.status === 'draft' ? ['title', 'ownerUnit', 'periodStart', 'periodEnd'] : ['title'];
  const unknown = Object.keys(raw).filter((k) => k !== 'version' && !allowed.includes(k));
  if (unknown.length > 0) {
    const fixed = plan.status === 'draft' ? '' : ' (owner unit and period are fixed once a plan is published)';
    throw new HttpError(400, 'invalid_request', `${unknown.join(', ')}: not changeable on a ${plan.status} plan${fixed}`);
  }
  const problems = await planProblems(trx, raw, false);
  const start = (raw.periodStart as string | undefined) ?? plan.period_start;
  const end = (raw.periodEnd as string | undefined) ?? plan.period_end;
  if (problems.length === 0 && start > end) problems.push({ field: 'periodEnd', code: 'date_order', message: `periodEnd: ${end} is before periodStart ${start}` });
  if (problems.length > 0) throw fieldsError(problems);
  const next = { title: typeof raw.title === 'string' ? raw.title.trim() : plan.title, owner_unit: (raw.ownerUnit as string | undefined) ?? plan.owner_unit, period_start: start, period_end: end };
  const changed: Record<string, [unknown, unknown]> = {};
  for (const k of ['title', 'owner_unit', 'period_start', 'period_end'] as const) if (next[k] !== plan[k]) changed[k] = [plan[k], next[k]];
  await trx.updateTable('plans').set({ ...next, version: plan.version + 1 }).where('id', '=', plan.id).execute();
  return { plan: toEditable(await lockPlan(trx, plan.id)), changed };
}

export async function transition(trx: Trx, plan: LockedPlan, to: 'published' | 'closed'): Promise<EditablePlan> {
  if (!mayTransition(plan.status, to)) {
    const hint = plan.status === 'published' ? 'a published plan can only be closed' : plan.status === 'closed' ? 'a closed plan is final' : 'a draft is published first';
    throw new HttpError(409, 'invalid_transition', `plan ${plan.id} is ${plan.status}; it cannot become ${to} (${hint})`);
  }
  if (to === 'published') {
    const [targets, units] = await Promise.all([
      trx.selectFrom('targets').select(['code', 'owner_unit as ownerUnit', 'target_value as targetValue', 'due_date as dueDate']).where('plan_id', '=', plan.id).orderBy('code').execute(),
      trx.selectFrom('units').select('code').where('active', '=', true).execute(),
    ]);
    const gaps = publishGaps({ periodStart: plan.period_start, periodEnd: plan.period_end }, targets, new Set(units.map((u) => u.code)));
    if (gaps.length > 0) {
      throw new HttpError(400, 'plan_incomplete', `plan ${plan.id} is not complete: ${gaps.map((g) => g.message).join('; ')}`, { missing: gaps });
    }
  }
  await trx.updateTable('plans').set({ status: to, version: plan.version + 1 }).where('id', '=', plan.id).execute();
  return toEditable(await lockPlan(trx, plan.id));
}

/** A draft only; nothing may point at it (screens, reports). Returns what was removed. */
export async function deleteDraft(trx: Trx, plan: LockedPlan): Promise<{ targets: number; sections: number }> {
  if (plan.status !== 'draft') throw new HttpError(409, 'invalid_transition', `plan ${plan.id} is ${plan.status}; only a draft can be deleted (a published plan is closed instead)`);
  const codes = (await trx.selectFrom('targets').select('code').where('plan_id', '=', plan.id).execute()).map((r) => r.code);
  const [screens, events, foreignRatios] = await Promise.all([
    trx.selectFrom('screens').select((eb) => eb.fn.countAll<string>().as('n')).where('plan_id', '=', plan.id).executeTakeFirstOrThrow(),
    codes.length ? trx.selectFrom('events').select((eb) => eb.fn.countAll<string>().as('n')).where('target_code', 'in', codes).executeTakeFirstOrThrow() : { n: '0' },
    codes.length
      ? trx.selectFrom('targets').select((eb) => eb.fn.countAll<string>().as('n')).where('plan_id', '<>', plan.id).where((eb) => eb.or([eb('ratio_numerator', 'in', codes), eb('ratio_denominator', 'in', codes)])).executeTakeFirstOrThrow()
      : { n: '0' },
  ]);
  const refs = { screens: Number(screens.n), events: Number(events.n), ratioTargets: Number(foreignRatios.n) };
  if (refs.screens + refs.events + refs.ratioTargets > 0) {
    throw new HttpError(409, 'plan_in_use', `plan ${plan.id} is referred to by ${refs.screens} screen(s), ${refs.events} report(s) and ${refs.ratioTargets} ratio target(s) of other plans; point those elsewhere first`, { references: refs });
  }
  if (codes.length) {
    await trx.deleteFrom('target_changes').where('target_code', 'in', codes).execute();
    await trx.deleteFrom('target_daily').where('target_code', 'in', codes).execute();
    await trx.deleteFrom('target_rollups').where('target_code', 'in', codes).execute();
  }
  // One statement each: the self references (ratio parts, section parents) are checked at its end.
  const t = await trx.deleteFrom('targets').where('plan_id', '=', plan.id).executeTakeFirst();
  const s = await trx.deleteFrom('plan_sections').where('plan_id', '=', plan.id).executeTakeFirst();
  await trx.deleteFrom('plans').where('id', '=', plan.id).execute();
  return { targets: Number(t.numDeletedRows), sections: Number(s.numDeletedRows) };
}

/**
 * Next year's plan: a draft for the following period with the same sections and targets,
 * every date shifted by whole years. Cancelled targets stay behind. With `carryRemaining`,
 * an unfinished cumulative target's value grows by what is left of this year's.
 */
export async function rollover(
  trx: Trx,
  source: LockedPlan,
  raw: Record<string, unknown>,
): Promise<{ id: string; targetCodes: string[] }> {
  if (source.status === 'draft') throw new HttpError(409, 'invalid_transition', `plan ${source.id} is a draft; next year's plan starts from a published or closed plan`);
  const years = Math.max(1, Number(source.period_end.slice(0, 4)) - Number(source.period_start.slice(0, 4)) + 1);
  const start = shiftYears(source.period_start, years);
  const end = shiftYears(source.period_end, years);
  const id = typeof raw.id === 'string' ? raw.id : `${source.id.replace(/-?\d{4}$/, '')}-${start.slice(0, 4)}`;
  if (!isCode(id) || id.length > 59) throw new HttpError(400, 'invalid_code', 'id: letters, digits, - and _ (at most 59)');
  const title = typeof raw.title === 'string' && raw.title.trim() ? raw.title.trim() : source.title.replace(String(source.period_start.slice(0, 4)), start.slice(0, 4));
  const carry = raw.carryRemaining === true;
  const exists = await trx.selectFrom('plans').select('id').where('id', '=', id).executeTakeFirst();
  if (exists) throw new HttpError(409, 'duplicate_plan', `id: a plan with id ${id} exists (give another id)`);

  await trx.insertInto('plans').values({ id, title, owner_unit: source.owner_unit, period_start: start, period_end: end, status: 'draft' }).execute();
  const sections = await trx.selectFrom('plan_sections').selectAll().where('plan_id', '=', source.id).execute();
  const sectionMap = new Map(sections.map((s, i) => [s.id, `${id}-S${i + 1}`]));
  // Parents first: insert in an order where every parent precedes its children.
  const ordered: typeof sections = [];
  const place = (parent: string | null) => {
    for (const s of sections.filter((x) => x.parent_id === parent)) {
      ordered.push(s);
      place(s.id);
    }
  };
  place(null);
  if (ordered.length) {
    await trx
      .insertInto('plan_sections')
      .values(ordered.map((s) => ({ id: sectionMap.get(s.id)!, plan_id: id, parent_id: s.parent_id ? sectionMap.get(s.parent_id)! : null, label: s.label, title: s.title, ordinal: s.ordinal })))
      .execute();
  }
  const targets = await trx
    .selectFrom('targets as t')
    .innerJoin('target_rollups as r', 'r.target_code', 't.code')
    .selectAll('t')
    .select('r.value as current')
    .where('t.plan_id', '=', source.id)
    .where('t.status', '=', 'active')
    .orderBy('t.code')
    .execute();
  const codeMap = new Map(targets.map((t, i) => [t.code, `${id}-${String(i + 1).padStart(3, '0')}`]));
  const taken = codeMap.size ? await trx.selectFrom('targets').select('code').where('code', 'in', [...codeMap.values()]).execute() : [];
  if (taken.length) throw new HttpError(409, 'duplicate_plan', `target code ${taken[0]!.code} is taken; give the new plan another id`);
  const rows = targets.map((t) => ({
    code: codeMap.get(t.code)!,
    plan_id: id,
    section_id: t.section_id ? (sectionMap.get(t.section_id) ?? null) : null,
    owner_unit: t.owner_unit,
    title: t.title,
    uom: t.uom,
    measure_kind: t.measure_kind,
    direction: t.direction,
    baseline: t.measure_kind === 'reading' ? t.current : t.baseline,
    target_value: carry ? carriedValue({ targetValue: t.target_value, current: t.current, direction: t.direction, measureKind: t.measure_kind }) : t.target_value,
    start_date: shiftYears(t.start_date, years),
    due_date: shiftYears(t.due_date, years),
    weight: t.weight,
    milestones: JSON.stringify(t.milestones.map((m) => ({ date: shiftYears(m.date, years), value: m.value }))),
    reporting_interval_days: t.reporting_interval_days,
    // A ratio's parts move with it when they move too; otherwise the new draft has none (to be set).
    ratio_numerator: t.ratio_numerator ? (codeMap.get(t.ratio_numerator) ?? null) : null,
    ratio_denominator: t.ratio_denominator ? (codeMap.get(t.ratio_denominator) ?? null) : null,
    source_sentence: t.source_sentence,
  }));
  if (rows.length) {
    // Ratio parts refer to targets of the same insert: one statement satisfies the reference.
    await trx.insertInto('targets').values(rows).execute();
    await trx.insertInto('target_rollups').values(rows.map((r) => ({ target_code: r.code, value: r.baseline, event_count: 0, version: 0 }))).execute();
  }
  return { id, targetCodes: rows.map((r) => r.code) };
}

