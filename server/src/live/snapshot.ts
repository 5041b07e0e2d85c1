import { sql, type Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import type { RoomRef, TargetUpdate } from '@luoshi/shared';
import { targetUpdates } from '../targets/state';

/**
 * What a client gets on joining a room: the room's targets in the same `TargetUpdate`
 * shape as every live delta, status included, from the one read model (targets/state.ts).
 */

/** Does the room exist? (null: no such plan/unit/target.) */
export async function roomExists(db: Kysely<Database>, room: RoomRef): Promise<boolean> {
  switch (room.kind) {
    case 'plan':
      return !!(await db.selectFrom('plans').select('id').where('id', '=', room.id).executeTakeFirst());
    case 'unit':
    case 'reports':
      return !!(await db.selectFrom('units').select('code').where('code', '=', room.id).executeTakeFirst());
    case 'target':
      return !!(await db.selectFrom('targets').select('code').where('code', '=', room.id).executeTakeFirst());
    case 'screen':
      // A wall screen's room (issue 8) carries heartbeats and configuration changes, nothing
      // secret; any well-formed id may be joined, so a device can be set up before its screen
      // is configured (and tests/integration/live-socket.test.ts relies on it).
      return true;
  }
}

/** The room's current state: what a client shows before deltas arrive. */
export async function roomSnapshot(db: Kysely<Database>, room: RoomRef, now = new Date()): Promise<TargetUpdate[]> {
  switch (room.kind) {
    case 'plan':
      return targetUpdates(db, { plan: room.id }, now);
    case 'target':
      return targetUpdates(db, { codes: [room.id] }, now);
    case 'unit': {
      // The unit's own targets and those of every unit below it (a 街道 room sees its 科室).
      const sub = await sql<{ code: string }>`
        with recursive sub(code) as (
          select code from units where code = ${room.id}
          union select u.code from units u join sub on u.parent_code = sub.code
        ) select code from sub`.execute(db);
      // Draft plans' targets stay out: staff join unit rooms and never see drafts (issue 16).
      return targetUpdates(db, { units: sub.rows.map((r) => r.code), publishedOnly: true }, now);
    }
    case 'screen':
    case 'reports':
      // Receipts are answers to reports being sent; what was decided before lies in the
      // history (GET /api/units/:code/reports) and GET /api/events/receipts.
      return [];
  }
}
