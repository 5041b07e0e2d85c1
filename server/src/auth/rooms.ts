import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import { canReport, type Principal, type RoomRef } from '@luoshi/shared';
import { readScope } from './access';

/**
 * May this connection's principal see the room? The same scope as the HTTP reads:
 * a plan room carries every target of the plan, so it needs the plan's owner unit (like
 * the overview); a unit room needs that unit; a target room its owner; a screen room is
 * its own screen token's (or an admin's). A screen token joins only its screen's room and
 * the rooms of its screen's plan and that plan's targets: a unit room would carry the
 * unit's targets in other plans too. A reports room is for whoever may report for the
 * unit (its staff, admins), not the leaders above it: receipts answer the reporter.
 */
export async function mayRead(db: Kysely<Database>, p: Principal, room: RoomRef): Promise<boolean> {
  switch (room.kind) {
    case 'plan': {
      const plan = await db.selectFrom('plans').select(['id', 'owner_unit as ownerUnit']).where('id', '=', room.id).executeTakeFirst();
      return !!plan && (await readScope(db, p)).wholePlan(plan);
    }
    case 'unit':
      return p.role !== 'screen' && (await readScope(db, p)).unit(room.id);
    case 'target': {
      const t = await db.selectFrom('targets').select(['plan_id as planId', 'owner_unit as ownerUnit']).where('code', '=', room.id).executeTakeFirst();
      return !!t && (await readScope(db, p)).target(t);
    }
    case 'screen':
      return p.role === 'admin' || (p.role === 'screen' && p.screenId === room.id);
    case 'reports':
      return canReport(p, room.id);
  }
}

