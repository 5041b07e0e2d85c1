import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import { canReadUnit, type Principal, type UnitParents } from '@luoshi/shared';
import { forbidden, unauthenticated } from './plugin';

/**
 * Read scope, applied by every read route (docs/accounts.md "Read scope"):
 * - admin: everything;
 * - leader: units in its subtree and their targets;
 * - staff: its own unit and its targets;
 * - screen token: every plan's views, read-only (until screen configurations exist,
 *   issue 8; then a screen reads only its screen's plans).
 * A resource that exists but is outside the scope answers 403 `forbidden`; one that does
 * not exist answers 404 (codes are not secret: they come from published plan documents).
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

/** Screens read everything for now (read-only); everyone else per shared `canReadUnit`. */
export function mayReadUnit(p: Principal, unit: string, parents: UnitParents): boolean {
  return p.role === 'screen' || canReadUnit(p, unit, parents);
}

/** A predicate for one request: may the principal read data owned by this unit? */
export async function readerOf(db: Kysely<Database>, p: Principal): Promise<(unit: string) => boolean> {
  if (p.role === 'admin' || p.role === 'screen') return () => true;
  const parents = await unitParents(db);
  return (unit) => canReadUnit(p, unit, parents);
}

/**
 * Whole-plan views (overview, activity, the plan's live room) show every target of the
 * plan: they need read access to the plan's owner unit. A plan's structure (GET
 * /api/plans/:id) is visible also to whoever may read one of its targets.
 */
export async function mayReadWholePlan(db: Kysely<Database>, p: Principal, ownerUnit: string): Promise<boolean> {
  return (await readerOf(db, p))(ownerUnit);
}

export async function mayReadPlanStructure(db: Kysely<Database>, p: Principal, planId: string, ownerUnit: string): Promise<boolean> {
  const may = await readerOf(db, p);
  if (may(ownerUnit)) return true;
  const owners = await db.selectFrom('targets').select('owner_unit').distinct().where('plan_id', '=', planId).execute();
  return owners.some((o) => may(o.owner_unit));
}

export function refuseUnit(kind: string, id: string): never {
  throw forbidden(`you may not see ${kind} ${id}: it is outside your unit's scope`);
}
