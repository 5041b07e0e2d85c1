import { sql, type Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import {
  addDays,
  assessAsOf,
  chinaDayStartMs,
  daysBetween,
  finishedOn,
  isCadence,
  judgeCycles,
  owedNow,
  ratioValue,
  reportingCycles,
  timeliness,
  type Cadence,
  type JudgedCycle,
  type OwedItem,
  type TargetAssessment,
  type Timeliness,
  type ValuePoint,
} from '@luoshi/shared';
import { currentStatusBands, loadTargetRows, type TargetFilter, type TargetRow } from '../targets/state';

/**
 * The data the supervision rules (shared/src/supervision) need, read in a few set queries:
 * each target's cadence and due rule (its own or its plan's), the China days its reports
 * were received on, and its daily values (target_daily) — never a scan per target.
 */

export interface CycleTarget extends TargetRow {
  cadence: Cadence;
  dueWorkingDays: number;
  remindBeforeDays: number;
  escalateAfterDays: number;
  cancelledOn: string | null;
}

export async function loadCycleTargets(db: Kysely<Database>, filter: TargetFilter): Promise<CycleTarget[]> {
  const rows = await loadTargetRows(db, filter);
  if (rows.length === 0) return [];
  const extra = await db
    .selectFrom('targets as t')
    .innerJoin('plans as p', 'p.id', 't.plan_id')
    .select([
      't.code',
      't.cadence',
      't.cancelled_on as cancelledOn',
      'p.default_cadence as planCadence',
      'p.due_working_days as dueWorkingDays',
      'p.remind_before_days as remindBeforeDays',
      'p.escalate_after_days as escalateAfterDays',
    ])
    .where('t.code', 'in', rows.map((r) => r.code))
    .execute();
  const by = new Map(extra.map((e) => [e.code, e]));
  return rows.map((r) => {
    const e = by.get(r.code)!;
    const cadence = isCadence(e.cadence) ? e.cadence : isCadence(e.planCadence) ? e.planCadence : 'monthly';
    return {
      ...r,
      cadence,
      dueWorkingDays: e.dueWorkingDays,
      remindBeforeDays: e.remindBeforeDays,
      escalateAfterDays: e.escalateAfterDays,
      cancelledOn: e.cancelledOn === null ? null : String(e.cancelledOn).slice(0, 10),
    };
  });
}

/** Per target: the China day of every report received before the end of `asOf` (one entry per report, at most 3 a day). */
export async function reportDays(db: Kysely<Database>, codes: readonly string[], asOf: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(codes.map((c) => [c, []]));
  if (codes.length === 0) return out;
  const until = new Date(chinaDayStartMs(addDays(asOf, 1)));
  // More than a few reports on one day close no more cycles (a cycle's window holds at most two), so counts are capped.
  const res = await sql<{ t: string; d: string; n: number }>`
    select target_code as t, (received_at at time zone 'Asia/Shanghai')::date::text as d, least(count(*), 3)::int as n
    from events where target_code = any(${[...codes]}::text[]) and received_at < ${until}
    group by 1, 2`.execute(db);
  for (const r of res.rows) for (let i = 0; i < r.n; i++) out.get(r.t)?.push(r.d);
  return out;
}

/** Per target: its daily values up to `asOf` (the days its value changed). */
export async function dailyValues(db: Kysely<Database>, codes: readonly string[], asOf: string): Promise<Map<string, ValuePoint[]>> {
  const out = new Map<string, ValuePoint[]>(codes.map((c) => [c, []]));
  if (codes.length === 0) return out;
  const rows = await db
    .selectFrom('target_daily')
    .select(['target_code', sql<string>`day::text`.as('day'), 'value_end'])
    .where('target_code', 'in', [...codes])
    .where('day', '<=', asOf)
    .orderBy('day')
    .execute();
  for (const r of rows) out.get(r.target_code)?.push({ date: r.day, value: Number(r.value_end) });
  return out;
}

/** Per target: the China day of its latest event occurring on or before `asOf` (what staleness is judged by). */
export async function lastReportDays(db: Kysely<Database>, codes: readonly string[], asOf: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (codes.length === 0) return out;
  const until = new Date(chinaDayStartMs(addDays(asOf, 1)));
  const res = await sql<{ t: string; d: string }>`
    select target_code as t, (max(occurred_at) at time zone 'Asia/Shanghai')::date::text as d
    from events where target_code = any(${[...codes]}::text[]) and occurred_at < ${until}
    group by 1`.execute(db);
  for (const r of res.rows) out.set(r.t, r.d);
  return out;
}

export interface Judged {
  target: CycleTarget;
  cycles: JudgedCycle[];
  timeliness: Timeliness;
}

/** Every target's cycles judged as of `asOf`. */
export async function judgeTargets(db: Kysely<Database>, targets: readonly CycleTarget[], asOf: string): Promise<Judged[]> {
  const codes = targets.map((t) => t.code);
  const [days, daily] = await Promise.all([reportDays(db, codes, asOf), dailyValues(db, codes, asOf)]);
  return targets
    .filter((t) => t.measureKind !== 'ratio') // ratio targets are computed from others, nobody reports them
    .map((t) => {
      const cycles = judgeCycles(
        reportingCycles(t, t.cadence, t.dueWorkingDays),
        days.get(t.code) ?? [],
        { asOf, finishedOn: finishedOn(t, daily.get(t.code) ?? [], asOf), cancelledOn: t.cancelledOn },
      );
      return { target: t, cycles, timeliness: timeliness(cycles) };
    });
}

/** The owed item of one judged target, or null when it owes nothing now and nothing is coming up. */
export function owedItem(j: Judged, asOf: string): OwedItem | null {
  // A cancelled target leaves every current owed list (its missed cycles stay in its 报送及时率).
  const { missing, next } = owedNow(j.cycles, { asOf, cancelledOn: j.target.cancelledOn });
  const cycle = missing[0] ?? next;
  if (!cycle) return null;
  return {
    target: j.target.code,
    title: j.target.title,
    planId: j.target.planId,
    ownerUnit: j.target.ownerUnit,
    cadence: j.target.cadence,
    cycle: { start: cycle.start, end: cycle.end, due: cycle.due },
    outcome: missing.length > 0 ? 'missing' : 'open',
    missingCycles: missing.length,
    daysLate: missing.length > 0 ? missing[0]!.daysLate : 0,
    daysToDue: daysBetween(asOf, cycle.due),
  };
}

/** Owed items, most overdue first, then by due date. */
export function sortOwed(items: OwedItem[]): OwedItem[] {
  return items.sort((a, b) => b.daysLate - a.daysLate || (a.cycle.due < b.cycle.due ? -1 : a.cycle.due > b.cycle.due ? 1 : 0) || (a.target < b.target ? -1 : 1));
}

/** Targets as they stood at the end of `asOf`, from the daily rollups (ratio targets from their parts'). */
export async function assessTargetsAsOf(
  db: Kysely<Database>,
  rows: readonly TargetRow[],
  asOf: string,
): Promise<Map<string, TargetAssessment>> {
  const parts = new Set<string>();
  for (const r of rows) if (r.ratioOf) parts.add(r.ratioOf.numerator).add(r.ratioOf.denominator);
  const codes = [...new Set([...rows.map((r) => r.code), ...parts])];
  const [daily, last] = await Promise.all([dailyValues(db, codes, asOf), lastReportDays(db, codes, asOf)]);
  const out = new Map<string, TargetAssessment>();
  for (const r of rows) {
    let series = daily.get(r.code) ?? [];
    let lastDay = last.get(r.code) ?? null;
    if (r.ratioOf) {
      // A ratio's value on a day is numerator ÷ denominator on that day: rebuild its series from its parts'.
      const n = daily.get(r.ratioOf.numerator) ?? [];
      const d = daily.get(r.ratioOf.denominator) ?? [];
      const daysSet = [...new Set([...n, ...d].map((p) => p.date))].sort();
      series = ratioSeries(daysSet, n, d);
      const ds = [last.get(r.ratioOf.numerator), last.get(r.ratioOf.denominator)].filter((x): x is string => !!x).sort();
      lastDay = ds.at(-1) ?? null;
    }
    out.set(r.code, assessAsOf(r, series, lastDay, asOf, undefined, currentStatusBands()));
  }
  return out;
}

function ratioSeries(days: readonly string[], n: readonly ValuePoint[], d: readonly ValuePoint[]): ValuePoint[] {
  const at = (s: readonly ValuePoint[], day: string): number | null => {
    let v: number | null = null;
    for (const p of s) if (p.date <= day) v = p.value;
    return v;
  };
  const out: ValuePoint[] = [];
  for (const day of days) {
    const nv = at(n, day);
    const dv = at(d, day);
    const v = nv === null || dv === null ? null : ratioValue(nv, dv);
    if (v !== null) out.push({ date: day, value: v });
  }
  return out;
}
