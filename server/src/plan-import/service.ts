import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import {
  checkAppendDraft,
  checkPlanDraft,
  MAX_IMPORT_TARGETS,
  extractCandidates,
  planIdBase,
  toImportCandidate,
  type AppendTargetsResponse,
  type ExtractResponse,
  type SectionDraft,
  type TargetDraft,
  type PlanImportErrorCode,
  type PublishPlanRequest,
  type PublishPlanResponse,
} from '@luoshi/shared';
import { HttpError } from '../http/errors';
import {
  existingUnitCodes,
  insertDraftPlan,
  insertSectionsAndTargets,
  lockPlan,
  planExists,
  planKeys,
  takenKeys,
} from './repository';

const fail = (status: number, code: PlanImportErrorCode, message: string) => new HttpError(status, code, message);

/** Every candidate, low-confidence ones included: the review screen shows them rejected by default. */
export function extract(text: string): ExtractResponse {
  return { candidates: extractCandidates(text).map((c, i) => toImportCandidate(c, i, text)) };
}

const targetCode = (planId: string, i: number) => `${planId}-${String(i + 1).padStart(3, '0')}`;
const sectionId = (planId: string, i: number) => `${planId}-S${i + 1}`;

/**
 * Creates a draft plan with its sections, targets and rollups in one transaction, or nothing.
 * The draft is checked by the shared checker first (the same one the web form runs), then
 * against the database: units must exist, the plan id and the generated codes must be free.
 */
export async function publishDraft(
  db: Kysely<Database>,
  raw: unknown,
  /** Runs in the same transaction after the inserts (the route audits there). */
  inTransaction?: (trx: Kysely<Database>, created: PublishPlanResponse) => Promise<void>,
): Promise<PublishPlanResponse> {
  const checked = checkPlanDraft(raw);
  if (!checked.ok) throw fail(400, checked.error.code, checked.error.message);
  const { plan, targets } = checked.draft;
  const sections = checked.draft.sections ?? [];

  try {
    return await db.transaction().execute(async (trx) => {
      const wanted = [plan.ownerUnit, ...targets.map((t) => t.ownerUnit)];
      const known = await existingUnitCodes(trx, [...new Set(wanted)]);
      const missing = wanted.findIndex((u) => !known.has(u));
      if (missing >= 0) {
        const field = missing === 0 ? 'plan.ownerUnit' : `targets[${missing - 1}].ownerUnit`;
        throw fail(400, 'unknown_unit', `${field}: no unit with code ${JSON.stringify(wanted[missing])}`);
      }

      const id = plan.id ?? (await freePlanId(trx, checked.draft));
      if (plan.id !== undefined && (await planExists(trx, id)))
        throw fail(409, 'duplicate_plan', `plan.id: a plan with id ${id} exists`);
      const codes = targets.map((_, i) => targetCode(id, i));
      const sectionIds = sections.map((_, i) => sectionId(id, i));
      const taken = await takenKeys(trx, codes, sectionIds);
      // A concurrent import of the same plan may have committed between the two checks: its
      // codes are then ours, and what the caller needs to hear is that the plan exists.
      if (taken.length > 0 && plan.id !== undefined && (await planExists(trx, id)))
        throw fail(409, 'duplicate_plan', `plan.id: a plan with id ${id} was created meanwhile`);
      if (taken.length > 0)
        throw fail(
          409,
          'duplicate_code',
          `plan.id: the codes it gives are taken (${taken.slice(0, 3).join(', ')}); choose another plan id`,
        );

      const idOfKey = new Map(sections.map((s, i) => [s.key, sectionIds[i]!]));
      await insertDraftPlan(
        trx,
        {
          id,
          title: plan.title.trim(),
          owner_unit: plan.ownerUnit,
          period_start: plan.periodStart,
          period_end: plan.periodEnd,
          status: 'draft',
        },
        sectionRows(sections, sectionIds, id, idOfKey, 0),
        targets.map((t, i) => targetRow(t, codes[i]!, id, plan.periodStart, idOfKey)),
      );
      const created = { id, status: 'draft' as const, targetCodes: codes, sectionIds };
      await inTransaction?.(trx, created);
      return created;
    });
  } catch (err) {
    throw mapConstraintError(err, plan.id);
  }
}

function sectionRows(
  sections: readonly SectionDraft[],
  ids: readonly string[],
  planId: string,
  idOfKey: ReadonlyMap<string, string>,
  /** Top-level sections the plan already has: new ones are numbered after them. */
  topLevelBefore: number,
) {
  return sections.map((s, i) => ({
    id: ids[i]!,
    plan_id: planId,
    parent_id: s.parentKey === undefined ? null : idOfKey.get(s.parentKey)!,
    label: s.label,
    title: s.title.trim(),
    ordinal:
      sections.slice(0, i).filter((o) => o.parentKey === s.parentKey).length +
      1 +
      (s.parentKey === undefined ? topLevelBefore : 0),
  }));
}

function targetRow(t: TargetDraft, code: string, planId: string, periodStart: string, idOfKey: ReadonlyMap<string, string>) {
  const kind = t.measureKind ?? 'cumulative';
  return {
    code,
    plan_id: planId,
    section_id: t.sectionKey === undefined ? null : idOfKey.get(t.sectionKey)!,
    owner_unit: t.ownerUnit,
    title: t.title.trim(),
    uom: t.uom.trim(),
    measure_kind: kind,
    direction: kind === 'ceiling' ? ('down' as const) : ('up' as const),
    baseline: 0,
    target_value: t.targetValue,
    start_date: t.startDate ?? periodStart,
    due_date: t.dueDate,
    weight: 1,
    milestones: '[]',
    reporting_interval_days: 30,
    source_sentence: t.sourceSentence ?? null,
  };
}

/** The highest number n among keys `<prefix>n` (0 when none). */
function highest(keys: readonly string[], prefix: string): number {
  let max = 0;
  for (const k of keys) {
    if (!k.startsWith(prefix)) continue;
    const n = Number(k.slice(prefix.length));
    if (Number.isInteger(n) && n > max) max = n;
  }
  return max;
}

/**
 * Adds reviewed candidates to an existing draft plan, in one transaction or not at all: new
 * sections and targets numbered after the plan's own (`<plan>-NNN`, `<plan>-Sn`), each target
 * with its rollup. Refused with 404 plan_not_found, 409 plan_not_draft (published plans are
 * changed through their own flow, not by import), 400 from the shared checker judged against
 * the plan's stored period, 400 unknown_unit, 409 too_many_targets / duplicate_code.
 */
export async function appendToDraft(
  db: Kysely<Database>,
  planId: string,
  raw: unknown,
  inTransaction?: (trx: Kysely<Database>, created: AppendTargetsResponse) => Promise<void>,
): Promise<AppendTargetsResponse> {
  try {
    return await db.transaction().execute(async (trx) => {
      const plan = await lockPlan(trx, planId);
      if (!plan) throw new HttpError(404, 'plan_not_found', `no plan with id ${JSON.stringify(planId)}`);
      if (plan.status !== 'draft')
        throw fail(409, 'plan_not_draft', `plan ${planId} is ${plan.status}; candidates can be added to a draft only`);
      const checked = checkAppendDraft(raw, {
        title: plan.title.slice(0, 200).trim() || planId,
        ownerUnit: plan.owner_unit,
        periodStart: ymd(plan.period_start),
        periodEnd: ymd(plan.period_end),
      });
      if (!checked.ok) throw fail(400, checked.error.code, checked.error.message);
      const { targets } = checked.draft;
      const sections = checked.draft.sections ?? [];

      const wanted = targets.map((t) => t.ownerUnit);
      const known = await existingUnitCodes(trx, [...new Set(wanted)]);
      const missing = wanted.findIndex((u) => !known.has(u));
      if (missing >= 0)
        throw fail(400, 'unknown_unit', `targets[${missing}].ownerUnit: no unit with code ${JSON.stringify(wanted[missing])}`);

      const existing = await planKeys(trx, planId);
      const firstTarget = highest(existing.targetCodes, `${planId}-`);
      if (firstTarget + targets.length > MAX_IMPORT_TARGETS)
        throw fail(
          409,
          'too_many_targets',
          `targets: plan ${planId} has targets up to ${firstTarget}; ${targets.length} more would pass ${MAX_IMPORT_TARGETS}`,
        );
      const firstSection = highest(existing.sectionIds, `${planId}-S`);
      const codes = targets.map((_, i) => targetCode(planId, firstTarget + i));
      const sectionIds = sections.map((_, i) => sectionId(planId, firstSection + i));
      const taken = await takenKeys(trx, codes, sectionIds);
      if (taken.length > 0)
        throw fail(409, 'duplicate_code', `targets: the codes they would get are taken (${taken.slice(0, 3).join(', ')})`);

      const idOfKey = new Map(sections.map((s, i) => [s.key, sectionIds[i]!]));
      const topLevelBefore = await trx
        .selectFrom('plan_sections')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('plan_id', '=', planId)
        .where('parent_id', 'is', null)
        .executeTakeFirstOrThrow();
      await insertSectionsAndTargets(
        trx,
        sectionRows(sections, sectionIds, planId, idOfKey, Number(topLevelBefore.n)),
        targets.map((t, i) => targetRow(t, codes[i]!, planId, ymd(plan.period_start), idOfKey)),
      );
      const created = { id: planId, status: 'draft' as const, targetCodes: codes, sectionIds };
      await inTransaction?.(trx, created);
      return created;
    });
  } catch (err) {
    throw mapConstraintError(err, planId);
  }
}

/** Date columns come back as text (db/src/schema.ts DateString); keep the calendar date. */
const ymd = (d: string): string => d.slice(0, 10);

/** `<owner>-<year>`, then `-2`, `-3` …: readable like the seeded WL-2026, and free together with the codes it gives. */
async function freePlanId(db: Kysely<Database>, draft: PublishPlanRequest): Promise<string> {
  const base = planIdBase(draft.plan.ownerUnit, draft.plan.periodStart);
  for (let n = 1; n <= 50; n += 1) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (await planExists(db, id)) continue;
    const taken = await takenKeys(
      db,
      draft.targets.map((_, i) => targetCode(id, i)),
      (draft.sections ?? []).map((_, i) => sectionId(id, i)),
    );
    if (taken.length === 0) return id;
  }
  throw fail(409, 'duplicate_plan', `plan.id: no free id after ${base}-50; give one`);
}

/** A concurrent import can take an id between our check and our insert; Postgres then says so. */
function mapConstraintError(err: unknown, givenId: string | undefined): unknown {
  if (err instanceof HttpError || typeof err !== 'object' || err === null) return err;
  const { code, constraint } = err as { code?: string; constraint?: string };
  if (code === '23505' && constraint === 'plans_pkey')
    return fail(409, 'duplicate_plan', `plan.id: a plan with id ${givenId ?? '(generated)'} was created meanwhile`);
  if (code === '23505') return fail(409, 'duplicate_code', 'plan.id: a code it gives was taken meanwhile; try again');
  if (code === '23503') return fail(400, 'unknown_unit', 'a unit was removed meanwhile; reload the unit list');
  return err;
}
