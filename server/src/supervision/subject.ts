import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import { CODE_PATTERN, isCode, type PlanSummary } from '@luoshi/shared';
import { mayReadWholePlan, readScope, refuseUnit, who } from '../auth/access';
import { forbidden } from '../auth/plugin';
import { HttpError, notFound } from '../http/errors';
import { getPlan } from '../plans/repository';

/** What a reminder or an instruction is about: a target (its owner unit is addressed) or a unit. */
export interface Subject {
  target: { code: string; title: string; planId: string; ownerUnit: string; lifecycle: string } | null;
  unit: string;
}

/**
 * Resolves `{target}` or `{unit}` (exactly one) and checks that a leader or admin may
 * address it: the unit must be in the leader's subtree. 400 when neither or both, 404 for
 * an unknown code, 403 outside the scope.
 */
export async function resolveSubject(db: Kysely<Database>, req: FastifyRequest, input: { target?: string | undefined; unit?: string | undefined }): Promise<Subject> {
  const p = who(req);
  if (p.role !== 'leader' && p.role !== 'admin') throw forbidden('only leaders and admins send reminders and instructions');
  if ((input.target === undefined) === (input.unit === undefined)) {
    throw new HttpError(400, 'invalid_request', 'give exactly one of "target" (a target code) or "unit" (a unit code)');
  }
  for (const [name, v] of [['target', input.target], ['unit', input.unit]] as const) {
    if (v !== undefined && !isCode(v)) throw new HttpError(400, 'invalid_request', `"${name}" must be a code (${CODE_PATTERN})`);
  }
  const scope = await readScope(db, p);
  if (input.target !== undefined) {
    const t = await db.selectFrom('targets').select(['code', 'title', 'plan_id as planId', 'owner_unit as ownerUnit', 'status as lifecycle']).where('code', '=', input.target).executeTakeFirst();
    if (!t) throw notFound(`no target with code ${input.target}`);
    if (!scope.target(t)) refuseUnit('target', t.code);
    return { target: t, unit: t.ownerUnit };
  }
  const u = await db.selectFrom('units').select('code').where('code', '=', input.unit!).executeTakeFirst();
  if (!u) throw notFound(`no unit with code ${input.unit}`);
  if (!scope.unit(u.code)) refuseUnit('unit', u.code);
  return { target: null, unit: u.code };
}

/** A plan the caller may read whole (overview scope), or 404/403. */
export async function wholePlan(db: Kysely<Database>, req: FastifyRequest, id: string): Promise<PlanSummary> {
  const plan = await getPlan(db, id);
  if (!plan) throw notFound(`no plan with id ${id}`);
  if (!(await mayReadWholePlan(db, who(req), plan))) refuseUnit('the whole of plan', id);
  return plan;
}
