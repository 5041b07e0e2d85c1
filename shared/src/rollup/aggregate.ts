import type { Target } from '../domain/types';
import { pct, type GoalOf } from './pct';

export interface WeightedPct {
  weight: number;
  /** Null (not computable, e.g. a ratio over zero) leaves the item out. */
  pct: number | null;
}

export interface Aggregate {
  /** Weighted mean of each item's pct clamped to 0–100; null when no item has a pct. */
  pct: number | null;
  /** Sum of the weights used. */
  weight: number;
  /** Items that had a pct. */
  count: number;
}

const usableWeight = (w: number): number => (Number.isFinite(w) && w > 0 ? w : 0);

/**
 * Weighted mean of percentages, each clamped to [0, 100] first so one over-achiever
 * cannot hide a laggard. Weights that are not positive finite numbers count as 0; if no
 * item has a positive weight, the items count equally (a section of unweighted targets
 * still shows a number). Aggregate sections/units/plans from their TARGETS, not from
 * sub-aggregates, unless the sub-aggregate's `weight` is passed on as its weight.
 */
export function weightedMeanPct(items: readonly WeightedPct[]): Aggregate {
  let sum = 0;
  let weight = 0;
  let plainSum = 0;
  let count = 0;
  for (const it of items) {
    if (it.pct === null || !Number.isFinite(it.pct)) continue;
    const p = Math.min(100, Math.max(0, it.pct));
    const w = usableWeight(it.weight);
    sum += w * p;
    weight += w;
    plainSum += p;
    count++;
  }
  if (count === 0) return { pct: null, weight: 0, count: 0 };
  if (weight === 0) return { pct: plainSum / count, weight: 0, count };
  return { pct: sum / weight, weight, count };
}

/** The aggregate of a group of targets with their current values (null: unknown). */
export function aggregateTargets(
  items: readonly { target: GoalOf & Pick<Target, 'weight'>; value: number | null }[],
): Aggregate {
  return weightedMeanPct(
    items.map(({ target, value }) => ({
      weight: target.weight,
      pct: value === null || !Number.isFinite(value) ? null : pct(target, value),
    })),
  );
}
