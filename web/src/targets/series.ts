import type { SeriesPoint } from '@luoshi/shared';

/**
 * A burn-up starts at the baseline on the start date: without that origin a target with
 * one report would be a single dot, and the slope of the first days would be invisible.
 */
export function withOrigin(points: SeriesPoint[], startDate: string, baseline: number): SeriesPoint[] {
  const first = points[0];
  if (first && first.date <= startDate) return points;
  return [{ date: startDate, value: baseline }, ...points];
}
