import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '@luoshi/db';
import {
  acceptsKind,
  chinaDate,
  lifecycleProblem,
  decodeEvent,
  isCode,
  parseProgressSubject,
  pct,
  type ActivityItem,
  type Direction,
  type MeasureKind,
  type ProgressEvent,
  type Receipt,
  type RejectCode,
  type TargetUpdate,
} from '@luoshi/shared';
import { hasNul } from '../http/text';
import { assessRows, loadTargetRows } from '../targets/state';

/** One message as the worker hands it over: enough to decide, store and acknowledge. */
export interface IncomingMessage {
  subject: string;
  data: Uint8Array;
  /**
   * JetStream stream sequence: the key of a rejection, so a redelivered poison message is
   * recorded once. Null for events written in-process without the stream (demo back-fill).
   */
  seq: number | null;
}

export type Outcome = 'stored' | 'duplicate' | 'rejected';

export interface BatchResult {
  outcomes: Outcome[];
  rejects: { code: RejectCode; message: string }[];
  updates: TargetUpdate[];
  /** The events this batch actually added, for the activity feed. */
  activity: ActivityItem[];
  /**
   * What became of each message, for its reporter (`receipts.<unit>`): one per message with
   * a readable event id and a `progress.<unit>.<target>` subject, in batch order.
   */
  receipts: Receipt[];
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
  period_start: string;
  period_end: string;
  plan_status: string;
  status: string;
}

type Verdict = { ok: true; event: ProgressEvent } | { ok: false; code: RejectCode; message: string };

function judge(msg: IncomingMessage, targets: Map<string, TargetInfo>, now: Date): Verdict {
  const decoded = decodeEvent(msg.data, now);
  if (!decoded.ok) return decoded;
  const event = decoded.event;
  // PostgreSQL text cannot hold U+0000: refuse it here rather than fail the whole batch.
  if (hasNul(event)) {
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
  if (!target) return { ok: false, code: 'unknown_target', message: `no target with code ${event.target}` };
  if (target.owner_unit !== subject.unitCode) {
    return {
      ok: false,
      code: 'unit_mismatch',
      message: `target ${event.target} belongs to unit ${target.owner_unit}, not ${subject.unitCode}`,
    };
  }
  const closed = lifecycleProblem({ target: event.target, plan: target.plan_id, planStatus: target.plan_status, targetStatus: target.status });
  if (closed) return { ok: false, ...closed };
  const kind = target.measure_kind as MeasureKind;
  if (!acceptsKind(kind, event.kind)) {
    return {
      ok: false,
      code: 'kind_mismatch',
      message: `a ${event.kind} event does not apply to ${kind} target ${event.target}`,
    };
  }
  if (event.uom !== undefined && event.uom.trim() !== target.uom) {
    return {
      ok: false,
      code: 'uom_mismatch',
      message: `target ${event.target} is measured in ${target.uom}, not ${event.uom}`,
    };
  }
  const day = chinaDate(event.occurredAt);
  if (day === null || day < target.period_start || day > target.period_end) {
    return {
      ok: false,
      code: 'out_of_period',
      message: `occurredAt ${event.occurredAt} (${day ?? '?'} China time) is outside the plan period ${target.period_start}..${target.period_end}`,
    };
  }
  return { ok: true, event };
}

/** What a correction compensates: the event it names and the root of that event's chain. */
interface Corrected {
  id: string;
  targetCode: string;
  kind: string;
  rootId: string;
  rootKind: string;
  /** The root's occurredAt as an ISO instant: where the correction takes effect. */
  rootAt: string;
}

/** The event a measure counts, i.e. what a correction on it may compensate. */
const CORRECTABLE: Record<MeasureKind, string> = {
  cumulative: 'increment',
  ceiling: 'increment',
  reading: 'reading',
  ratio: '',
};

/**
 * Second pass over the accepted events: each correction must name a stored event, or an
 * accepted event of the same batch, of its own target, whose chain ends at an increment
 * (cumulative, ceiling) or a reading (reading). Rewrites the verdicts of those that do not.
 * Returns the resolved corrections by correction id.
 */
async function judgeCorrections(
  trx: Transaction<Database>,
  verdicts: Verdict[],
  targets: Map<string, TargetInfo>,
): Promise<Map<string, Corrected>> {
  const named = new Set<string>();
  for (const v of verdicts) if (v.ok && v.event.kind === 'correction' && v.event.corrects) named.add(v.event.corrects);
  const resolved = new Map<string, Corrected>();
  if (named.size === 0) return resolved;

  const stored = new Map<string, Corrected>();
  const rows = await trx
    .selectFrom('events as e')
    .leftJoin('events as r', 'r.id', 'e.root_id')
    .select([
      'e.id',
      'e.target_code',
      'e.kind',
      sql<string>`coalesce(r.id, e.id)`.as('root_id'),
      sql<string>`coalesce(r.kind, e.kind)`.as('root_kind'),
      sql<Date>`coalesce(r.occurred_at, e.occurred_at)`.as('root_at'),
    ])
    .where('e.id', 'in', [...named])
    .execute();
  for (const r of rows) {
    stored.set(r.id, {
      id: r.id,
      targetCode: r.target_code,
      kind: r.kind,
      rootId: r.root_id,
      rootKind: r.root_kind,
      rootAt: new Date(r.root_at).toISOString(),
    });
  }
  // Accepted events of this batch, first copy of an id wins (as for the insert).
  const inBatch = new Map<string, ProgressEvent>();
  for (const v of verdicts) if (v.ok && !inBatch.has(v.event.id)) inBatch.set(v.event.id, v.event);

  const memo = new Map<string, Corrected | null>();
  const lookup = (id: string, visiting: Set<string>): Corrected | null => {
    const hit = stored.get(id) ?? memo.get(id);
    if (hit !== undefined) return hit;
    const e = inBatch.get(id);
    if (!e || visiting.has(id)) return null;
    let out: Corrected | null;
    if (e.kind !== 'correction') {
      out = { id, targetCode: e.target, kind: e.kind, rootId: id, rootKind: e.kind, rootAt: e.occurredAt };
    } else {
      visiting.add(id);
      const parent = e.corrects ? lookup(e.corrects, visiting) : null;
      out = parent && {
        id,
        targetCode: e.target,
        kind: e.kind,
        rootId: parent.rootId,
        rootKind: parent.rootKind,
        rootAt: parent.rootAt,
      };
    }
    memo.set(id, out);
    return out;
  };

  // Corrections of corrections: repeat until no verdict changes, so a correction of a
  // rejected correction is rejected too.
  for (let changed = true; changed;) {
    changed = false;
    memo.clear();
    verdicts.forEach((v, i) => {
      if (!v.ok || v.event.kind !== 'correction' || !v.event.corrects) return;
      const e = v.event;
      const target = targets.get(e.target)!;
      const c = lookup(e.corrects!, new Set([e.id]));
      let reject: Verdict | null = null;
      if (!c) {
        reject = {
          ok: false,
          code: 'unknown_event',
          message: `correction ${e.id} names event ${e.corrects}, which was never stored`,
        };
      } else if (c.targetCode !== e.target) {
        reject = {
          ok: false,
          code: 'correction_mismatch',
          message: `correction ${e.id} is for target ${e.target}, but event ${c.id} belongs to ${c.targetCode}`,
        };
      } else if (c.rootKind !== CORRECTABLE[target.measure_kind as MeasureKind]) {
        reject = {
          ok: false,
          code: 'correction_mismatch',
          message: `correction ${e.id} names ${c.id}, a ${c.rootKind === c.kind ? c.kind : `correction of a ${c.rootKind}`}; only ${CORRECTABLE[target.measure_kind as MeasureKind]} events of a ${target.measure_kind} target can be corrected`,
        };
      }
      if (reject) {
        verdicts[i] = reject;
        inBatch.delete(e.id);
        changed = true;
      } else resolved.set(e.id, c!);
    });
  }
  return resolved;
}

/**
 * Validates a batch and writes it in one transaction: rejections with their reasons,
 * events with ON CONFLICT DO NOTHING, and rollups moved only by the rows actually
 * inserted, so a duplicate or a redelivery never counts twice. Throws only on
 * infrastructure failure (database unreachable); the caller then naks the whole batch.
 */
export async function writeBatch(
  db: Kysely<Database>,
  batch: IncomingMessage[],
  now = new Date(),
): Promise<BatchResult> {
  const codes = new Set<string>();
  for (const m of batch) {
    const s = parseProgressSubject(m.subject);
    if (s) codes.add(s.targetCode);
  }
  return db.transaction().execute(async (trx) => {
    const targets = new Map<string, TargetInfo>();
    if (codes.size > 0) {
      const rows = await trx
        .selectFrom('targets as t')
        .innerJoin('plans as p', 'p.id', 't.plan_id')
        .select([
          't.code',
          't.owner_unit',
          't.plan_id',
          't.measure_kind',
          't.target_value',
          't.baseline',
          't.direction',
          't.title',
          't.uom',
          'p.period_start',
          'p.period_end',
          'p.status as plan_status',
          't.status',
        ])
        .where('t.code', 'in', [...codes])
        .execute();
      for (const r of rows) targets.set(r.code, r);
    }

    const verdicts = batch.map((m) => judge(m, targets, now));
    const corrections = await judgeCorrections(trx, verdicts, targets);
    const rejects = verdicts.flatMap((v, i) => (v.ok ? [] : [{ v, m: batch[i]!, i }]));
    /** What a rejected message said about itself, as far as it is readable. */
    const told = new Map<number, Told>();
    let rejectedAt = now;
    if (rejects.length > 0) {
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
      // One insert, one transaction timestamp: what GET /api/events/receipts will answer too.
      if (rows[0]) rejectedAt = rows[0].rejected_at;
    }

    const accepted = new Map<string, { event: ProgressEvent; seq: number | null; index: number }>();
    verdicts.forEach((v, i) => {
      // Same id twice in one batch: the first one is the event, the rest are duplicates.
      if (v.ok && !accepted.has(v.event.id)) accepted.set(v.event.id, { event: v.event, seq: batch[i]!.seq, index: i });
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
            root_id: corrections.get(e.id)?.rootId ?? null,
          })),
        )
        .onConflict((oc) => oc.column('id').doNothing())
        .returning(['id', 'received_at'])
        .execute();
      for (const r of rows) inserted.set(r.id, r.received_at);
    }

    const fresh = [...accepted.values()].map((a) => a.event).filter((e) => inserted.has(e.id));
    const updates = await applyRollups(trx, fresh, targets, corrections);
    if (updates.length > 0) {
      // Live patches carry the status and forecast as of now, from the rows just written
      // (two small queries per batch, see targets/state.ts).
      const states = await assessRows(
        trx,
        await loadTargetRows(trx, { codes: updates.map((u) => u.target) }),
        chinaDate(now)!,
      );
      const byCode = new Map(states.map((st) => [st.code, st]));
      for (const u of updates) {
        const st = byCode.get(u.target);
        if (st) Object.assign(u, { status: st.status, forecastDate: st.forecastDate, pct: st.pct });
      }
    }

    const outcomes: Outcome[] = verdicts.map((v, i) => {
      if (!v.ok) return 'rejected';
      const first = accepted.get(v.event.id);
      return inserted.has(v.event.id) && first?.index === i ? 'stored' : 'duplicate';
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
    const decided = now.toISOString();
    const receipts: Receipt[] = [];
    verdicts.forEach((v, i) => {
      const m = batch[i]!;
      if (v.ok) {
        const subject = parseProgressSubject(m.subject)!; // judge() refused any other subject
        const stored = outcomes[i] === 'stored';
        receipts.push({
          eventId: v.event.id,
          target: v.event.target,
          ownerUnit: subject.unitCode,
          outcome: stored ? 'counted' : 'duplicate',
          code: null,
          message: null,
          at: stored ? inserted.get(v.event.id)!.toISOString() : decided,
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
    return { outcomes, rejects: rejects.map(({ v }) => ({ code: v.code, message: v.message })), updates, activity, receipts };
  });
}

/** What a message says about itself: id, target, reporter from its payload, unit from its subject. */
interface Told {
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
function toldBy(m: IncomingMessage): Told {
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
const noNul = (s: string): string => s.replaceAll('\u0000', '\uFFFD');

/**
 * Moves each touched target's rollup and daily rows by the freshly inserted events only.
 * Rollup rows are updated first, in code order: that row lock serialises two batches
 * touching one target (and the order rules out deadlocks), so the daily statements that
 * follow read what the other batch committed.
 */
async function applyRollups(
  trx: Transaction<Database>,
  events: ProgressEvent[],
  targets: Map<string, TargetInfo>,
  corrections: Map<string, Corrected>,
): Promise<TargetUpdate[]> {
  const byTarget = new Map<string, ProgressEvent[]>();
  for (const e of events) byTarget.set(e.target, [...(byTarget.get(e.target) ?? []), e]);
  const codes = [...byTarget.keys()].sort();

  /** Cumulative/ceiling: delta per (target, effective China day). */
  const deltas = new Map<string, { code: string; day: string; delta: number; baseline: number }>();
  /** Reading: (target, day) pairs whose last reading may have changed. */
  const readingDays = new Map<string, { code: string; day: string }>();

  const rows = new Map<string, { value: number; version: number; last_occurred_at: Date | null }>();
  for (const code of codes) {
    const evs = byTarget.get(code)!;
    const info = targets.get(code)!;
    const sum = info.measure_kind === 'cumulative' || info.measure_kind === 'ceiling';
    let delta = 0;
    for (const e of evs) {
      if (sum && (e.kind === 'increment' || e.kind === 'correction')) {
        delta += e.value;
        // A correction takes effect where its original sits (shared/src/rollup/fold.ts).
        const day = chinaDate(e.kind === 'correction' ? corrections.get(e.id)!.rootAt : e.occurredAt)!;
        const key = `${code}|${day}`;
        const cur = deltas.get(key) ?? { code, day, delta: 0, baseline: info.baseline };
        cur.delta += e.value;
        deltas.set(key, cur);
      }
      if (info.measure_kind === 'reading' && (e.kind === 'reading' || e.kind === 'correction')) {
        const day = chinaDate(e.kind === 'correction' ? corrections.get(e.id)!.rootAt : e.occurredAt)!;
        readingDays.set(`${code}|${day}`, { code, day });
      }
    }
    const latestReading = evs
      .filter((e) => e.kind === 'reading')
      .reduce<ProgressEvent | null>((best, e) => (best === null || laterReading(e, best) ? e : best), null);
    const maxOccurred = evs.reduce(
      (m, e) => (Date.parse(e.occurredAt) > Date.parse(m) ? e.occurredAt : m),
      evs[0]!.occurredAt,
    );

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
      const at = latestReading.occurredAt;
      const newer = sql<boolean>`(last_reading_at is null or (${at}::timestamptz, ${latestReading.id}::text collate "C") > (last_reading_at, last_reading_id collate "C"))`;
      q = q.set({
        last_reading_id: sql<string>`case when ${newer} then ${latestReading.id} else last_reading_id end`,
        last_reading_at: sql<Date>`case when ${newer} then ${at}::timestamptz else last_reading_at end`,
      });
    } else if (sum && delta !== 0) {
      q = q.set((eb) => ({ value: eb('value', '+', delta) }));
    }
    rows.set(code, await q.returning(['value', 'version', 'last_occurred_at']).executeTakeFirstOrThrow());
  }

  if (deltas.size > 0) {
    const d = [...deltas.values()];
    const t = d.map((x) => x.code);
    const days = d.map((x) => x.day);
    // A new day starts from the value at the end of the day before it...
    await sql`
      insert into target_daily (target_code, day, value_end)
      select x.t, x.d, coalesce(
        (select p.value_end from target_daily p where p.target_code = x.t and p.day < x.d order by p.day desc limit 1),
        x.b)
      from unnest(${t}::text[], ${days}::date[], ${d.map((x) => x.baseline)}::numeric[]) as x(t, d, b)
      on conflict (target_code, day) do nothing`.execute(trx);
    // ...then every delta moves its own day and every later day.
    await sql`
      update target_daily td set value_end = td.value_end + s.add
      from (
        select p.target_code, p.day, sum(x.delta) as add
        from unnest(${t}::text[], ${days}::date[], ${d.map((x) => x.delta)}::numeric[]) as x(t, d, delta)
        join target_daily p on p.target_code = x.t and p.day >= x.d
        group by p.target_code, p.day
      ) s
      where td.target_code = s.target_code and td.day = s.day`.execute(trx);
  }

  if (readingDays.size > 0) {
    const r = [...readingDays.values()];
    // A day's value is its last reading by (occurredAt, id), replaced by that reading's
    // latest correction: recomputed from the (few) events of that day.
    await sql`
      insert into target_daily (target_code, day, value_end)
      select x.t, x.d, last.v
      from unnest(${r.map((p) => p.code)}::text[], ${r.map((p) => p.day)}::date[]) as x(t, d)
      cross join lateral (
        select coalesce(
          (select c.value from events c where c.root_id = e.id and c.kind = 'correction'
           order by c.occurred_at desc, c.id collate "C" desc limit 1),
          e.value) as v
        from events e
        where e.target_code = x.t and e.kind = 'reading'
          and e.occurred_at >= (x.d::timestamp at time zone 'Asia/Shanghai')
          and e.occurred_at < ((x.d + 1)::timestamp at time zone 'Asia/Shanghai')
        order by e.occurred_at desc, e.id collate "C" desc
        limit 1
      ) last
      on conflict (target_code, day) do update set value_end = excluded.value_end`.execute(trx);
    const readingCodes = [...new Set(r.map((p) => p.code))];
    const fresh = await trx
      .updateTable('target_rollups as r')
      .from('targets as t')
      .set({
        value: sql<number>`coalesce((select d.value_end from target_daily d where d.target_code = r.target_code order by d.day desc limit 1), t.baseline)`,
      })
      .whereRef('t.code', '=', 'r.target_code')
      .where('r.target_code', 'in', readingCodes)
      .returning(['r.target_code', 'r.value', 'r.version', 'r.last_occurred_at'])
      .execute();
    for (const f of fresh) rows.set(f.target_code, f);
  }

  return codes.map((code) => {
    const info = targets.get(code)!;
    const row = rows.get(code)!;
    return {
      target: code,
      planId: info.plan_id,
      ownerUnit: info.owner_unit,
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
    };
  });
}

function laterReading(a: ProgressEvent, b: ProgressEvent): boolean {
  const ta = Date.parse(a.occurredAt);
  const tb = Date.parse(b.occurredAt);
  return ta > tb || (ta === tb && a.id > b.id);
}
