import { addDays } from '../calendar/ymd';
import type { TargetStatus } from '../domain/types';

/**
 * What changed between two dates ("this week vs last week"): per target the change in
 * value and percentage points, status changes, new laggards (not lagging then, lagging
 * now) and recoveries (the reverse); per unit the change in weighted completion and in
 * rank (↑2 = two places up).
 */

/** Statuses a meeting chases: 滞后, 风险, 逾期, 未报送. */
export const LAGGING_STATUSES: readonly TargetStatus[] = ['behind', 'at_risk', 'overdue', 'stale'];

export const isLagging = (s: TargetStatus): boolean => LAGGING_STATUSES.includes(s);

export interface TargetPoint {
  code: string;
  ownerUnit: string;
  value: number;
  pct: number;
  status: TargetStatus;
}

export interface TargetChange {
  code: string;
  ownerUnit: string;
  from: { value: number; pct: number; status: TargetStatus } | null;
  to: { value: number; pct: number; status: TargetStatus } | null;
  valueChange: number | null;
  /** Percentage points (pct is already a percentage). */
  pctChange: number | null;
  statusChanged: boolean;
  newLaggard: boolean;
  recovered: boolean;
}

export interface UnitPoint {
  code: string;
  /** Weighted completion in percent; null when the unit has no weighed target. */
  pct: number | null;
}

export interface UnitChange {
  code: string;
  pctFrom: number | null;
  pctTo: number | null;
  pctChange: number | null;
  rankFrom: number | null;
  rankTo: number | null;
  /** Places moved up (positive) or down (negative); null when unranked at either date. */
  rankChange: number | null;
}

export function compareTargets(from: readonly TargetPoint[], to: readonly TargetPoint[]): TargetChange[] {
  const a = new Map(from.map((t) => [t.code, t]));
  const b = new Map(to.map((t) => [t.code, t]));
  const codes = [...new Set([...a.keys(), ...b.keys()])].sort();
  return codes.map((code) => {
    const x = a.get(code);
    const y = b.get(code);
    const pick = (t: TargetPoint | undefined) => (t ? { value: t.value, pct: t.pct, status: t.status } : null);
    return {
      code,
      ownerUnit: (y ?? x)!.ownerUnit,
      from: pick(x),
      to: pick(y),
      valueChange: x && y ? y.value - x.value : null,
      pctChange: x && y ? y.pct - x.pct : null,
      statusChanged: !!x && !!y && x.status !== y.status,
      newLaggard: !!y && isLagging(y.status) && (!x || !isLagging(x.status)),
      recovered: !!x && !!y && isLagging(x.status) && !isLagging(y.status),
    };
  });
}

/** Ranks by completion, highest first; equal completion shares a rank (1, 2, 2, 4); null pct is unranked. */
export function rankUnits(units: readonly UnitPoint[]): Map<string, number> {
  const ranked = units.filter((u) => u.pct !== null).sort((p, q) => q.pct! - p.pct! || (p.code < q.code ? -1 : 1));
  const out = new Map<string, number>();
  ranked.forEach((u, i) => {
    const prev = ranked[i - 1];
    out.set(u.code, prev && prev.pct === u.pct ? out.get(prev.code)! : i + 1);
  });
  return out;
}

export function compareUnits(from: readonly UnitPoint[], to: readonly UnitPoint[]): UnitChange[] {
  const ra = rankUnits(from);
  const rb = rankUnits(to);
  const a = new Map(from.map((u) => [u.code, u.pct]));
  const b = new Map(to.map((u) => [u.code, u.pct]));
  const codes = [...new Set([...a.keys(), ...b.keys()])];
  return codes
    .map((code) => {
      const pctFrom = a.get(code) ?? null;
      const pctTo = b.get(code) ?? null;
      const rankFrom = ra.get(code) ?? null;
      const rankTo = rb.get(code) ?? null;
      return {
        code,
        pctFrom,
        pctTo,
        pctChange: pctFrom !== null && pctTo !== null ? pctTo - pctFrom : null,
        rankFrom,
        rankTo,
        rankChange: rankFrom !== null && rankTo !== null ? rankFrom - rankTo : null,
      };
    })
    .sort((p, q) => (p.rankTo ?? Infinity) - (q.rankTo ?? Infinity) || (p.code < q.code ? -1 : 1));
}

export interface ChangeSummary {
  newLaggards: number;
  recoveries: number;
  statusChanges: number;
}

export function summarizeChanges(changes: readonly TargetChange[]): ChangeSummary {
  return {
    newLaggards: changes.filter((c) => c.newLaggard).length,
    recoveries: changes.filter((c) => c.recovered).length,
    statusChanges: changes.filter((c) => c.statusChanged).length,
  };
}

/** Default comparison windows: this week vs last week (ending the same weekday), this month vs last month. */
export function defaultPeriods(today: string, kind: 'week' | 'month'): { from: string; to: string } {
  if (kind === 'week') return { from: addDays(today, -7), to: today };
  return { from: lastDayOfPreviousMonth(today), to: today };
}

/** The last day of the month before `ymd`'s. */
export function lastDayOfPreviousMonth(ymd: string): string {
  return addDays(`${ymd.slice(0, 8)}01`, -1);
}

/** The last day of the month `YYYY-MM`. */
export function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return addDays(next, -1);
}
