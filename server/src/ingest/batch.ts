import type { Kysely, Transaction } from 'kysely';
import type { Database } from '@luoshi/db';
import { parseProgressSubject, type ProgressEvent } from '@luoshi/shared';
import { loadRuleTargets, loadTotals, type JudgedTarget } from '../targets/rules';
import { judgeBatch, judgeWire, scopedKey, type Judgement, type Verdict } from './judge';
import { activityOf, dropPhotosOfRejected, receiptsOf, recordRejections, type Told } from './outcomes';
import { applyRollups, insertAllEvents, insertEvents } from './rollup-sql';
import type { BatchResult, IncomingMessage, Outcome, Touched, WriteSteps } from './types';

export type { BatchResult, IncomingMessage, Outcome, Touched, WriteSteps } from './types';

/** The target codes a batch names (by subject). */
function namedCodes(batch: readonly IncomingMessage[]): string[] {
  const codes = new Set<string>();
  for (const m of batch) {
    const s = parseProgressSubject(m.subject);
    if (s) codes.add(s.targetCode);
  }
  return [...codes];
}

/**
 * What ingest would decide for a batch, without writing it (the door = ingest property
 * test compares this with the door's verdicts on the same state).
 */
export async function judgeMessages(db: Kysely<Database>, batch: IncomingMessage[], now = new Date()): Promise<Verdict[]> {
  return db.transaction().execute(async (trx) => {
    const targets = await loadRuleTargets(trx, namedCodes(batch));
    const totals = await loadTotals(trx, [...targets.keys()], true);
    return (await judgeBatch(trx, batch, targets, totals, now)).verdicts;
  });
}

/**
 * Judges a batch and writes it in one transaction: rejections with their reasons, events
 * with ON CONFLICT DO NOTHING, and rollups moved only by the rows actually inserted, so a
 * duplicate or a redelivery never counts twice. Throws only on infrastructure failure
 * (database unreachable); the caller then naks the whole batch. Computes no status: the
 * worker asks the read model after commit.
 *
 * Two things keep the write short (issue 14's "full batch ≤ 1.5× PostgreSQL alone"):
 * - What needs no lock is done before the transaction begins: the target definitions are
 *   read (read committed either way: they are not locked, only the rollups are) and every
 *   message is judged on its wire, subject, owner and what its target accepts. Inside, only
 *   the judging against the locked totals remains.
 * - Ids already stored are looked for only when needed. Producers re-send with the same
 *   Nats-Msg-Id, which JetStream drops within its window, so a batch almost never holds a
 *   stored id. It is first judged as if none were; that pass is kept only if every event
 *   was accepted and the insert stored every one of them, and then no id was stored
 *   before, so the look-up would have found nothing and the verdicts are the same. On a
 *   refusal nothing is written yet, so the same transaction judges again with the stored
 *   ids (duplicates, id_conflict, refusals recorded). When the insert skipped a row (its id
 *   is stored, or another worker stored it meanwhile), the transaction rolls back and a new
 *   one judges with the stored ids. No savepoint: the usual batch saves that round trip;
 *   the rare one (a redelivery after a crash) pays a second transaction.
 */
export async function writeBatch(db: Kysely<Database>, batch: IncomingMessage[], now = new Date()): Promise<BatchResult> {
  const steps: WriteSteps = { prepare: 0, begin: 0, judge: 0, insert: 0, rollups: 0, commit: 0 };
  const lap = stopwatch(steps);
  // Before the transaction: what needs no lock. The rollup locks are then held only for
  // the judging that needs the totals, and the write.
  const targets = await loadRuleTargets(db, namedCodes(batch));
  const wire = batch.map((m) => judgeWire(m, targets, now));
  const early = await judgeEarly(db, batch, wire, targets, now);
  lap('prepare');
  const attempt = (optimistic: boolean) =>
    db.transaction().execute(async (trx) => {
      lap('begin');
      const totals = await loadTotals(trx, [...targets.keys()], true);
      if (optimistic) {
        // Judged before BEGIN against the same totals: the verdicts stand (one worker, or no
        // other wrote these targets meanwhile); otherwise judged again here, under the locks.
        const judged = early && sameTotals(targets.keys(), early.totals, totals) ? early.judgement : undefined;
        const first = await judgedWrite(trx, batch, wire, targets, totals, now, false, lap, judged);
        if (first === 'insert-skipped') throw new StoredAlready();
        if (first !== 'refused') return { written: first, passes: 1 as const };
      }
      const written = await judgedWrite(trx, batch, wire, targets, totals, now, true, lap);
      // With the look-up nothing is given up on.
      if (typeof written === 'string') throw new Error(`writeBatch: a judged write with the look-up answered ${written}`);
      return { written, passes: 2 as const };
    });
  let outcome: Awaited<ReturnType<typeof attempt>>;
  try {
    outcome = await attempt(true);
  } catch (err) {
    if (!(err instanceof StoredAlready)) throw err;
    outcome = await attempt(false);
  }
  const { written, passes } = outcome;
  lap('commit');
  const committedAt = performance.now();
  // The answers (outcomes, activity, receipts) are built after COMMIT: the rollup locks are
  // not held while they are.
  return { ...answersOf(batch, written, targets, now), steps, passes, committedAt };
}

/**
 * The optimistic pass judged before the transaction, against the totals as they are now
 * (not locked): possible when the batch needs nothing else from the database, i.e. holds no
 * correction (whose named event is looked up). Inside the transaction the locked totals are
 * compared with these; equal totals give equal verdicts (judging is a pure function of the
 * batch, the targets and the totals), so the write holds the rollup locks without judging.
 */
async function judgeEarly(
  db: Kysely<Database>,
  batch: readonly IncomingMessage[],
  wire: readonly Verdict[],
  targets: ReadonlyMap<string, JudgedTarget>,
  now: Date,
): Promise<{ totals: ReadonlyMap<string, number>; judgement: Judgement } | null> {
  if (wire.some((v) => v.ok && v.event.kind === 'correction')) return null;
  const totals = await loadTotals(db, [...targets.keys()], false);
  return { totals, judgement: await judgeBatch(db, batch, targets, totals, now, false, wire) };
}

/**
 * The locked totals hold what the early judgement read, for every target of the batch (a
 * rollup row missing then and there now counts as a change too).
 */
function sameTotals(codes: Iterable<string>, early: ReadonlyMap<string, number>, locked: ReadonlyMap<string, number>): boolean {
  for (const code of codes) if (locked.get(code) !== early.get(code)) return false;
  return true;
}

/** Thrown to roll back the optimistic pass when its insert skipped a row (see writeBatch). */
class StoredAlready extends Error {}

/** Adds the time since the previous lap to a step (steps may repeat: a second pass adds up). */
function stopwatch(steps: WriteSteps): (step: keyof WriteSteps) => void {
  let last = performance.now();
  return (step) => {
    const t = performance.now();
    steps[step] += t - last;
    last = t;
  };
}

/** What the transaction decided and wrote: enough to answer for every message after COMMIT. */
interface Written {
  verdicts: Verdict[];
  /** Per accepted (owner unit, id): the first message that carried it. */
  firstIndex: ReadonlyMap<string, number>;
  /** The events this batch inserted, by (owner unit, id), with their received_at. */
  inserted: ReadonlyMap<string, Date>;
  fresh: ProgressEvent[];
  touched: Touched[];
  told: ReadonlyMap<number, Told>;
  rejectedAt: Date;
}

/**
 * Judges and writes the batch (after its rollups are locked). Without `lookUpStored` it
 * gives up as soon as an event is refused ('refused': nothing written yet) or the insert
 * skips an accepted one ('insert-skipped': rows written, roll back); the caller then asks
 * again with the look-up.
 */
async function judgedWrite(
  trx: Transaction<Database>,
  batch: readonly IncomingMessage[],
  wire: readonly Verdict[],
  targets: ReadonlyMap<string, JudgedTarget>,
  totals: ReadonlyMap<string, number>,
  now: Date,
  lookUpStored: boolean,
  lap: (step: keyof WriteSteps) => void,
  /** The optimistic pass's judgement made before BEGIN, still valid for these totals. */
  judged?: Judgement,
): Promise<Written | 'refused' | 'insert-skipped'> {
  const { verdicts, corrections } = judged && !lookUpStored ? judged : await judgeBatch(trx, batch, targets, totals, now, lookUpStored, wire);
  if (!lookUpStored && verdicts.some((v) => !v.ok)) {
    lap('judge');
    return 'refused';
  }
  const { told, rejectedAt } = await recordRejections(trx, batch, verdicts, now);
  lap('judge');

  // Same id twice in one unit's batch (same content: judge made different content an
  // id_conflict): the first accepted copy is the event, the rest duplicates. Keyed by
  // (owner unit, id): the same id in two units is two events.
  const keyOf = (e: ProgressEvent): string => scopedKey(targets.get(e.target)!.ownerUnit, e.id);
  const accepted = new Map<string, { event: ProgressEvent; seq: number | null; index: number }>();
  verdicts.forEach((v, i) => {
    if (v.ok && !accepted.has(keyOf(v.event))) accepted.set(keyOf(v.event), { event: v.event, seq: batch[i]!.seq, index: i });
  });
  const inserted = new Map<string, Date>();
  if (accepted.size > 0) {
    const rows = [...accepted.values()].map(({ event: e, seq }) => ({ event: e, unit: targets.get(e.target)!.ownerUnit, seq, rootId: corrections.get(keyOf(e))?.rootId ?? null }));
    if (!lookUpStored) {
      // All or nothing: every accepted event stored (one received_at), else the second pass.
      const { stored, receivedAt } = await insertAllEvents(trx, rows);
      lap('insert');
      if (stored < accepted.size || !receivedAt) return 'insert-skipped';
      for (const key of accepted.keys()) inserted.set(key, receivedAt);
    } else {
      for (const r of await insertEvents(trx, rows)) inserted.set(scopedKey(r.owner_unit, r.id), r.received_at);
      lap('insert');
    }
  }
  // Only the second pass can hold refusals (the first gives up on any): their photos go.
  await dropPhotosOfRejected(trx, told);

  const fresh = [...accepted.values()].map((a) => a.event).filter((e) => inserted.has(keyOf(e)));
  const touched = await applyRollups(trx, fresh, targets, corrections, totals);
  lap('rollups');
  const firstIndex = new Map([...accepted].map(([key, a]) => [key, a.index]));
  return { verdicts, firstIndex, inserted, fresh, touched, told, rejectedAt };
}

/** Each message's outcome, the refusals, the feed lines and the receipts of a committed batch. */
function answersOf(
  batch: readonly IncomingMessage[],
  w: Written,
  targets: ReadonlyMap<string, JudgedTarget>,
  now: Date,
): Omit<BatchResult, 'steps' | 'passes' | 'committedAt'> {
  const outcomes: Outcome[] = w.verdicts.map((v, i) => {
    if (!v.ok) return 'rejected';
    const key = scopedKey(targets.get(v.event.target)!.ownerUnit, v.event.id);
    return w.inserted.has(key) && w.firstIndex.get(key) === i ? 'stored' : 'duplicate';
  });
  return {
    outcomes,
    rejects: w.verdicts.flatMap((v) => (v.ok ? [] : [{ code: v.code, message: v.message }])),
    touched: w.touched,
    activity: activityOf(w.fresh, targets, w.inserted),
    receipts: receiptsOf(batch, w.verdicts, outcomes, w.inserted, w.told, w.rejectedAt, now),
  };
}
