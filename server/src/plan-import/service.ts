import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import {
  checkPlanDraft,
  extractCandidates,
  MAX_PLAN_ID_LENGTH,
  toImportCandidate,
  type ExtractResponse,
  type PlanImportErrorCode,
  type PublishPlanRequest,
  type PublishPlanResponse,
} from '@luoshi/shared';
import { HttpError } from '../http/errors';
import { existingUnitCodes, insertDraftPlan, planExists, takenKeys } from './repository';

const fail = (status: number, code: PlanImportErrorCode, message: string) => new HttpError(status, code, message);

/** Every candidate, low-confidence ones included: the review screen shows them rejected by default. */
export function extract(text: string): ExtractResponse {
  return { candidates: extractCandidates(text).map(toImportCandidate) };
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
        sections.map((s, i) => ({
          id: sectionIds[i]!,
          plan_id: id,
          parent_id: s.parentKey === undefined ? null : idOfKey.get(s.parentKey)!,
          label: s.label,
          title: s.title.trim(),
          ordinal: sections.slice(0, i).filter((o) => o.parentKey === s.parentKey).length + 1,
        })),
        targets.map((t, i) => {
          const kind = t.measureKind ?? 'cumulative';
          return {
            code: codes[i]!,
            plan_id: id,
            section_id: t.sectionKey === undefined ? null : idOfKey.get(t.sectionKey)!,
            owner_unit: t.ownerUnit,
            title: t.title.trim(),
            uom: t.uom.trim(),
            measure_kind: kind,
            direction: kind === 'ceiling' ? 'down' : 'up',
            baseline: 0,
            target_value: t.targetValue,
            start_date: t.startDate ?? plan.periodStart,
            due_date: t.dueDate,
            weight: 1,
            milestones: '[]',
            reporting_interval_days: 30,
            source_sentence: t.sourceSentence ?? null,
          };
        }),
      );
      const created = { id, status: 'draft' as const, targetCodes: codes, sectionIds };
      await inTransaction?.(trx, created);
      return created;
    });
  } catch (err) {
    throw mapConstraintError(err, plan.id);
  }
}

/** `<owner>-<year>`, then `-2`, `-3` …: readable like the seeded WL-2026, and free together with the codes it gives. */
async function freePlanId(db: Kysely<Database>, draft: PublishPlanRequest): Promise<string> {
  const base = `${draft.plan.ownerUnit}-${draft.plan.periodStart.slice(0, 4)}`.slice(0, MAX_PLAN_ID_LENGTH - 3);
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
