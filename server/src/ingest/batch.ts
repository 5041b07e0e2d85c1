import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '@luoshi/db';
import {
  decodeEvent,
  parseProgressSubject,
  pct,
  type ActivityItem,
  type Direction,
  type MeasureKind,
  type ProgressEvent,
  type RejectCode,
  type TargetUpdate,
} from '@luoshi/shared';

/** One message as the worker hands it over: enough to decide, store and acknowledge. */
export interface IncomingMessage {
  subject: string;
  data: Uint8Array;
  /** JetStream stream sequence: the key of a rejection, so a redelivered poison message is recorded once. */
  seq: number;
}

export type Outcome = 'stored' | 'duplicate' | 'rejected';

export interface BatchResult {
  outcomes: Outcome[];
  rejects: { code: RejectCode; message: string }[];
  updates: TargetUpdate[];
  /** The events this batch actually added, for the activity feed. */
  activity: ActivityItem[];
}

interface TargetInfo {
  code: string;
  owner_unit: string;
  plan_id: string;
  measure_kind: string;
  target_value: number;
  baseline: number;
  direction: string;
  title: string;
  uom: string;
}

type Verdict = { ok: true; event: ProgressEvent } | { ok: false; code: RejectCode; message: string };

/** Which event kinds a measure accepts; a reading on a cumulative target is a producer bug. */
const ACCEPTS: Record<MeasureKind, readonly string[]> = {
  cumulative: ['increment', 'correction', 'note'],
  ceiling: ['increment', 'correction', 'note'],
  reading: ['reading', 'correction', 'note'],
  ratio: ['note'],
};

function judge(msg: IncomingMessage, targets: Map<string, TargetInfo>, now: Date): Verdict {
  const decoded = decodeEvent(msg.data, now);
  if (!decoded.ok) return decoded;
  const event = decoded.event;
  const subject = parseProgressSubject(msg.subject);
  if (!subject || subject.targetCode !== event.target) {
    return {
      ok: false,
      code: 'subject_mismatch',
      message: `subject ${msg.subject} does not name target ${event.target}; publish on progress.<unit>.${event.target}`,
    };
  }
  const target = targets.get(event.target);
  if (!target) return { ok: false, code: 'unknown_target', message: `no target with code ${event.target}` };
  if (target.owner_unit !== subject.unitCode) {
    return {
      ok: false,
      code: 'unit_mismatch',
      message: `target ${event.target} belongs to unit ${target.owner_unit}, not ${subject.unitCode}`,
    };
  }
  const kind = target.measure_kind as MeasureKind;
  if (!ACCEPTS[kind].includes(event.kind)) {
    return {
      ok: false,
      code: 'kind_mismatch',
      message: `a ${event.kind} event does not apply to ${kind} target ${event.target}`,
    };
  }
  return { ok: true, event };
}

/**
 * Validates a batch and writes it in one transaction: rejections with their reasons,
 * events with ON CONFLICT DO NOTHING, and rollups moved only by the rows actually
 * inserted, so a duplicate or a redelivery never counts twice. Throws only on
 * infrastructure failure (database unreachable); the caller then naks the whole batch.
 */
export async function writeBatch(db: Kysely<Database>, batch: IncomingMessage[], now = new Date()): Promise<BatchResult> {
  const codes = new Set<string>();
  for (const m of batch) {
    const s = parseProgressSubject(m.subject);
    if (s) codes.add(s.targetCode);
  }
  return db.transaction().execute(async (trx) => {
    const targets = new Map<string, TargetInfo>();
    if (codes.size > 0) {
      const rows = await trx
        .selectFrom('targets')
        .select(['code', 'owner_unit', 'plan_id', 'measure_kind', 'target_value', 'baseline', 'direction', 'title', 'uom'])
        .where('code', 'in', [...codes])
        .execute();
      for (const r of rows) targets.set(r.code, r);
    }

    const verdicts = batch.map((m) => judge(m, targets, now));
    const rejects = verdicts.flatMap((v, i) => (v.ok ? [] : [{ v, m: batch[i]! }]));
    if (rejects.length > 0) {
      await trx
        .insertInto('rejected_events')
        .values(
          rejects.map(({ v, m }) => ({
            subject: m.subject,
            stream_seq: m.seq,
            event_id: eventIdOf(m.data),
            code: v.code,
            message: v.message,
            payload: Buffer.from(m.data).toString('utf8').slice(0, 10_000),
          })),
        )
        .onConflict((oc) => oc.column('stream_seq').where('stream_seq', 'is not', null).doNothing())
        .execute();
    }

    const accepted = new Map<string, { event: ProgressEvent; seq: number }>();
    verdicts.forEach((v, i) => {
      // Same id twice in one batch: the first one is the event, the rest are duplicates.
      if (v.ok && !accepted.has(v.event.id)) accepted.set(v.event.id, { event: v.event, seq: batch[i]!.seq });
    });
    const inserted = new Map<string, Date>();
    if (accepted.size > 0) {
      const rows = await trx
        .insertInto('events')
        .values(
          [...accepted.values()].map(({ event: e, seq }) => ({
            id: e.id,
            target_code: e.target,
            kind: e.kind,
            value: e.value,
            occurred_at: e.occurredAt,
            reporter: e.reporter ?? null,
            source: e.source ?? null,
            note: e.note ?? null,
            evidence: e.evidence ?? null,
            corrects: e.corrects ?? null,
            reason: e.reason ?? null,
            stream_seq: seq,
          })),
        )
        .onConflict((oc) => oc.column('id').doNothing())
        .returning(['id', 'received_at'])
        .execute();
      for (const r of rows) inserted.set(r.id, r.received_at);
    }

    const fresh = [...accepted.values()].map((a) => a.event).filter((e) => inserted.has(e.id));
    const updates = await applyRollups(trx, fresh, targets);

    const outcomes: Outcome[] = verdicts.map((v, i) => {
      if (!v.ok) return 'rejected';
      const first = accepted.get(v.event.id);
      return inserted.has(v.event.id) && first?.seq === batch[i]!.seq ? 'stored' : 'duplicate';
    });
    const activity = fresh.map((e): ActivityItem => {
      const t = targets.get(e.target)!;
      return {
        eventId: e.id,
        planId: t.plan_id,
        target: e.target,
        targetTitle: t.title,
        uom: t.uom,
        ownerUnit: t.owner_unit,
        kind: e.kind,
        value: e.value,
        occurredAt: e.occurredAt,
        receivedAt: inserted.get(e.id)!.toISOString(),
        reporter: e.reporter ?? null,
        source: e.source ?? null,
        note: e.note ?? null,
        corrects: e.corrects ?? null,
      };
    });
    return { outcomes, rejects: rejects.map(({ v }) => ({ code: v.code, message: v.message })), updates, activity };
  });
}

function eventIdOf(data: Uint8Array): string | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(data).toString('utf8'));
    if (parsed && typeof parsed === 'object' && 'id' in parsed && typeof parsed.id === 'string') return parsed.id.slice(0, 128);
  } catch {
    // not JSON: no id to keep
  }
  return null;
}

/** Moves each touched target's rollup by the freshly inserted events only. */
async function applyRollups(
  trx: Transaction<Database>,
  events: ProgressEvent[],
  targets: Map<string, TargetInfo>,
): Promise<TargetUpdate[]> {
  const byTarget = new Map<string, ProgressEvent[]>();
  for (const e of events) byTarget.set(e.target, [...(byTarget.get(e.target) ?? []), e]);

  const updates: TargetUpdate[] = [];
  for (const [code, evs] of byTarget) {
    const info = targets.get(code)!;
    const delta = evs.filter((e) => e.kind === 'increment' || e.kind === 'correction').reduce((s, e) => s + e.value, 0);
    const latestReading = evs
      .filter((e) => e.kind === 'reading')
      .reduce<ProgressEvent | null>((best, e) => (best === null || laterReading(e, best) ? e : best), null);
    const maxOccurred = evs.reduce((m, e) => (e.occurredAt > m ? e.occurredAt : m), evs[0]!.occurredAt);

    let q = trx
      .updateTable('target_rollups')
      .set((eb) => ({
        event_count: eb('event_count', '+', evs.length),
        version: eb('version', '+', 1),
        updated_at: sql<Date>`now()`,
        last_occurred_at: sql<Date>`greatest(last_occurred_at, ${maxOccurred}::timestamptz)`,
      }))
      .where('target_code', '=', code);
    if (info.measure_kind === 'reading' && latestReading) {
      // The latest reading by event time wins, even when it arrives out of order.
      const at = latestReading.occurredAt;
      const newer = sql<boolean>`(last_reading_at is null or (${at}::timestamptz, ${latestReading.id}::text) > (last_reading_at, last_reading_id))`;
      q = q.set({
        value: sql<number>`case when ${newer} then ${latestReading.value}::numeric else value end`,
        last_reading_id: sql<string>`case when ${newer} then ${latestReading.id} else last_reading_id end`,
        last_reading_at: sql<Date>`case when ${newer} then ${at}::timestamptz else last_reading_at end`,
      });
    } else if (delta !== 0) {
      q = q.set((eb) => ({ value: eb('value', '+', delta) }));
    }
    const row = await q.returning(['value', 'version', 'last_occurred_at']).executeTakeFirstOrThrow();
    updates.push({
      target: code,
      planId: info.plan_id,
      value: row.value,
      pct: pct(
        {
          measureKind: info.measure_kind as MeasureKind,
          direction: info.direction as Direction,
          baseline: info.baseline,
          targetValue: info.target_value,
        },
        row.value,
      ),
      status: null,
      forecastDate: null,
      lastOccurredAt: row.last_occurred_at ? new Date(row.last_occurred_at).toISOString() : null,
      version: row.version,
    });
  }
  return updates;
}

function laterReading(a: ProgressEvent, b: ProgressEvent): boolean {
  const ta = Date.parse(a.occurredAt);
  const tb = Date.parse(b.occurredAt);
  return ta > tb || (ta === tb && a.id > b.id);
}
