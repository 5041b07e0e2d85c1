import { sql, type Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import {
  acceptanceRefusal,
  correctableKind,
  decodeEvent,
  idConflictMessage,
  judgeSequence,
  sameEventContent,
  sequenceKey,
  parseProgressSubject,
  type ProgressEvent,
  type RejectCode,
} from '@luoshi/shared';
import { hasNul } from '../http/text';
import type { JudgedTarget } from '../targets/rules';
import type { IncomingMessage } from './types';

/**
 * Judging a batch (issue 14): ingest is the authority for every producer. What a target
 * accepts is the shared rules' (shared/src/rules, the same the HTTP door calls); here are
 * only what needs the wire or the database: the subject, the owner unit, whether a
 * correction names a stored event, and the totals the bounds start from.
 */

export type Verdict = { ok: true; event: ProgressEvent } | { ok: false; code: RejectCode; message: string };

/**
 * The wire (payload, subject, target known and owned by the subject's unit), then what the
 * target accepts: all a message can be judged on without the locked totals, so writeBatch
 * does it before its transaction begins.
 */
export function judgeWire(msg: IncomingMessage, targets: ReadonlyMap<string, JudgedTarget>, now: Date): Verdict {
  const decoded = msg.decoded ?? decodeEvent(msg.data, now);
  if (!decoded.ok) return decoded;
  const event = decoded.event;
  // PostgreSQL text cannot hold U+0000: refuse it here rather than fail the whole batch.
  // JSON writes U+0000 only as the escape \u0000, so a payload without "u0000" holds none:
  // the walk over every field is skipped for almost every event.
  if (mayHoldNul(msg.data) && hasNul(event)) {
    return { ok: false, code: 'invalid_value', message: 'text fields must not contain the NUL character (U+0000)' };
  }
  const subject = parseProgressSubject(msg.subject);
  if (!subject || subject.targetCode !== event.target) {
    return {
      ok: false,
      code: 'subject_mismatch',
      message: `subject ${msg.subject} does not name target ${event.target}; publish on progress.<unit>.${event.target}`,
    };
  }
  const target = targets.get(event.target);
  if (!target) return { ok: false, code: 'unknown_target', message: `field "target": no target with code ${event.target}` };
  if (target.ownerUnit !== subject.unitCode) {
    return {
      ok: false,
      code: 'unit_mismatch',
      message: `target ${event.target} belongs to unit ${target.ownerUnit}, not ${subject.unitCode}`,
    };
  }
  // What the target accepts (kind, unit of measure, period): before references are resolved.
  const refused = acceptanceRefusal(event, target);
  return refused ? { ok: false, ...refused } : { ok: true, event };
}

const U0000 = Buffer.from('u0000');
const mayHoldNul = (data: Uint8Array): boolean => Buffer.from(data.buffer, data.byteOffset, data.byteLength).indexOf(U0000) >= 0;

/** What a correction compensates: the event it names and the root of that event's chain. */
export interface Corrected {
  id: string;
  targetCode: string;
  kind: string;
  rootId: string;
  rootKind: string;
  /** The root's occurredAt as an ISO instant: where the correction takes effect. */
  rootAt: string;
}

/** `owner unit` + id: the key of a stored event (ids are unique only within their owner unit). */
export const scopedKey = (unit: string, id: string): string => `${unit}\u241f${id}`;

/**
 * Keys (shared `sequenceKey`) of the batch's readable events already stored in their own owner unit (the same id
 * in another unit is another event). An event whose id is stored with different content,
 * or repeats an earlier event of the batch with different content, becomes `id_conflict`.
 * Without `lookUp` only the batch itself is compared (the optimistic first pass of
 * `writeBatch`, which looks again if the insert finds an id stored).
 */
async function storedIds(
  trx: Kysely<Database>,
  verdicts: Verdict[],
  targets: ReadonlyMap<string, JudgedTarget>,
  lookUp: boolean,
): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const v of verdicts) if (v.ok) ids.add(v.event.id);
  if (ids.size === 0) return ids;
  const rows = !lookUp ? [] : await trx
    .selectFrom('events')
    .select(['owner_unit', 'id', 'target_code as target', 'kind', 'value', 'occurred_at as occurredAt', 'note', 'evidence', 'corrects', 'reason'])
    // One array parameter, not one per id: a 2,000-id IN list costs more to parse and plan
    // than the index look-ups themselves.
    .where('id', '=', sql<string>`any(${[...ids]}::text[])`)
    .execute();
  const stored = new Map(rows.map((r) => [scopedKey(r.owner_unit, r.id), r]));
  const counted = new Set<string>();
  const firstInBatch = new Map<string, ProgressEvent>();
  verdicts.forEach((v, i) => {
    if (!v.ok) return;
    const unit = targets.get(v.event.target)!.ownerUnit;
    const key = scopedKey(unit, v.event.id);
    const before = stored.get(key) ?? firstInBatch.get(key);
    if (before && !sameEventContent(before, v.event)) {
      verdicts[i] = { ok: false, code: 'id_conflict', message: idConflictMessage(v.event, unit) };
      return;
    }
    if (stored.has(key)) counted.add(sequenceKey(v.event.target, v.event.id));
    if (!firstInBatch.has(key)) firstInBatch.set(key, v.event);
  });
  return counted;
}

/** Stored events named by the batch's corrections, with their chain's root. */
async function storedCorrected(
  trx: Kysely<Database>,
  verdicts: readonly Verdict[],
  targets: ReadonlyMap<string, JudgedTarget>,
): Promise<Map<string, Corrected>> {
  const named = new Set<string>();
  const units = new Set<string>();
  for (const v of verdicts) {
    if (v.ok && v.event.kind === 'correction' && v.event.corrects) {
      named.add(v.event.corrects);
      units.add(targets.get(v.event.target)!.ownerUnit);
    }
  }
  const stored = new Map<string, Corrected>();
  if (named.size === 0) return stored;
  // A correction resolves within its own owner unit: keyed by (unit, id).
  const rows = await trx
    .selectFrom('events as e')
    .leftJoin('events as r', (j) => j.onRef('r.id', '=', 'e.root_id').onRef('r.owner_unit', '=', 'e.owner_unit'))
    .select([
      'e.owner_unit',
      'e.id',
      'e.target_code',
      'e.kind',
      sql<string>`coalesce(r.id, e.id)`.as('root_id'),
      sql<string>`coalesce(r.kind, e.kind)`.as('root_kind'),
      sql<Date>`coalesce(r.occurred_at, e.occurred_at)`.as('root_at'),
    ])
    .where('e.id', 'in', [...named])
    .where('e.owner_unit', 'in', [...units])
    .execute();
  for (const r of rows) {
    stored.set(scopedKey(r.owner_unit, r.id), {
      id: r.id,
      targetCode: r.target_code,
      kind: r.kind,
      rootId: r.root_id,
      rootKind: r.root_kind,
      rootAt: new Date(r.root_at).toISOString(),
    });
  }
  return stored;
}

/**
 * Each accepted correction must name a stored event, or an accepted event of the same
 * batch, of its own target, whose chain ends at the event its measure counts (shared
 * `correctableKind`). Rewrites the verdicts of those that do not (until nothing changes,
 * so a correction of a refused correction is refused too); returns the rest, resolved.
 */
function judgeCorrections(
  verdicts: Verdict[],
  targets: ReadonlyMap<string, JudgedTarget>,
  stored: ReadonlyMap<string, Corrected>,
): { resolved: Map<string, Corrected>; changed: boolean } {
  const resolved = new Map<string, Corrected>();
  let any = false;
  // Most batches hold no correction: nothing to resolve, nothing to refuse.
  if (!verdicts.some((v) => v.ok && v.event.kind === 'correction' && v.event.corrects)) return { resolved, changed: false };
  for (let changed = true; changed; ) {
    changed = false;
    resolved.clear();
    // Accepted events of this batch, first copy of an id wins (as for the insert).
    const inBatch = new Map<string, ProgressEvent>();
    for (const v of verdicts) {
      const key = v.ok ? scopedKey(targets.get(v.event.target)!.ownerUnit, v.event.id) : '';
      if (v.ok && !inBatch.has(key)) inBatch.set(key, v.event);
    }
    const memo = new Map<string, Corrected | null>();
    const lookup = (id: string, unit: string, visiting: Set<string>): Corrected | null => {
      // Only this unit's events: another unit's event with the same id is not this one.
      const key = scopedKey(unit, id);
      const hit = stored.get(key) ?? memo.get(key);
      if (hit !== undefined) return hit;
      const e = inBatch.get(key);
      if (!e || visiting.has(id)) return null;
      let out: Corrected | null;
      if (e.kind !== 'correction') {
        out = { id, targetCode: e.target, kind: e.kind, rootId: id, rootKind: e.kind, rootAt: e.occurredAt };
      } else {
        visiting.add(id);
        const parent = e.corrects ? lookup(e.corrects, unit, visiting) : null;
        out = parent && { id, targetCode: e.target, kind: e.kind, rootId: parent.rootId, rootKind: parent.rootKind, rootAt: parent.rootAt };
      }
      memo.set(key, out);
      return out;
    };
    verdicts.forEach((v, i) => {
      if (!v.ok || v.event.kind !== 'correction' || !v.event.corrects) return;
      const e = v.event;
      const measure = targets.get(e.target)!.measureKind;
      const c = lookup(e.corrects!, targets.get(e.target)!.ownerUnit, new Set([e.id]));
      let reject: Verdict | null = null;
      if (!c) {
        reject = { ok: false, code: 'unknown_event', message: `correction ${e.id} names event ${e.corrects}, which was never stored` };
      } else if (c.targetCode !== e.target) {
        reject = {
          ok: false,
          code: 'correction_mismatch',
          message: `correction ${e.id} is for target ${e.target}, but event ${c.id} belongs to ${c.targetCode}`,
        };
      } else if (c.rootKind !== correctableKind(measure)) {
        reject = {
          ok: false,
          code: 'correction_mismatch',
          message: `correction ${e.id} names ${c.id}, a ${c.rootKind === c.kind ? c.kind : `correction of a ${c.rootKind}`}; only ${correctableKind(measure)} events of a ${measure} target can be corrected`,
        };
      }
      if (reject) {
        verdicts[i] = reject;
        changed = true;
        any = true;
      } else resolved.set(scopedKey(targets.get(e.target)!.ownerUnit, e.id), c!);
    });
  }
  return { resolved, changed: any };
}

export interface Judgement {
  verdicts: Verdict[];
  corrections: Map<string, Corrected>;
}

/**
 * Judges a batch inside its write transaction: the wire, correction references, then the
 * shared rules in batch order against the locked totals (`totals`); repeated until stable,
 * since a value refusal can orphan a correction of it, and refusing that correction
 * changes the totals after it. Ids already stored are duplicates: not
 * judged on value, not counted twice. Without `lookUpStored` the stored ids are not
 * looked up (writeBatch's optimistic pass, see there).
 */
export async function judgeBatch(
  trx: Kysely<Database>,
  batch: readonly IncomingMessage[],
  targets: ReadonlyMap<string, JudgedTarget>,
  totals: ReadonlyMap<string, number>,
  now: Date,
  lookUpStored = true,
  /** judgeWire's verdicts for the batch, when the caller judged them before the transaction. */
  judgedWire?: readonly Verdict[],
): Promise<Judgement> {
  const wire = judgedWire ? [...judgedWire] : batch.map((m) => judgeWire(m, targets, now));
  const counted = await storedIds(trx, wire, targets, lookUpStored);
  const stored = await storedCorrected(trx, wire, targets);
  const isReference = (v: Verdict): boolean => !v.ok && (v.code === 'unknown_event' || v.code === 'correction_mismatch');
  let verdicts = [...wire];
  for (;;) {
    // References first (a correction naming nothing is that, whatever its value)...
    judgeCorrections(verdicts, targets, stored);
    // ...then the value bounds in batch order, against the locked totals (judgeWire ran the
    // acceptance rules already, so they are not run twice)...
    const round = [...verdicts];
    const ok = round.flatMap((v, i) => (v.ok ? [{ i, event: v.event, target: targets.get(v.event.target)! }] : []));
    judgeSequence(ok, totals, counted, undefined, { acceptanceJudged: true }).forEach((r, k) => {
      if (r) round[ok[k]!.i] = { ok: false, ...r };
    });
    // ...and references again: a correction of an event refused just now names nothing.
    const { resolved, changed } = judgeCorrections(round, targets, stored);
    if (!changed) return { verdicts: round, corrections: resolved };
    // Judge the values again without those corrections (reference refusals only grow, so this ends).
    verdicts = wire.map((v, i) => (isReference(round[i]!) ? round[i]! : v));
  }
}
