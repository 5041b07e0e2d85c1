import { sql, type Transaction } from 'kysely';
import type { Database } from '@luoshi/db';
import { isCode, parseProgressSubject, type ActivityItem, type ProgressEvent, type Receipt } from '@luoshi/shared';
import { lockEventPhotos } from '../photos/repository';
import type { JudgedTarget } from '../targets/rules';
import { scopedKey, type Verdict } from './judge';
import type { IncomingMessage, Outcome } from './types';

/**
 * What a batch tells the world besides its rollups: the rejections it records, the
 * activity feed lines and the receipts its reporters wait for.
 */

/** What a message says about itself: id, target, reporter from its payload, unit from its subject. */
export interface Told {
  id: string | null;
  target: string | null;
  unit: string | null;
  reporter: string | null;
}

/**
 * Read from a message ingest refused, so its rejection can be found by unit, target and id
 * (history, receipts). The payload may be anything: what is not a string is null. The unit
 * is the subject's only when it is a code (a subject token could hold `*` or `>`, which can
 * be neither a room nor a receipt subject).
 */
export function toldBy(m: IncomingMessage): Told {
  const subject = parseProgressSubject(m.subject);
  let payload: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(Buffer.from(m.data).toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) payload = parsed as Record<string, unknown>;
  } catch {
    // not JSON: nothing to read
  }
  const str = (x: unknown, max: number): string | null => (typeof x === 'string' && x !== '' ? noNul(x.slice(0, max)) : null);
  return {
    id: str(payload.id, 128),
    target: str(payload.target, 128) ?? (subject ? noNul(subject.targetCode.slice(0, 128)) : null),
    unit: subject && isCode(subject.unitCode) ? subject.unitCode : null,
    reporter: str(payload.reporter, 100),
  };
}

/** Rejections keep whatever arrived, but PostgreSQL text cannot hold U+0000: shown as U+FFFD. */
export const noNul = (s: string): string => s.replaceAll('\u0000', '\uFFFD');

/**
 * Records the refused messages (a redelivered one once, by stream sequence). Returns what
 * each said about itself and the rejection time (one insert, one transaction timestamp:
 * what GET /api/events/receipts answers too).
 */
export async function recordRejections(
  trx: Transaction<Database>,
  batch: readonly IncomingMessage[],
  verdicts: readonly Verdict[],
  now: Date,
): Promise<{ told: Map<number, Told>; rejectedAt: Date }> {
  const told = new Map<number, Told>();
  const rejects = verdicts.flatMap((v, i) => (v.ok ? [] : [{ v, m: batch[i]!, i }]));
  if (rejects.length === 0) return { told, rejectedAt: now };
  const rows = await trx
    .insertInto('rejected_events')
    .values(
      rejects.map(({ v, m, i }) => {
        const t = toldBy(m);
        told.set(i, t);
        return {
          subject: noNul(m.subject),
          stream_seq: m.seq,
          event_id: t.id,
          code: v.code,
          message: noNul(v.message),
          payload: noNul(Buffer.from(m.data).toString('utf8').slice(0, 10_000)),
          target_code: t.target,
          unit_code: t.unit,
          reporter: t.reporter,
        };
      }),
    )
    .onConflict((oc) => oc.column('stream_seq').where('stream_seq', 'is not', null).doNothing())
    .returning('rejected_at')
    .execute();
  return { told, rejectedAt: rows[0]?.rejected_at ?? now };
}

/**
 * Photos uploaded for events this batch refused (issue 18 follow-up): the device sends the
 * event, then its photos, so they may be stored before ingest decides; a refused event's
 * photos are evidence of nothing and would stay forever. Called in the batch's transaction
 * after its events are inserted, so an id that is (or has just become) a stored event of the
 * unit keeps its photos: a refused copy of a stored event (id_conflict) removes nothing.
 * Photos arriving after the refusal are refused at the door (409 `event_rejected`); an upload
 * racing the refusal is serialised with it by a per-event advisory lock.
 */
export async function dropPhotosOfRejected(trx: Transaction<Database>, told: ReadonlyMap<number, Told>): Promise<number> {
  const pairs = [...told.values()].filter((t): t is Told & { id: string; unit: string } => t.id !== null && t.unit !== null);
  if (pairs.length === 0) return 0;
  // One at a time in a fixed order (no deadlock between batches); an upload holding one commits first.
  const keys = [...new Set(pairs.map((t) => JSON.stringify([t.unit, t.id])))].sort();
  for (const k of keys) {
    const [unit, id] = JSON.parse(k) as [string, string];
    await lockEventPhotos(trx, unit, id);
  }
  const res = await trx
    .deleteFrom('event_photos as p')
    .where(sql<boolean>`(p.owner_unit, p.event_id) in (${sql.join(pairs.map((t) => sql`(${t.unit}, ${t.id})`))})`)
    .where(sql<boolean>`not exists (select 1 from events e where e.owner_unit = p.owner_unit and e.id = p.event_id)`)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** Feed lines for the events this batch added. */
export function activityOf(fresh: readonly ProgressEvent[], targets: ReadonlyMap<string, JudgedTarget>, inserted: ReadonlyMap<string, Date>): ActivityItem[] {
  return fresh.map((e): ActivityItem => {
    const t = targets.get(e.target)!;
    return {
      eventId: e.id,
      planId: t.planId,
      target: e.target,
      targetTitle: t.title,
      uom: t.uom,
      ownerUnit: t.ownerUnit,
      kind: e.kind,
      value: e.value,
      occurredAt: e.occurredAt,
      receivedAt: inserted.get(scopedKey(targets.get(e.target)!.ownerUnit, e.id))!.toISOString(),
      reporter: e.reporter ?? null,
      source: e.source ?? null,
      note: e.note ?? null,
      corrects: e.corrects ?? null,
    };
  });
}

/** One receipt per message whose reporter can be told (a readable id and a unit), in batch order. */
export function receiptsOf(
  batch: readonly IncomingMessage[],
  verdicts: readonly Verdict[],
  outcomes: readonly Outcome[],
  inserted: ReadonlyMap<string, Date>,
  told: ReadonlyMap<number, Told>,
  rejectedAt: Date,
  now: Date,
): Receipt[] {
  const decided = now.toISOString();
  const receipts: Receipt[] = [];
  verdicts.forEach((v, i) => {
    const m = batch[i]!;
    if (v.ok) {
      const subject = parseProgressSubject(m.subject)!; // judging refused any other subject
      const stored = outcomes[i] === 'stored';
      receipts.push({
        eventId: v.event.id,
        target: v.event.target,
        ownerUnit: subject.unitCode,
        outcome: stored ? 'counted' : 'duplicate',
        code: null,
        message: null,
        at: stored ? inserted.get(scopedKey(subject.unitCode, v.event.id))!.toISOString() : decided,
      });
      return;
    }
    // No id: nobody can match the answer to a report. No progress subject: no unit to tell.
    const t = told.get(i) ?? toldBy(m);
    if (t.id === null || t.unit === null) return;
    receipts.push({
      eventId: t.id,
      target: t.target ?? '',
      ownerUnit: t.unit,
      outcome: 'rejected',
      code: v.code,
      message: v.message,
      at: new Date(rejectedAt).toISOString(),
    });
  });
  return receipts;
}
