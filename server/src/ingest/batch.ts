import type { Kysely, Transaction } from 'kysely';
import type { Database } from '@luoshi/db';
import { parseProgressSubject, type ProgressEvent } from '@luoshi/shared';
import { loadRuleTargets, loadTotals } from '../targets/rules';
import { judgeBatch, scopedKey, type Verdict } from './judge';
import { activityOf, dropPhotosOfRejected, receiptsOf, recordRejections } from './outcomes';
import { applyRollups, insertEvents } from './rollup-sql';
import type { BatchResult, IncomingMessage, Outcome } from './types';

export type { BatchResult, IncomingMessage, Outcome, Touched } from './types';

/** The targets a batch names (by subject), their locked totals, and the verdicts. */
async function judgeIn(trx: Transaction<Database>, batch: readonly IncomingMessage[], now: Date) {
  const codes = new Set<string>();
  for (const m of batch) {
    const s = parseProgressSubject(m.subject);
    if (s) codes.add(s.targetCode);
  }
  const targets = await loadRuleTargets(trx, [...codes]);
  // Lock the rollups first: the bounds judge the totals these rows hold.
  const totals = await loadTotals(trx, [...targets.keys()], true);
  return { targets, ...(await judgeBatch(trx, batch, targets, totals, now)) };
}

/**
 * What ingest would decide for a batch, without writing it (the door = ingest property
 * test compares this with the door's verdicts on the same state).
 */
export async function judgeMessages(db: Kysely<Database>, batch: IncomingMessage[], now = new Date()): Promise<Verdict[]> {
  return db.transaction().execute(async (trx) => (await judgeIn(trx, batch, now)).verdicts);
}

/**
 * Judges a batch and writes it in one transaction: rejections with their reasons, events
 * with ON CONFLICT DO NOTHING, and rollups moved only by the rows actually inserted, so a
 * duplicate or a redelivery never counts twice. Throws only on infrastructure failure
 * (database unreachable); the caller then naks the whole batch. Computes no status: the
 * worker asks the read model after commit.
 */
export async function writeBatch(db: Kysely<Database>, batch: IncomingMessage[], now = new Date()): Promise<BatchResult> {
  return db.transaction().execute(async (trx) => {
    const { targets, verdicts, corrections } = await judgeIn(trx, batch, now);
    const { told, rejectedAt } = await recordRejections(trx, batch, verdicts, now);

    // Same id twice in one unit's batch (same content: judge made different content an
    // id_conflict): the first accepted copy is the event, the rest duplicates. Keyed by
    // (owner unit, id): the same id in two units is two events.
    const unitOf = (e: ProgressEvent): string => targets.get(e.target)!.ownerUnit;
    const keyOf = (e: ProgressEvent): string => scopedKey(unitOf(e), e.id);
    const accepted = new Map<string, { event: ProgressEvent; seq: number | null; index: number }>();
    verdicts.forEach((v, i) => {
      if (v.ok && !accepted.has(keyOf(v.event))) accepted.set(keyOf(v.event), { event: v.event, seq: batch[i]!.seq, index: i });
    });
    const inserted = new Map<string, Date>();
    if (accepted.size > 0) {
      const rows = await insertEvents(
        trx,
        [...accepted.values()].map(({ event: e, seq }) => ({ event: e, unit: unitOf(e), seq, rootId: corrections.get(keyOf(e))?.rootId ?? null })),
      );
      for (const r of rows) inserted.set(scopedKey(r.owner_unit, r.id), r.received_at);
    }

    await dropPhotosOfRejected(trx, told);

    const fresh = [...accepted.values()].map((a) => a.event).filter((e) => inserted.has(keyOf(e)));
    const touched = await applyRollups(trx, fresh, targets, corrections);
    const outcomes: Outcome[] = verdicts.map((v, i) => {
      if (!v.ok) return 'rejected';
      return inserted.has(keyOf(v.event)) && accepted.get(keyOf(v.event))?.index === i ? 'stored' : 'duplicate';
    });
    return {
      outcomes,
      rejects: verdicts.flatMap((v) => (v.ok ? [] : [{ code: v.code, message: v.message }])),
      touched,
      activity: activityOf(fresh, targets, inserted),
      receipts: receiptsOf(batch, verdicts, outcomes, inserted, told, rejectedAt, now),
    };
  });
}
