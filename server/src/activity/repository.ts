import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import type { ActivityItem } from '@luoshi/shared';

/**
 * A plan's newest events, in the order they arrived (received_at, then id): the same
 * order the live `activity` lines come in, so the REST list and the live lines merge.
 */
export async function planActivity(db: Kysely<Database>, planId: string, limit: number): Promise<ActivityItem[]> {
  const rows = await db
    .selectFrom('events as e')
    .innerJoin('targets as t', 't.code', 'e.target_code')
    .select([
      'e.id',
      't.plan_id',
      'e.target_code',
      't.title',
      't.uom',
      't.owner_unit',
      'e.kind',
      'e.value',
      'e.occurred_at',
      'e.received_at',
      'e.reporter',
      'e.source',
      'e.note',
      'e.corrects',
    ])
    .where('t.plan_id', '=', planId)
    .orderBy('e.received_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    eventId: r.id,
    planId: r.plan_id,
    target: r.target_code,
    targetTitle: r.title,
    uom: r.uom,
    ownerUnit: r.owner_unit,
    kind: r.kind as ActivityItem['kind'],
    value: r.value,
    occurredAt: new Date(r.occurred_at).toISOString(),
    receivedAt: new Date(r.received_at).toISOString(),
    reporter: r.reporter,
    source: r.source,
    note: r.note,
    corrects: r.corrects,
  }));
}
