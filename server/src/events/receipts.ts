import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import { EventIdSchema, MAX_RECEIPT_IDS, parseProgressSubject, type Receipt, type ReceiptsResponse } from '@luoshi/shared';
import { badQuery } from '../http/query';

const ID = new RegExp(EventIdSchema.pattern!);

/** Whether the receipt already found was decided after `at` (then it stays). */
function later(r: Receipt | undefined, at: Date): boolean {
  return r?.at != null && Date.parse(r.at) > new Date(at).getTime();
}

/** `ids=a,b,c` → the ids, or 400 naming the first bad one. */
export function parseReceiptIds(raw: string | undefined): string[] {
  if (raw === undefined || raw === '') throw badQuery('query parameter "ids" is required: a comma-separated list of event ids');
  const ids = raw.split(',');
  if (ids.length > MAX_RECEIPT_IDS) throw badQuery(`query parameter "ids" names ${ids.length} events; ask for at most ${MAX_RECEIPT_IDS} at a time`);
  ids.forEach((id, i) => {
    if (id.length < 1 || id.length > (EventIdSchema.maxLength ?? 128) || !ID.test(id)) {
      throw badQuery(`query parameter "ids": item ${i} (${JSON.stringify(id.slice(0, 40))}) is not an event id (1–128 of A-Z a-z 0-9 _ . : -)`);
    }
  });
  return ids;
}

/**
 * What ingest decided for each id, in the order asked: stored → counted (at = received_at);
 * else the latest rejection → rejected; else a dead letter (ingest gave up on it after its
 * deliveries, an operator must replay it) → rejected `dead_letter`, so the reporter is not
 * left at "waiting" for ever; else pending. An event of a unit the caller may not
 * read is answered pending, so the answer reveals nothing about other units' reports.
 */
export async function readReceipts(db: Kysely<Database>, ids: readonly string[], may: (unit: string) => boolean): Promise<ReceiptsResponse> {
  const unique = [...new Set(ids)];
  const [stored, rejected, dead] = await Promise.all([
    db
      .selectFrom('events as e')
      .select(['e.id', 'e.target_code', 'e.owner_unit', 'e.received_at'])
      .where('e.id', 'in', unique)
      .execute(),
    db
      .selectFrom('rejected_events as r')
      .leftJoin('targets as t', 't.code', 'r.target_code')
      // Latest per id and unit (ids are unique only per owner unit): another unit's later
      // rejection of the same id never hides the caller's own.
      .distinctOn(['r.event_id', 'r.unit_code'])
      .select(['r.event_id', 'r.target_code', 'r.unit_code', 't.owner_unit', 'r.code', 'r.message', 'r.rejected_at'])
      .where('r.event_id', 'in', unique)
      .orderBy('r.event_id')
      .orderBy('r.unit_code')
      .orderBy('r.rejected_at', 'desc')
      .orderBy('r.id', 'desc')
      .execute(),
    db
      .selectFrom('dead_letters as d')
      .distinctOn(['d.event_id', 'd.subject'])
      .select(['d.event_id', 'd.subject', 'd.reason', 'd.deliveries', 'd.dead_at'])
      .where('d.event_id', 'in', unique)
      .orderBy('d.event_id')
      .orderBy('d.subject')
      .orderBy('d.dead_at', 'desc')
      .execute(),
  ]);
  const found = new Map<string, Receipt>();
  for (const d of dead) {
    const subject = parseProgressSubject(d.subject);
    if (!subject || !may(subject.unitCode)) continue;
    if (later(found.get(d.event_id!), d.dead_at)) continue;
    found.set(d.event_id!, {
      eventId: d.event_id!,
      target: subject.targetCode,
      ownerUnit: subject.unitCode,
      outcome: 'rejected',
      code: 'dead_letter',
      message: `ingest could not store it after ${d.deliveries} deliveries (${d.reason}); it is kept as a dead letter for an operator to replay`,
      at: new Date(d.dead_at).toISOString(),
    });
  }
  for (const r of rejected) {
    // Whose report it was: the unit it was published for, else the named target's owner.
    const unit = r.unit_code ?? r.owner_unit ?? '';
    if (!may(unit)) continue;
    if (found.get(r.event_id!)?.outcome === 'rejected' && later(found.get(r.event_id!), r.rejected_at) && found.get(r.event_id!)?.code !== 'dead_letter') continue;
    found.set(r.event_id!, {
      eventId: r.event_id!,
      target: r.target_code ?? '',
      ownerUnit: unit,
      outcome: 'rejected',
      code: r.code,
      message: r.message,
      at: new Date(r.rejected_at).toISOString(),
    });
  }
  // Stored wins over an earlier rejection of the same id (resent after a fix). Ids are
  // unique only per owner unit (issue 15): another unit's event with this id is skipped,
  // so whether it exists changes nothing in the answer.
  for (const e of stored) {
    if (!may(e.owner_unit)) continue;
    found.set(e.id, { eventId: e.id, target: e.target_code, ownerUnit: e.owner_unit, outcome: 'counted', code: null, message: null, at: new Date(e.received_at).toISOString() });
  }
  return { receipts: ids.map((id) => found.get(id) ?? { eventId: id, outcome: 'pending' as const }) };
}
