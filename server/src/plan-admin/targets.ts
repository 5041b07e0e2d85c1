import { randomBytes } from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import type { Database, TargetsTable } from '@luoshi/db';
import {
  ADJUSTED_FIELDS,
  isCode,
  reasonProblem,
  TARGET_FIELDS,
  targetFieldProblems,
  type EditableTarget,
  type FieldProblem,
  type MeasureKind,
  type Principal,
  type TargetField,
  type TargetFields,
} from '@luoshi/shared';
import { HttpError, notFound } from '../http/errors';
import { checkVersion, lockPlan, refuseClosed, type LockedPlan } from './lock';
import { chinaToday } from '../targets/state';

type Trx = Transaction<Database>;
type Row = Selectable<TargetsTable>;

/** API field → column. */
const COLUMN: Record<TargetField, keyof Row> = {
  title: 'title',
  sectionId: 'section_id',
  ownerUnit: 'owner_unit',
  measureKind: 'measure_kind',
  uom: 'uom',
  baseline: 'baseline',
  targetValue: 'target_value',
  direction: 'direction',
  startDate: 'start_date',
  dueDate: 'due_date',
  weight: 'weight',
  milestones: 'milestones',
  reportingIntervalDays: 'reporting_interval_days',
  ratioNumerator: 'ratio_numerator',
  ratioDenominator: 'ratio_denominator',
};

export function toEditableTarget(r: Row, eventCount: number): EditableTarget {
  const out = { code: r.code, planId: r.plan_id, lifecycle: r.status === 'cancelled' ? 'cancelled' : 'active', cancelReason: r.cancel_reason, version: r.version, eventCount } as EditableTarget;
  for (const f of TARGET_FIELDS) (out as unknown as Record<string, unknown>)[f] = r[COLUMN[f]];
  return out;
}

function fieldsError(problems: FieldProblem[]): HttpError {
  return new HttpError(400, problems[0]!.code, `${problems[0]!.message}${problems.length > 1 ? `; ${problems.length - 1} more in "problems"` : ''}`, { problems });
}

async function eventCount(trx: Trx, code: string): Promise<number> {
  const r = await trx.selectFrom('events').select((eb) => eb.fn.countAll<string>().as('n')).where('target_code', '=', code).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Lock a target and its plan (plan first, always, so two edits never deadlock). */
export async function lockTarget(trx: Trx, code: string): Promise<{ plan: LockedPlan; row: Row }> {
  const head = await trx.selectFrom('targets').select('plan_id').where('code', '=', code).executeTakeFirst();
  if (!head) throw notFound(`no target with code ${code}`);
  const plan = await lockPlan(trx, head.plan_id);
  const row = await trx.selectFrom('targets').selectAll().where('code', '=', code).forUpdate().executeTakeFirstOrThrow();
  return { plan, row };
}

/**
 * The checks that need the database and the whole definition: units exist and are active,
 * the section is the plan's, dates inside the period, a ratio's parts are other targets of
 * the same plan.
 */
async function contextProblems(trx: Trx, plan: LockedPlan, code: string, next: TargetFields, touched: Set<string>): Promise<FieldProblem[]> {
  const out: FieldProblem[] = [];
  if (touched.has('ownerUnit')) {
    const u = await trx.selectFrom('units').select(['code', 'active']).where('code', '=', next.ownerUnit).executeTakeFirst();
    if (!u || !u.active) out.push({ field: 'ownerUnit', code: 'invalid_code', message: `ownerUnit: no active unit with code ${next.ownerUnit}` });
  }
  if (touched.has('sectionId') && next.sectionId !== null) {
    const s = await trx.selectFrom('plan_sections').select('id').where('id', '=', next.sectionId).where('plan_id', '=', plan.id).executeTakeFirst();
    if (!s) out.push({ field: 'sectionId', code: 'invalid_code', message: `sectionId: plan ${plan.id} has no section ${next.sectionId}` });
  }
  for (const f of ['startDate', 'dueDate'] as const) {
    if (touched.has(f) && (next[f] < plan.period_start || next[f] > plan.period_end)) {
      out.push({ field: f, code: 'out_of_range', message: `${f}: ${next[f]} is outside the plan period ${plan.period_start}..${plan.period_end}` });
    }
  }
  if (next.startDate > next.dueDate && !out.some((p) => p.field === 'dueDate')) out.push({ field: 'dueDate', code: 'date_order', message: `dueDate: ${next.dueDate} is before startDate ${next.startDate}` });
  if (next.measureKind === 'ratio') {
    for (const f of ['ratioNumerator', 'ratioDenominator'] as const) {
      const part = next[f];
      if (!part) out.push({ field: f, code: 'required', message: `${f}: a ratio target names its two parts` });
      else if (part === code) out.push({ field: f, code: 'invalid_code', message: `${f}: a ratio cannot be a part of itself` });
      else if (touched.has(f)) {
        const t = await trx.selectFrom('targets').select(['code', 'measure_kind']).where('code', '=', part).where('plan_id', '=', plan.id).executeTakeFirst();
        if (!t) out.push({ field: f, code: 'invalid_code', message: `${f}: plan ${plan.id} has no target ${part}` });
        else if (t.measure_kind === 'ratio') out.push({ field: f, code: 'invalid_code', message: `${f}: ${part} is itself a ratio` });
      }
    }
  }
  return out;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function patchFields(raw: Record<string, unknown>): Partial<TargetFields> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if ((TARGET_FIELDS as readonly string[]).includes(k)) out[k] = typeof v === 'string' && k !== 'sectionId' ? v.trim() : v;
  }
  return out as Partial<TargetFields>;
}

export async function createTarget(trx: Trx, plan: LockedPlan, raw: Record<string, unknown>, who: Principal, at: Date): Promise<EditableTarget> {
  refuseClosed(plan, 'adding a target');
  const problems = targetFieldProblems(raw, true);
  if ('code' in raw && (typeof raw.code !== 'string' || !isCode(raw.code))) problems.push({ field: 'code', code: 'invalid_code', message: 'code: letters, digits, - and _ (or leave it out)' });
  if (plan.status === 'published') {
    const r = reasonProblem(raw.reason);
    if (r) problems.push({ ...r, message: 'reason: a target added to a published plan is an adjustment and needs a reason' });
  }
  if (problems.length > 0) throw fieldsError(problems);
  const p = patchFields(raw);
  const next: TargetFields = {
    title: p.title!,
    sectionId: p.sectionId ?? null,
    ownerUnit: p.ownerUnit!,
    measureKind: p.measureKind ?? 'cumulative',
    uom: p.uom!,
    baseline: p.baseline ?? 0,
    targetValue: p.targetValue!,
    direction: p.direction ?? 'up',
    startDate: p.startDate ?? plan.period_start,
    dueDate: p.dueDate!,
    weight: p.weight ?? 1,
    milestones: p.milestones ?? [],
    reportingIntervalDays: p.reportingIntervalDays ?? 30,
    ratioNumerator: p.ratioNumerator ?? null,
    ratioDenominator: p.ratioDenominator ?? null,
  };
  const code = typeof raw.code === 'string' ? raw.code : `${plan.id.slice(0, 50)}-T${randomBytes(3).toString('hex').toUpperCase()}`;
  const ctx = await contextProblems(trx, plan, code, next, new Set(TARGET_FIELDS));
  if (ctx.length > 0) throw fieldsError(ctx);
  const inserted = await trx
    .insertInto('targets')
    .values({
      code,
      plan_id: plan.id,
      section_id: next.sectionId,
      owner_unit: next.ownerUnit,
      title: next.title,
      uom: next.uom,
      // Checked by the shared field rules before this insert: one of MEASURE_KINDS.
      measure_kind: next.measureKind as MeasureKind,
      direction: next.direction,
      baseline: next.baseline,
      target_value: next.targetValue,
      start_date: next.startDate,
      due_date: next.dueDate,
      weight: next.weight,
      milestones: JSON.stringify(next.milestones),
      reporting_interval_days: next.reportingIntervalDays,
      ratio_numerator: next.ratioNumerator,
      ratio_denominator: next.ratioDenominator,
    })
    .onConflict((oc) => oc.column('code').doNothing())
    .returning('code')
    .executeTakeFirst();
  if (!inserted) throw new HttpError(409, 'duplicate_target', `code: a target ${code} exists`, { problems: [{ field: 'code', code: 'duplicate_target', message: `code: a target ${code} exists` }] });
  await trx.insertInto('target_rollups').values({ target_code: code, value: next.baseline, event_count: 0, version: 0 }).execute();
  if (plan.status === 'published') {
    await trx.insertInto('target_changes').values({ target_code: code, field: 'created', old_value: 'null', new_value: JSON.stringify(next), reason: (raw.reason as string).trim(), actor_id: who.id, actor_name: who.name, changed_at: at }).execute();
  }
  const row = await trx.selectFrom('targets').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
  return toEditableTarget(row, 0);
}

export interface TargetPatchResult {
  target: EditableTarget;
  changed: Partial<Record<TargetField, [unknown, unknown]>>;
  adjusted: boolean;
}

/**
 * Edits a target. In a draft: any field, no reason. In a published plan: any change needs a
 * reason and writes one history row per changed field (adjustment 调整); the measure kind is
 * fixed once reports exist. A closed plan or a cancelled target is read-only.
 */
export async function patchTarget(trx: Trx, code: string, raw: Record<string, unknown>, sentVersion: number, who: Principal, at: Date): Promise<TargetPatchResult> {
  const { plan, row } = await lockTarget(trx, code);
  refuseClosed(plan, 'changing its targets');
  checkVersion('target', code, row.version, sentVersion);
  if (row.status === 'cancelled') throw new HttpError(409, 'target_cancelled', `target ${code} was cancelled (${row.cancel_reason ?? ''}); it is kept as it was`);
  const unknown = Object.keys(raw).filter((k) => !['version', 'reason'].includes(k) && !(TARGET_FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) throw new HttpError(400, 'unknown_field', `${unknown.join(', ')}: not a field of a target (fields: ${TARGET_FIELDS.join(', ')})`);
  const problems = targetFieldProblems(raw, false);
  if (problems.length > 0) throw fieldsError(problems);
  const current = toEditableTarget(row, 0);
  const p = patchFields(raw);
  const next: TargetFields = { ...current, ...p };
  const changed: TargetPatchResult['changed'] = {};
  for (const f of TARGET_FIELDS) if (f in p && !same(current[f], next[f])) changed[f] = [current[f], next[f]];
  const fields = Object.keys(changed) as TargetField[];
  if (fields.length === 0) return { target: { ...current, eventCount: await eventCount(trx, code) }, changed, adjusted: false };

  const published = plan.status === 'published';
  if (published) {
    const r = reasonProblem(raw.reason);
    if (r) throw fieldsError([{ ...r, message: `reason: changing ${fields.join(', ')} of a published target is an adjustment (调整) and needs a reason` }]);
  }
  const events = await eventCount(trx, code);
  if (changed.measureKind && events > 0) {
    throw new HttpError(409, 'measure_kind_locked', `measureKind: target ${code} already has ${events} report(s) counted as ${row.measure_kind}; changing how they count would rewrite its history. Cancel it and add a new target instead`, {
      problems: [{ field: 'measureKind', code: 'measure_kind_locked', message: `measureKind: fixed once reports exist (${events})` }],
    });
  }
  const ctx = await contextProblems(trx, plan, code, next, new Set(fields));
  if (ctx.length > 0) throw fieldsError(ctx);

  const set: Record<string, unknown> = { version: row.version + 1 };
  for (const f of fields) set[COLUMN[f]] = f === 'milestones' ? JSON.stringify(next.milestones) : next[f];
  await trx.updateTable('targets').set(set).where('code', '=', code).execute();
  if (changed.baseline) await rebaseRollup(trx, code, row, next.baseline);
  if (published) {
    const reason = (raw.reason as string).trim();
    await trx
      .insertInto('target_changes')
      .values(fields.map((f) => ({ target_code: code, field: f, old_value: JSON.stringify(changed[f]![0]), new_value: JSON.stringify(changed[f]![1]), reason, actor_id: who.id, actor_name: who.name, changed_at: at })))
      .execute();
  }
  const updated = await trx.selectFrom('targets').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
  return { target: toEditableTarget(updated, events), changed, adjusted: published && fields.some((f) => ADJUSTED_FIELDS.includes(f)) };
}

/**
 * A new baseline moves the stored figures with it: a sum (cumulative, ceiling) is baseline
 * plus every increment, so it and each day's closing value shift by the difference; a
 * reading-type value is the baseline only while no reading stands.
 */
async function rebaseRollup(trx: Trx, code: string, row: Row, baseline: number): Promise<void> {
  const delta = baseline - row.baseline;
  if (row.measure_kind === 'cumulative' || row.measure_kind === 'ceiling') {
    await trx.updateTable('target_rollups').set((eb) => ({ value: eb('value', '+', delta), version: eb('version', '+', 1) })).where('target_code', '=', code).execute();
    await trx.updateTable('target_daily').set((eb) => ({ value_end: eb('value_end', '+', delta) })).where('target_code', '=', code).execute();
  } else {
    await trx.updateTable('target_rollups').set((eb) => ({ value: baseline, version: eb('version', '+', 1) })).where('target_code', '=', code).where('last_reading_id', 'is', null).execute();
  }
}

/** 撤销: a published target dropped mid-year; it stays readable and leaves every aggregate. */
/** `today` is the China day the cancellation takes effect (the app's clock, so tests can pin it). */
export async function cancelTarget(trx: Trx, code: string, raw: Record<string, unknown>, sentVersion: number, who: Principal, at: Date): Promise<EditableTarget> {
  const today = chinaToday(at);
  const { plan, row } = await lockTarget(trx, code);
  refuseClosed(plan, 'cancelling a target');
  checkVersion('target', code, row.version, sentVersion);
  if (plan.status !== 'published') throw new HttpError(409, 'invalid_transition', `plan ${plan.id} is a draft: remove the target instead of cancelling it`);
  if (row.status === 'cancelled') throw new HttpError(409, 'invalid_transition', `target ${code} is already cancelled`);
  const r = reasonProblem(raw.reason);
  if (r) throw fieldsError([{ ...r, message: 'reason: a target is cancelled (撤销) with a reason' }]);
  const reason = (raw.reason as string).trim();
  // cancelled_on (China day): cycles due from then on are owed by nobody (issue 17's owed lists).
  await trx
    .updateTable('targets')
    .set({ status: 'cancelled', cancel_reason: reason, cancelled_on: today, version: row.version + 1 })
    .where('code', '=', code)
    .execute();
  await trx.insertInto('target_changes').values({ target_code: code, field: 'status', old_value: '"active"', new_value: '"cancelled"', reason, actor_id: who.id, actor_name: who.name, changed_at: at }).execute();
  const updated = await trx.selectFrom('targets').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
  return toEditableTarget(updated, await eventCount(trx, code));
}

/** Removing is for drafts (nothing was reported); a published target is cancelled instead. */
export async function removeTarget(trx: Trx, code: string, sentVersion: number): Promise<{ plan: string }> {
  const { plan, row } = await lockTarget(trx, code);
  checkVersion('target', code, row.version, sentVersion);
  if (plan.status !== 'draft') throw new HttpError(409, 'invalid_transition', `plan ${plan.id} is ${plan.status}: a target of a ${plan.status} plan is cancelled (撤销) with a reason, not removed`);
  const parts = await trx.selectFrom('targets').select('code').where((eb) => eb.or([eb('ratio_numerator', '=', code), eb('ratio_denominator', '=', code)])).execute();
  if (parts.length) throw new HttpError(409, 'target_in_use', `target ${code} is a part of ratio target(s) ${parts.map((p) => p.code).join(', ')}; change those first`, { references: { ratioTargets: parts.length } });
  const events = await eventCount(trx, code);
  if (events > 0) throw new HttpError(409, 'target_in_use', `target ${code} has ${events} report(s); it cannot be removed`, { references: { events } });
  await trx.deleteFrom('target_daily').where('target_code', '=', code).execute();
  await trx.deleteFrom('target_rollups').where('target_code', '=', code).execute();
  await trx.deleteFrom('targets').where('code', '=', code).execute();
  return { plan: plan.id };
}
