import { sql, type Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import {
  assessTarget,
  chinaDate,
  DEFAULT_STATUS_BANDS,
  ratioValue,
  runRateWindow,
  type Direction,
  type MeasureKind,
  type Milestone,
  type StatusBands,
  type TargetState,
  type TargetUpdate,
} from '@luoshi/shared';

/**
 * TargetState from rollups, computed on read: status, pct, expected and forecast depend
 * on "today", so they are not stored (they would go stale at midnight without an event).
 * Per target this needs its rollup row and ONE daily value — the end of the day the
 * run-rate window starts (shared `runRateWindow`) — never its events.
 */

/**
 * The deployment's status bands (issue 17 item 7: STATUS_ON_TRACK_FROM / STATUS_AT_RISK_BELOW).
 * A process-wide setting, set once at start from the config by whoever serves or ingests
 * (server.ts, ingest/main.ts, buildApp): every read of a status — HTTP, live updates, wall
 * screens — goes through assessRows here, so they all agree, without threading the bands
 * through each of its callers.
 */
let statusBands: StatusBands = DEFAULT_STATUS_BANDS;
export function setStatusBands(bands: StatusBands): void {
  statusBands = { onTrackFrom: bands.onTrackFrom, atRiskBelow: bands.atRiskBelow };
}
export function currentStatusBands(): StatusBands {
  return statusBands;
}

export interface TargetFilter {
  plan?: string | undefined;
  codes?: readonly string[] | undefined;
  /** Section ids (a section and its subsections: the caller expands). */
  sections?: readonly string[] | undefined;
  /** Owner units (a unit and the units below it: the caller expands). */
  units?: readonly string[] | undefined;
  /** Leave draft plans' targets out (unit rooms: staff join them and never see drafts, issue 16). */
  publishedOnly?: boolean | undefined;
}

/** A target's definition and rollup, as loaded. */
export interface TargetRow {
  code: string;
  planId: string;
  sectionId: string | null;
  ownerUnit: string;
  title: string;
  uom: string;
  measureKind: MeasureKind;
  direction: Direction;
  baseline: number;
  targetValue: number;
  startDate: string;
  dueDate: string;
  weight: number;
  milestones: Milestone[];
  reportingIntervalDays: number;
  ratioOf: { numerator: string; denominator: string } | null;
  /** `active` | `cancelled` (migration 0016). */
  lifecycle: 'active' | 'cancelled';
  /** The plan's status: a draft's targets are not in force yet (issue 16). */
  planStatus: string;
  value: number;
  version: number;
  eventCount: number;
  lastOccurredAt: string | null;
}

export async function loadTargetRows(db: Kysely<Database>, filter: TargetFilter): Promise<TargetRow[]> {
  const rows = await db
    .selectFrom('targets as t')
    .innerJoin('target_rollups as r', 'r.target_code', 't.code')
    .innerJoin('plans as p', 'p.id', 't.plan_id')
    .select([
      'p.status as planStatus',
      't.code',
      't.plan_id as planId',
      't.section_id as sectionId',
      't.owner_unit as ownerUnit',
      't.title',
      't.uom',
      't.measure_kind as measureKind',
      't.direction',
      't.baseline',
      't.target_value as targetValue',
      't.start_date as startDate',
      't.due_date as dueDate',
      't.weight',
      't.milestones',
      't.reporting_interval_days as reportingIntervalDays',
      't.ratio_numerator as numerator',
      't.ratio_denominator as denominator',
      't.status as lifecycle',
      'r.value',
      'r.version',
      'r.event_count as eventCount',
      'r.last_occurred_at as lastOccurredAt',
    ])
    .$if(filter.plan !== undefined, (q) => q.where('t.plan_id', '=', filter.plan!))
    .$if(filter.codes !== undefined, (q) => q.where('t.code', 'in', filter.codes!.length ? [...filter.codes!] : ['']))
    .$if(filter.sections !== undefined, (q) =>
      q.where('t.section_id', 'in', filter.sections!.length ? [...filter.sections!] : ['']),
    )
    .$if(filter.units !== undefined, (q) =>
      q.where('t.owner_unit', 'in', filter.units!.length ? [...filter.units!] : ['']),
    )
    .$if(filter.publishedOnly === true, (q) => q.where('p.status', '!=', 'draft'))
    .orderBy('t.code')
    .execute();
  return rows.map(({ numerator, denominator, ...r }) => ({
    ...r,
    measureKind: r.measureKind as MeasureKind,
    direction: r.direction as Direction,
    lifecycle: r.lifecycle === 'cancelled' ? 'cancelled' : 'active',
    ratioOf: numerator && denominator ? { numerator, denominator } : null,
    lastOccurredAt: r.lastOccurredAt ? new Date(r.lastOccurredAt).toISOString() : null,
  }));
}

/** Values at the end of given days, from target_daily: one index probe per pair. */
export async function valuesAt(
  db: Kysely<Database>,
  pairs: readonly { code: string; day: string }[],
): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  if (pairs.length === 0) return out;
  const res = await sql<{ t: string; d: string; v: number | null }>`
    select x.t, x.d::text as d,
      (select p.value_end from target_daily p where p.target_code = x.t and p.day <= x.d order by p.day desc limit 1) as v
    from unnest(${pairs.map((p) => p.code)}::text[], ${pairs.map((p) => p.day)}::date[]) as x(t, d)`.execute(db);
  for (const r of res.rows) out.set(`${r.t}|${r.d}`, r.v === null ? null : Number(r.v));
  return out;
}

const later = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a > b ? a : b);

/**
 * Assesses targets as of the end of `asOf` (China date). Ratio targets take their value
 * from their parts' rollups (loaded here when not among `rows`).
 */
export async function assessRows(
  db: Kysely<Database>,
  rows: readonly TargetRow[],
  asOf: string,
): Promise<TargetState[]> {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const missing = new Set<string>();
  for (const r of rows) {
    if (!r.ratioOf) continue;
    for (const c of [r.ratioOf.numerator, r.ratioOf.denominator]) if (!byCode.has(c)) missing.add(c);
  }
  if (missing.size > 0) for (const r of await loadTargetRows(db, { codes: [...missing] })) byCode.set(r.code, r);

  // Current value and last update per target (ratio: derived from its parts).
  const current = rows.map((r) => {
    if (!r.ratioOf) return { row: r, value: r.value, lastUpdate: r.lastOccurredAt };
    const n = byCode.get(r.ratioOf.numerator);
    const d = byCode.get(r.ratioOf.denominator);
    const v = n && d ? ratioValue(n.value, d.value) : null;
    return {
      row: r,
      value: v ?? r.baseline,
      lastUpdate: later(r.lastOccurredAt, later(n?.lastOccurredAt ?? null, d?.lastOccurredAt ?? null)),
    };
  });

  const asOfDay = (c: (typeof current)[number]): string | null => runRateWindow(c.row, c.lastUpdate, asOf).start;
  const pairs: { code: string; day: string }[] = [];
  const windows = current.map((c) => {
    const day = asOfDay(c);
    if (day !== null) {
      if (c.row.ratioOf) pairs.push({ code: c.row.ratioOf.numerator, day }, { code: c.row.ratioOf.denominator, day });
      else pairs.push({ code: c.row.code, day });
    }
    return day;
  });
  const at = await valuesAt(db, pairs);
  const valueAt = (code: string, day: string): number => at.get(`${code}|${day}`) ?? byCode.get(code)?.baseline ?? 0;

  return current.map((c, i) => {
    const r = c.row;
    const day = windows[i] ?? null;
    let series: { date: string; value: number }[] | undefined;
    if (day !== null) {
      const v = r.ratioOf
        ? ratioValue(valueAt(r.ratioOf.numerator, day), valueAt(r.ratioOf.denominator, day))
        : valueAt(r.code, day);
      series = v === null ? undefined : [{ date: day, value: v }];
    }
    const a = assessTarget(r, { value: c.value, lastUpdate: c.lastUpdate, series }, asOf, undefined, statusBands);
    return {
      code: r.code,
      planId: r.planId,
      sectionId: r.sectionId,
      ownerUnit: r.ownerUnit,
      title: r.title,
      uom: r.uom,
      measureKind: r.measureKind,
      direction: r.direction,
      baseline: r.baseline,
      targetValue: r.targetValue,
      startDate: r.startDate,
      dueDate: r.dueDate,
      weight: r.weight,
      milestones: r.milestones,
      reportingIntervalDays: r.reportingIntervalDays,
      ratioOf: r.ratioOf,
      lifecycle: r.lifecycle,
      value: c.value,
      version: r.version,
      eventCount: r.eventCount,
      lastOccurredAt: c.lastUpdate,
      // A draft is not in force: nothing is late or overdue before it is published (issue 16).
      status: r.planStatus === 'draft' ? 'not_started' : a.status,
      pct: a.pct,
      expected: a.expected,
      paceRatio: a.paceRatio,
      statusRatio: a.statusRatio,
      paceDate: a.paceDate,
      forecastDate: a.forecast.projectedCompletion,
      projectedValueAtDue: a.forecast.projectedValueAtDue,
      runRate: a.forecast.runRate,
      requiredRate: a.forecast.requiredRate,
      finishesLate: a.forecast.finishesLate,
      halfwayFlagged: a.halfway.flagged,
      stale: a.stale,
    };
  });
}

/** Today in China, the day statuses are judged on. */
export function chinaToday(now: Date): string {
  return chinaDate(now)!;
}

/** The live shape of a target's state: what every delta and every snapshot carries. */
export function toTargetUpdate(s: TargetState): TargetUpdate {
  return {
    target: s.code,
    planId: s.planId,
    ownerUnit: s.ownerUnit,
    value: s.value,
    pct: s.pct,
    status: s.status,
    forecastDate: s.forecastDate,
    lastOccurredAt: s.lastOccurredAt,
    version: s.version,
  };
}

/**
 * Live updates for targets, status included, from the rollups as committed: called once
 * per batch after commit (ingest worker) and for socket snapshots, never inside a write.
 */
export async function targetUpdates(db: Kysely<Database>, filter: TargetFilter, now: Date): Promise<TargetUpdate[]> {
  const rows = await loadTargetRows(db, filter);
  return (await assessRows(db, rows, chinaToday(now))).map(toTargetUpdate);
}
