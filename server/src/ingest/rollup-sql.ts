import { sql, type Transaction } from 'kysely';
import type { Database } from '@luoshi/db';
import { chinaDate, parseInstant, sumExactText, sumsEvents, type ProgressEvent } from '@luoshi/shared';
import type { JudgedTarget } from '../targets/rules';
import { scopedKey, type Corrected } from './judge';
import type { Touched } from './types';

/**
 * Moves each touched target's rollup and daily rows by the freshly inserted events only.
 * Sums happen in PostgreSQL `numeric` (values cross as their shortest decimal text), never
 * as JS float accumulation: 100 × 0.1 is exactly 10. Judging locked the rollup rows in
 * code order (targets/rules.ts `loadTotals`), so one statement updates them all and the
 * daily statements that follow read what another batch committed. Ratio targets built on a
 * moved part follow in the same transaction (version, value), so they get a live delta.
 * `locked` is what judging locked (targets/rules.ts `loadTotals`): the batch's targets and
 * the ratio targets built on them. A batch of summing targets costs one statement here.
 */
export async function applyRollups(
  trx: Transaction<Database>,
  events: readonly ProgressEvent[],
  targets: ReadonlyMap<string, JudgedTarget>,
  corrections: ReadonlyMap<string, Corrected>,
  locked: ReadonlyMap<string, number>,
): Promise<Touched[]> {
  const byTarget = new Map<string, ProgressEvent[]>();
  for (const e of events) {
    const list = byTarget.get(e.target);
    if (list) list.push(e);
    else byTarget.set(e.target, [e]);
  }
  const codes = [...byTarget.keys()].sort();
  if (codes.length === 0) return [];

  /**
   * Sums: the counted values per (target, effective China day). Summed exactly here (shared
   * `sumExactText`, decimal text for numeric), so PostgreSQL moves a few rows per target
   * instead of one per event; nothing passes through a float sum.
   */
  const dayValues = new Map<string, { code: string; day: string; values: number[]; baseline: number }>();
  /** Reading: (target, day) pairs whose last reading may have changed. */
  const readingDays = new Map<string, { code: string; day: string }>();
  /** Where a correction takes effect: where its original sits (shared/src/rollup/fold.ts). */
  const effectiveDay = (e: ProgressEvent): string => chinaDate(e.kind === 'correction' ? corrections.get(scopedKey(targets.get(e.target)!.ownerUnit, e.id))!.rootAt : e.occurredAt)!;

  /** Per target: events counted, latest event time, exact Σ; readings: the latest reading of the batch. */
  const counts: number[] = [];
  const maxAts: string[] = [];
  const adds: string[] = [];
  const readings: { code: string; at: string; id: string }[] = [];
  for (const code of codes) {
    const evs = byTarget.get(code)!;
    const info = targets.get(code)!;
    const sum = sumsEvents(info.measureKind);
    const added: number[] = [];
    for (const e of evs) {
      if (sum && (e.kind === 'increment' || e.kind === 'correction')) {
        const day = effectiveDay(e);
        const key = `${code}|${day}`;
        let d = dayValues.get(key);
        if (!d) dayValues.set(key, (d = { code, day, values: [], baseline: info.baseline }));
        d.values.push(e.value);
        added.push(e.value);
      }
      if (!sum && (e.kind === 'reading' || e.kind === 'correction')) {
        const day = effectiveDay(e);
        readingDays.set(`${code}|${day}`, { code, day });
      }
    }
    const latestReading = evs
      .filter((e) => e.kind === 'reading')
      .reduce<ProgressEvent | null>((best, e) => (best === null || laterReading(e, best) ? e : best), null);
    if (!sum && latestReading) readings.push({ code, at: latestReading.occurredAt, id: latestReading.id });
    counts.push(evs.length);
    adds.push(sumExactText(added));
    let maxAt = evs[0]!.occurredAt;
    let maxMs = parseInstant(maxAt);
    for (const e of evs) {
      const ms = parseInstant(e.occurredAt);
      if (ms > maxMs) [maxAt, maxMs] = [e.occurredAt, ms];
    }
    maxAts.push(maxAt);
  }

  // Every touched rollup (rows already locked, in code order): counts, version, latest
  // event time, and for sums the exact Σ of the counted values. Sent with the daily rows
  // below when there are any (one round trip: a CTE on another table).
  const rollupUpdate = sql`
    update target_rollups r
    set event_count = r.event_count + x.n,
        version = r.version + 1,
        updated_at = now(),
        last_occurred_at = greatest(r.last_occurred_at, x.max_at),
        value = r.value + x.add
    from unnest(${codes}::text[], ${counts}::int[], ${maxAts}::timestamptz[], ${adds}::numeric[]) as x(t, n, max_at, add)
    where r.target_code = x.t`;
  if (dayValues.size === 0) await rollupUpdate.execute(trx);
  // Reading targets: the latest reading by (occurredAt, id), if this batch's is newer.
  for (const r of readings) {
    const newer = sql<boolean>`(last_reading_at is null or (${r.at}::timestamptz, ${r.id}::text collate "C") > (last_reading_at, last_reading_id collate "C"))`;
    await trx
      .updateTable('target_rollups')
      .set({
        last_reading_id: sql<string>`case when ${newer} then ${r.id} else last_reading_id end`,
        last_reading_at: sql<Date>`case when ${newer} then ${r.at}::timestamptz else last_reading_at end`,
      })
      .where('target_code', '=', r.code)
      .execute();
  }

  if (dayValues.size > 0) {
    const steps = [...dayValues.values()];
    // One statement, all reading the same snapshot (taken before this batch touched the daily
    // rows): days already stored move by the sums of this batch's days up to them; a new day
    // starts from the stored day before it (else the baseline) plus the sums of this batch's
    // days up to it. The same values as inserting the new days first and then moving every day
    // ≥ each sum's day, in one round trip instead of two. No other batch writes these rows
    // meanwhile: their rollups are locked.
    await sql`
      with up as (${rollupUpdate} returning 1),
      x as (
        select * from unnest(${steps.map((x) => x.code)}::text[], ${steps.map((x) => x.day)}::date[],
          ${steps.map((x) => sumExactText(x.values))}::numeric[], ${steps.map((x) => x.baseline)}::numeric[]) as x(t, d, v, b)
      ),
      moved as (
        update target_daily td set value_end = td.value_end + s.add
        from (
          select p.target_code, p.day, sum(x.v) as add
          from x join target_daily p on p.target_code = x.t and p.day >= x.d
          group by p.target_code, p.day
        ) s
        where td.target_code = s.target_code and td.day = s.day
        returning 1
      )
      insert into target_daily (target_code, day, value_end)
      select x.t, x.d,
        coalesce((select p.value_end from target_daily p where p.target_code = x.t and p.day < x.d order by p.day desc limit 1), x.b)
          + (select sum(y.v) from x y where y.t = x.t and y.d <= x.d)
      from x
      where not exists (select 1 from target_daily p where p.target_code = x.t and p.day = x.d)
      on conflict (target_code, day) do nothing`.execute(trx);
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
          (select c.value from events c where c.owner_unit = e.owner_unit and c.root_id = e.id and c.kind = 'correction'
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
    await trx
      .updateTable('target_rollups as r')
      .from('targets as t')
      .set({
        value: sql<number>`coalesce((select d.value_end from target_daily d where d.target_code = r.target_code order by d.day desc limit 1), t.baseline)`,
      })
      .whereRef('t.code', '=', 'r.target_code')
      .where('r.target_code', 'in', [...new Set(r.map((p) => p.code))])
      .execute();
  }

  // Ratio targets on a moved part: their rollup follows (value as the read model derives
  // it: numerator / denominator × 100, the baseline when the denominator is 0), and the
  // version grows so every client takes the live delta. Rows locked in code order already.
  // Skipped when judging locked no ratio target: a locked code is the batch's own target or
  // a ratio target built on one, so no code beyond the batch's and no ratio among them
  // means none can follow.
  const anyRatio = [...locked.keys()].some((c) => (targets.get(c)?.measureKind ?? 'ratio') === 'ratio');
  const ratios = !anyRatio ? { rows: [] } : await sql<{ code: string; plan_id: string }>`
    update target_rollups r
    set version = r.version + 1, updated_at = now(),
        value = coalesce(n.value * 100 / nullif(d.value, 0), t.baseline)
    from targets t
    join target_rollups n on n.target_code = t.ratio_numerator
    join target_rollups d on d.target_code = t.ratio_denominator
    where r.target_code = t.code
      and (t.ratio_numerator = any(${codes}::text[]) or t.ratio_denominator = any(${codes}::text[]))
    returning t.code, t.plan_id`.execute(trx);

  const touched: Touched[] = codes.map((code) => ({ target: code, planId: targets.get(code)!.planId }));
  const seen = new Set(codes);
  for (const r of ratios.rows) if (!seen.has(r.code)) touched.push({ target: r.code, planId: r.plan_id });
  return touched;
}

function laterReading(a: ProgressEvent, b: ProgressEvent): boolean {
  const ta = Date.parse(a.occurredAt);
  const tb = Date.parse(b.occurredAt);
  return ta > tb || (ta === tb && a.id > b.id);
}

export interface EventRow {
  event: ProgressEvent;
  unit: string;
  seq: number | null;
  rootId: string | null;
}

/**
 * The batch's accepted events in one statement with one array per column (unnest), not a
 * VALUES list of 14 parameters per row: 2,000 rows are 14 parameters instead of 28,000, so
 * building, sending and planning the statement no longer cost more than the rows. Values go
 * as text into numeric, exact as they came. Ids already stored in the unit are skipped
 * (ON CONFLICT DO NOTHING). `table` is for the ingest benchmark, whose PostgreSQL-alone
 * ceiling writes the same statement into a copy.
 */
function insertStatement(rows: readonly EventRow[], table: 'events' | 'bench_events') {
  const col = <T>(f: (r: EventRow) => T): T[] => rows.map(f);
  return sql`
    insert into ${sql.table(table)} (id, owner_unit, target_code, kind, value, occurred_at, reporter, source, note, evidence, corrects, reason, stream_seq, root_id)
    select * from unnest(
      ${col((r) => r.event.id)}::text[], ${col((r) => r.unit)}::text[], ${col((r) => r.event.target)}::text[], ${col((r) => r.event.kind)}::text[],
      ${col((r) => String(r.event.value))}::numeric[], ${col((r) => r.event.occurredAt)}::timestamptz[],
      ${col((r) => r.event.reporter ?? null)}::text[], ${col((r) => r.event.source ?? null)}::text[], ${col((r) => r.event.note ?? null)}::text[],
      ${col((r) => r.event.evidence ?? null)}::text[], ${col((r) => r.event.corrects ?? null)}::text[], ${col((r) => r.event.reason ?? null)}::text[],
      ${col((r) => r.seq)}::bigint[], ${col((r) => r.rootId)}::text[])
    on conflict (owner_unit, id) do nothing
    returning owner_unit, id, received_at`;
}

/** Inserts the rows (see insertStatement); answers the ones it stored. */
export async function insertEvents(
  trx: Transaction<Database>,
  rows: readonly EventRow[],
): Promise<{ owner_unit: string; id: string; received_at: Date }[]> {
  return (await sql<{ owner_unit: string; id: string; received_at: Date }>`${insertStatement(rows, 'events')}`.execute(trx)).rows;
}

/**
 * Inserts the rows (see insertStatement) and answers only how many it stored and their
 * `received_at`: the column's default is now(), the transaction's start, one value for every
 * row, so when all were stored nothing else needs to come back (2,000 rows of id and
 * timestamp to send and parse in JS cost more than the rest of the answer). writeBatch's
 * optimistic pass, which gives up when fewer than all were stored, and the benchmark's
 * PostgreSQL-alone ceiling use this one.
 */
export async function insertAllEvents(
  trx: Transaction<Database>,
  rows: readonly EventRow[],
  table: 'events' | 'bench_events' = 'events',
): Promise<{ stored: number; receivedAt: Date | null }> {
  const res = await sql<{ stored: number; received_at: Date | null }>`
    with ins as (${insertStatement(rows, table)})
    select count(*)::int as stored, min(received_at) as received_at from ins`.execute(trx);
  return { stored: res.rows[0]!.stored, receivedAt: res.rows[0]!.received_at };
}
