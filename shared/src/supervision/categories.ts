import type { TargetStatus } from '../domain/types';

/**
 * The categories readers of a 通报 use: 已完成 (finished), 超进度 (ahead of the plan line),
 * 达进度 (on it), 欠进度 (behind it). Decided from the target's status and pace ratio
 * (progress made ÷ progress the plan expected by the pace date, see pace/status.ts):
 *   finished  status achieved;
 *   ahead     pace ratio >= aheadFrom (default 1.05);
 *   on_pace   pace ratio >= onPaceFrom (default 0.95), or nothing was expected yet
 *             (not started, or a ceiling still under its ceiling);
 *   behind    otherwise, and every overdue target, stale one (no news is not on pace)
 *             and ceiling over its ceiling.
 */
export const BULLETIN_CATEGORIES = ['finished', 'ahead', 'on_pace', 'behind'] as const;
export type BulletinCategory = (typeof BULLETIN_CATEGORIES)[number];

export interface CategoryThresholds {
  aheadFrom: number;
  onPaceFrom: number;
}

export const DEFAULT_CATEGORY_THRESHOLDS: Readonly<CategoryThresholds> = Object.freeze({
  aheadFrom: 1.05,
  onPaceFrom: 0.95,
});

/** A problem with thresholds (a sentence), or null when usable. */
export function thresholdsProblem(t: CategoryThresholds): string | null {
  if (!Number.isFinite(t.aheadFrom) || !Number.isFinite(t.onPaceFrom)) return 'thresholds must be numbers';
  if (t.onPaceFrom <= 0 || t.onPaceFrom > 2) return 'onPaceFrom must be in (0, 2]';
  if (t.aheadFrom < t.onPaceFrom || t.aheadFrom > 5) return 'aheadFrom must be at least onPaceFrom and at most 5';
  return null;
}

export function bulletinCategory(
  s: { status: TargetStatus; paceRatio: number | null },
  thresholds: CategoryThresholds = DEFAULT_CATEGORY_THRESHOLDS,
): BulletinCategory {
  if (s.status === 'achieved') return 'finished';
  if (s.status === 'overdue' || s.status === 'stale' || s.status === 'at_risk') return 'behind';
  if (s.status === 'not_started' || s.paceRatio === null) return s.status === 'behind' ? 'behind' : 'on_pace';
  if (s.paceRatio >= thresholds.aheadFrom) return 'ahead';
  if (s.paceRatio >= thresholds.onPaceFrom) return 'on_pace';
  return 'behind';
}

export function categoryCounts(categories: Iterable<BulletinCategory>): Record<BulletinCategory, number> {
  const out = Object.fromEntries(BULLETIN_CATEGORIES.map((c) => [c, 0])) as Record<BulletinCategory, number>;
  for (const c of categories) out[c] += 1;
  return out;
}
