import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import { canReadUnit, type Principal, type UnitParents } from '@luoshi/shared';
import { forbidden, unauthenticated } from './plugin';

/**
 * Read scope, applied by every read route and socket room (docs/accounts.md "Read scope"):
 * - admin: everything;
 * - leader: units in its subtree and their targets;
 * - staff: its own unit and its targets;
 * - screen token: what its screen's configuration shows — the screen's plan, that plan's
 *   targets, sections and activity, and the units that appear in that plan; nothing else.
 * A resource that exists but is outside the scope answers 403 `forbidden`; one that does
 * not exist answers 404 (codes are not secret: they come from published plan documents).
 *
 * Draft plans (issue 16) are seen by admins and, read-only, by leaders whose subtree holds
 * the plan's owner unit; never by staff or screens. One small query (drafts are few).
 *
 * A screen's scope is read from `screens` on every request and every socket join (one
 * indexed query), never cached: when an admin points a screen at another plan the old
 * plan is refused at the next request.
 */

/** unit code → parent code; the unit table is small (hundreds of rows), read per request. */
export async function unitParents(db: Kysely<Database>): Promise<UnitParents> {
  const rows = await db.selectFrom('units').select(['code', 'parent_code']).execute();
  return new Map(rows.map((r) => [r.code, r.parent_code]));
}

export function who(req: FastifyRequest): Principal {
  if (!req.principal) throw unauthenticated();
  return req.principal;
}

export interface ReadScope {
  /** Data owned by this unit: unit views, unit lists, unit rooms. */
  unit(code: string): boolean;
  /** One target, judged by its plan (screens) or its owner unit (people). */
  target(t: { planId: string; ownerUnit: string }): boolean;
  /** Views carrying every target of a plan: overview, activity, the plan's room. */
  wholePlan(plan: { id: string; ownerUnit: string }): boolean;
  /** Set for screens: the plans its configuration names (data of other plans is filtered out). */
  plans: ReadonlySet<string> | null;
}

/** The plans a screen token's screen shows (empty when the screen does not exist). */
export async function screenPlans(db: Kysely<Database>, screenId: string | null): Promise<Set<string>> {
  if (!screenId) return new Set();
  const rows = await db.selectFrom('screens').select('plan_id').where('id', '=', screenId).execute();
  return new Set(rows.map((r) => r.plan_id));
}

/** Draft plans: id → owner unit. */
async function draftPlans(db: Kysely<Database>): Promise<Map<string, string>> {
  const rows = await db.selectFrom('plans').select(['id', 'owner_unit']).where('status', '=', 'draft').execute();
  return new Map(rows.map((r) => [r.id, r.owner_unit]));
}

async function screenScope(db: Kysely<Database>, p: Principal): Promise<ReadScope> {
  const [shown, drafts] = await Promise.all([screenPlans(db, p.screenId), draftPlans(db)]);
  // A screen pointed at a draft shows nothing of it until it is published.
  const plans = new Set([...shown].filter((id) => !drafts.has(id)));
  const units = new Set<string>();
  if (plans.size > 0) {
    const ids = [...plans];
    const [owners, planOwners] = await Promise.all([
      db.selectFrom('targets').select('owner_unit').distinct().where('plan_id', 'in', ids).execute(),
      db.selectFrom('plans').select('owner_unit').where('id', 'in', ids).execute(),
    ]);
    for (const r of [...owners, ...planOwners]) units.add(r.owner_unit);
  }
  return {
    unit: (code) => units.has(code),
    target: (t) => plans.has(t.planId),
    wholePlan: (plan) => plans.has(plan.id),
    plans,
  };
}

/** The principal's read scope for one request (or one socket join). */
export async function readScope(db: Kysely<Database>, p: Principal): Promise<ReadScope> {
  if (p.role === 'admin') return { unit: () => true, target: () => true, wholePlan: () => true, plans: null };
  if (p.role === 'screen') return screenScope(db, p);
  const [parents, drafts] = await Promise.all([unitParents(db), draftPlans(db)]);
  const unit = (code: string): boolean => canReadUnit(p, code, parents);
  // Staff never see a draft; a leader sees one when it reads the plan's owner unit.
  const draftOk = (planId: string): boolean => {
    const owner = drafts.get(planId);
    return owner === undefined || (p.role === 'leader' && unit(owner));
  };
  return {
    unit,
    target: (t) => unit(t.ownerUnit) && draftOk(t.planId),
    wholePlan: (plan) => unit(plan.ownerUnit) && draftOk(plan.id),
    plans: null,
  };
}

/** A predicate for one request: may the principal read data owned by this unit? */
export async function readerOf(db: Kysely<Database>, p: Principal): Promise<(unit: string) => boolean> {
  return (await readScope(db, p)).unit;
}

/**
 * Whole-plan views (overview, activity, the plan's live room) show every target of the
 * plan: they need read access to the plan's owner unit (or, for a screen, the plan on its
 * screen). A plan's structure (GET /api/plans/:id) is visible also to whoever may read one
 * of its targets.
 */
export async function mayReadWholePlan(db: Kysely<Database>, p: Principal, plan: { id: string; ownerUnit: string }): Promise<boolean> {
  return (await readScope(db, p)).wholePlan(plan);
}

export async function mayReadPlanStructure(db: Kysely<Database>, p: Principal, plan: { id: string; ownerUnit: string }): Promise<boolean> {
  const scope = await readScope(db, p);
  if (scope.wholePlan(plan)) return true;
  if (scope.plans) return false; // a screen: its own plans only
  const owners = await db.selectFrom('targets').select('owner_unit').distinct().where('plan_id', '=', plan.id).execute();
  return owners.some((o) => scope.target({ planId: plan.id, ownerUnit: o.owner_unit }));
}

export function refuseUnit(kind: string, id: string): never {
  // One sentence for every principal: staff read their unit, leaders their subtree, screens their screen's plan.
  throw forbidden(`you may not see ${kind} ${id}: it is outside what this account may read`);
}
