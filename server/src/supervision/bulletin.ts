import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import {
  addDays,
  bulletinCategory,
  categoryCounts,
  chinaDayStartMs,
  compareTargets,
  compareUnits,
  daysBetween,
  chinaDate,
  lastDayOfMonth,
  lastDayOfPreviousMonth,
  rankUnits,
  summarizeChanges,
  sumTimeliness,
  timeliness,
  weightedMeanPct,
  type BulletinAdjustment,
  type BulletinTarget,
  type CategoryThresholds,
  type CompareResponse,
  type MonthlyBulletin,
  type PlanSummary,
  type TargetAssessment,
  type TargetPoint,
  type UnitPoint,
} from '@luoshi/shared';
import { toTargetAdjustment } from '../plan-admin/adjustments';
import { loadTargetRows, type TargetRow } from '../targets/state';
import { assessTargetsAsOf, judgeTargets, loadCycleTargets } from './data';

async function unitNames(db: Kysely<Database>, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db.selectFrom('units').select(['code', 'name']).where('code', 'in', [...codes]).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

function points(rows: readonly TargetRow[], a: ReadonlyMap<string, TargetAssessment>): TargetPoint[] {
  return rows.map((r) => {
    const s = a.get(r.code)!;
    return { code: r.code, ownerUnit: r.ownerUnit, value: s.value, pct: s.pct, status: s.status };
  });
}

/** Each owner unit's weighted completion (pct) over its targets, as the overview computes it. */
function unitPoints(rows: readonly TargetRow[], a: ReadonlyMap<string, TargetAssessment>): UnitPoint[] {
  const by = new Map<string, { weight: number; pct: number }[]>();
  for (const r of rows) by.set(r.ownerUnit, [...(by.get(r.ownerUnit) ?? []), { weight: r.weight, pct: a.get(r.code)!.pct }]);
  return [...by].map(([code, items]) => ({ code, pct: weightedMeanPct(items).pct }));
}

/** What changed in a plan between the ends of two days: per target and per unit. */
export async function planComparison(db: Kysely<Database>, plan: PlanSummary, from: string, to: string): Promise<CompareResponse> {
  const rows = await loadTargetRows(db, { plan: plan.id });
  const [a, b] = await Promise.all([assessTargetsAsOf(db, rows, from), assessTargetsAsOf(db, rows, to)]);
  const targets = compareTargets(points(rows, a), points(rows, b));
  const names = await unitNames(db, [...new Set(rows.map((r) => r.ownerUnit))]);
  return {
    from,
    to,
    targets,
    units: compareUnits(unitPoints(rows, a), unitPoints(rows, b)).map((u) => ({ ...u, name: names.get(u.code) ?? u.code })),
    summary: summarizeChanges(targets),
  };
}

/**
 * The adjustments (调整, target_changes) made to the plan's targets in [from, until): new
 * target values and due dates, cancellations, targets added — oldest first, with the target.
 */
async function monthAdjustments(db: Kysely<Database>, planId: string, from: Date, until: Date): Promise<BulletinAdjustment[]> {
  const rows = await db
    .selectFrom('target_changes as c')
    .innerJoin('targets as t', 't.code', 'c.target_code')
    .selectAll('c')
    .select(['t.title', 't.owner_unit as ownerUnit', 't.uom'])
    .where('t.plan_id', '=', planId)
    .where('c.changed_at', '>=', from)
    .where('c.changed_at', '<', until)
    .orderBy('c.changed_at')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({ ...toTargetAdjustment(r), target: r.target_code, title: r.title, ownerUnit: r.ownerUnit, uom: r.uom }));
}

/**
 * 月度通报 for `month` (YYYY-MM): every figure as it stood at the end of the month's last
 * day (or today, for the month in progress), from the daily rollups; ranks compared with
 * the previous month's end; 报送及时率 over the cycles due in the month; the month's
 * adjustments and reminders, and the instructions still open at its end.
 */
export async function monthlyBulletin(
  db: Kysely<Database>,
  plan: PlanSummary,
  month: string,
  today: string,
  thresholds: CategoryThresholds,
  /** A day inside `month` to stop at instead of its last day (the plan as of any past day). */
  day?: string,
): Promise<MonthlyBulletin> {
  const monthStart = `${month}-01`;
  const end = day ?? lastDayOfMonth(month);
  const asOf = end < today ? end : today;
  const previousAsOf = lastDayOfPreviousMonth(monthStart);
  const rows = await loadTargetRows(db, { plan: plan.id });
  const [now, before, judged] = await Promise.all([
    assessTargetsAsOf(db, rows, asOf),
    assessTargetsAsOf(db, rows, previousAsOf),
    loadCycleTargets(db, { plan: plan.id }).then((ts) => judgeTargets(db, ts, asOf)),
  ]);
  const names = await unitNames(db, [...new Set(rows.map((r) => r.ownerUnit))]);
  const targets: BulletinTarget[] = rows.map((r) => {
    const s = now.get(r.code)!;
    return { code: r.code, title: r.title, ownerUnit: r.ownerUnit, value: s.value, pct: s.pct, status: s.status, category: bulletinCategory(s, thresholds) };
  });
  const monthTimeliness = new Map(judged.map((j) => [j.target.code, timeliness(j.cycles, monthStart, asOf)]));
  const uNow = unitPoints(rows, now);
  const ranks = rankUnits(uNow);
  const unitChanges = new Map(compareUnits(unitPoints(rows, before), uNow).map((u) => [u.code, u]));
  const units = uNow
    .map((u) => {
      const ts = targets.filter((t) => t.ownerUnit === u.code);
      return {
        code: u.code,
        name: names.get(u.code) ?? u.code,
        pct: u.pct,
        rank: ranks.get(u.code) ?? null,
        rankChange: unitChanges.get(u.code)?.rankChange ?? null,
        timeliness: sumTimeliness(ts.map((t) => monthTimeliness.get(t.code)).filter((x) => x !== undefined)),
        counts: categoryCounts(ts.map((t) => t.category)),
      };
    })
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.code < b.code ? -1 : 1));

  const from = new Date(chinaDayStartMs(monthStart));
  const until = new Date(chinaDayStartMs(addDays(asOf, 1)));
  const codes = rows.map((r) => r.code);
  const unitCodes = [...names.keys()];
  const [reminders, instructions, adjustments] = await Promise.all([
    db
      .selectFrom('reminders')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('created_at', '>=', from)
      .where('created_at', '<', until)
      .where((eb) => eb.or([eb('target_code', 'in', codes.length ? codes : ['']), eb.and([eb('target_code', 'is', null), eb('unit_code', 'in', unitCodes.length ? unitCodes : [''])])]))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('instructions')
      .select(['id', 'target_code', 'unit_code', 'body', 'created_at'])
      .where('created_at', '<', until)
      .where((eb) => eb.or([eb('handled_at', 'is', null), eb('handled_at', '>=', until)]))
      .where((eb) => eb.or([eb('target_code', 'in', codes.length ? codes : ['']), eb.and([eb('target_code', 'is', null), eb('unit_code', 'in', unitCodes.length ? unitCodes : [''])])]))
      .orderBy('created_at')
      .execute(),
    monthAdjustments(db, plan.id, from, until),
  ]);
  return {
    planId: plan.id,
    month,
    asOf,
    previousAsOf,
    counts: categoryCounts(targets.map((t) => t.category)),
    targets,
    units,
    timeliness: sumTimeliness([...monthTimeliness.values()]),
    changes: summarizeChanges(compareTargets(points(rows, before), points(rows, now))),
    reminders: Number(reminders.n),
    adjustments,
    openInstructions: instructions.map((i) => ({
      id: i.id,
      target: i.target_code,
      unit: i.unit_code,
      body: i.body,
      ageDays: daysBetween(chinaDate(i.created_at)!, asOf),
    })),
  };
}
