import { sql, type Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import type { EventLogEntry } from '@luoshi/shared';
import { photoSlots, slotKey } from '../photos/repository';

/**
 * A target's event log, newest event time first (ties: larger id first), one page at a
 * time: `before` is the id of the last entry of the previous page. Each entry lists the
 * corrections that compensate it (`correctedBy`); a correction names what it corrects.
 * Returns null when `before` names no event of this target.
 */
export async function eventLog(
  db: Kysely<Database>,
  code: string,
  limit: number,
  before?: string,
): Promise<EventLogEntry[] | null> {
  let cursor: { at: Date; id: string } | undefined;
  if (before !== undefined) {
    const row = await db
      .selectFrom('events')
      .select(['occurred_at', 'id'])
      .where('id', '=', before)
      .where('target_code', '=', code)
      .executeTakeFirst();
    if (!row) return null;
    cursor = { at: row.occurred_at, id: row.id };
  }
  const rows = await db
    .selectFrom('events')
    .select([
      'id',
      'kind',
      'value',
      'occurred_at',
      'received_at',
      'reporter',
      'source',
      'note',
      'evidence',
      'corrects',
      'reason',
    ])
    .where('target_code', '=', code)
    .$if(cursor !== undefined, (q) =>
      q.where(
        sql<boolean>`(occurred_at, id collate "C") < (${cursor!.at}::timestamptz, ${cursor!.id}::text collate "C")`,
      ),
    )
    .orderBy('occurred_at', 'desc')
    .orderBy(sql`id collate "C"`, 'desc')
    .limit(limit)
    .execute();
  const ids = rows.map((r) => r.id);
  const fixes =
    ids.length === 0
      ? []
      : await db
          .selectFrom('events')
          .select(['id', 'corrects'])
          // Corrections are of the same target (ids are unique only per owner unit).
          .where('target_code', '=', code)
          .where('corrects', 'in', ids)
          .orderBy('occurred_at')
          .orderBy('id')
          .execute();
  const by = new Map<string, string[]>();
  for (const f of fixes) by.set(f.corrects!, [...(by.get(f.corrects!) ?? []), f.id]);
  const slots = await photoSlots(db, ids.map((eventId) => ({ target: code, eventId })));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as EventLogEntry['kind'],
    value: r.value,
    occurredAt: new Date(r.occurred_at).toISOString(),
    receivedAt: new Date(r.received_at).toISOString(),
    reporter: r.reporter,
    source: r.source,
    note: r.note,
    evidence: r.evidence,
    corrects: r.corrects,
    reason: r.reason,
    correctedBy: by.get(r.id) ?? [],
    photos: (slots.get(slotKey(code, r.id)) ?? []).map((x) => x.n),
  }));
}
