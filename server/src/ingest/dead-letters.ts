import type { JetStreamManager, JsMsg, StoredMsg } from '@nats-io/jetstream';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '@luoshi/db';
import { PROGRESS_STREAM, parseProgressSubject } from '@luoshi/shared';
import { ingestMetrics } from '../metrics/metrics';

/**
 * Dead letters: messages ingest gave up on. Either the database refused one message alone
 * (`write_failed`, stored by the worker with the database's words) or JetStream delivered it
 * MAX_DELIVERIES times without an ack (`max_deliveries`: an advisory in PROGRESS_DEAD, which
 * every worker drains here). One row per stream sequence; nothing is dropped silently.
 */

export interface DeadLetter {
  seq: number;
  subject: string;
  data: Uint8Array | null;
  deliveries: number;
  reason: 'max_deliveries' | 'write_failed';
  error: string | null;
  publishedMs: number | null;
}

/**
 * Writes a dead letter once per stream sequence. A message whose event is in `events`
 * after all (a commit whose ack was lost) or that was rejected with a reason is not dead.
 * Returns whether a row was added.
 */
export async function storeDeadLetter(db: Kysely<Database>, d: DeadLetter): Promise<boolean> {
  const payload = d.data ? Buffer.from(d.data).toString('utf8') : null;
  const eventId = payload ? eventIdOf(payload) : null;
  return db.transaction().execute(async (trx) => {
    // Stored in the unit it was published for (ids are unique only per owner unit).
    const unit = parseProgressSubject(d.subject)?.unitCode;
    if (eventId && unit && (await trx.selectFrom('events').select('id').where('owner_unit', '=', unit).where('id', '=', eventId).executeTakeFirst())) return false;
    if (await trx.selectFrom('rejected_events').select('id').where('stream_seq', '=', d.seq).executeTakeFirst()) return false;
    const rows = await trx
      .insertInto('dead_letters')
      .values({
        stream_seq: d.seq,
        subject: d.subject,
        event_id: eventId,
        payload: payload?.slice(0, 100_000) ?? null,
        deliveries: d.deliveries,
        reason: d.reason,
        error: d.error,
        published_at: d.publishedMs ? new Date(d.publishedMs) : null,
      })
      .onConflict((oc) => oc.column('stream_seq').doNothing())
      .returning('id')
      .execute();
    if (rows.length > 0) ingestMetrics.deadLetters.inc({ reason: d.reason });
    return rows.length > 0;
  });
}

/** One MAX_DELIVERIES advisory: fetch the original by sequence, store it, then ack the advisory. */
export async function handleDeadLetterAdvisory(
  db: Kysely<Database>,
  jsm: JetStreamManager,
  m: JsMsg,
  retryDelayMs: (deliveryCount: number) => number,
  log: Logger,
): Promise<void> {
  let advisory: { stream_seq?: unknown; deliveries?: unknown };
  try {
    advisory = m.json();
  } catch {
    m.term();
    return;
  }
  const seq = Number(advisory.stream_seq);
  const deliveries = Number(advisory.deliveries) || 0;
  if (!Number.isSafeInteger(seq) || seq <= 0) {
    m.term();
    return;
  }
  try {
    let original: StoredMsg | null = null;
    try {
      original = await jsm.streams.getMessage(PROGRESS_STREAM, { seq });
    } catch (err) {
      // Gone from the stream (past max age, or purged): keep what the advisory says.
      if (!/no message found/i.test(String((err as Error).message))) throw err;
    }
    const stored = await storeDeadLetter(db, {
      seq,
      subject: original?.subject ?? '(no longer in the stream)',
      data: original?.data ?? null,
      deliveries,
      reason: 'max_deliveries',
      error: original ? null : 'the message was no longer in the stream when its advisory was handled',
      publishedMs: original ? original.time.getTime() : null,
    });
    m.ack();
    if (stored) log.error({ seq, deliveries, subject: original?.subject }, 'progress message given up after max deliveries; moved to dead_letters');
  } catch (err) {
    log.warn({ err, seq }, 'dead letter not stored yet; will retry');
    m.nak(retryDelayMs(m.info.deliveryCount));
  }
}

function eventIdOf(payload: string): string | null {
  try {
    const parsed: unknown = JSON.parse(payload);
    if (parsed && typeof parsed === 'object' && 'id' in parsed && typeof parsed.id === 'string') return parsed.id.slice(0, 128);
  } catch {
    // not JSON: no id
  }
  return null;
}
