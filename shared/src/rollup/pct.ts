import type { Target } from '../domain/types';

/** The fields of a target that say what "done" means. */
export type GoalOf = Pick<Target, 'measureKind' | 'direction' | 'baseline' | 'targetValue'>;

/**
 * True when `value` meets the target.
 * - up/down targets: the value has reached targetValue coming from the baseline (so a
 *   target whose baseline is above its targetValue is met at or under it, whatever
 *   `direction` says); when baseline equals targetValue, `direction` decides.
 * - ceiling: the value is at or under targetValue. Whether that counts as *achieved*
 *   is a question of time (it must stay there until the due date): see pace/status.
 */
export function isAchieved(target: GoalOf, value: number): boolean {
  const { baseline: b, targetValue: t } = target;
  if (target.measureKind === 'ceiling') return value <= t;
  if (t > b) return value >= t;
  if (t < b) return value <= t;
  return target.direction === 'down' ? value <= t : value >= t;
}

/**
 * How far from baseline (0) to target (1) the value is, not clamped: 1.12 is 12% over,
 * negative is worse than the baseline. Works for both directions because it follows
 * the sign of (targetValue − baseline): reducing incidents from 100 to 60, a value of 70
 * is 0.75. When baseline equals targetValue there is no distance: 1 if met, else 0.
 * For a ceiling see `pct`.
 */
export function progressFraction(target: GoalOf, value: number): number {
  if (target.measureKind === 'ceiling') return pct(target, value) / 100;
  const span = target.targetValue - target.baseline;
  if (span === 0) return isAchieved(target, value) ? 1 : 0;
  return (value - target.baseline) / span;
}

/**
 * Percent complete (完成率), not clamped; aggregates clamp to 0–100.
 * - up/down: 100 × progressFraction.
 * - ceiling (must stay at or under targetValue): 100 while value <= targetValue, then
 *   falls as the ceiling is overrun: 100 × target / value (60 against a ceiling of 50
 *   is 83.3%), and 0 for any overrun of a zero ceiling. A ceiling is a limit, not a
 *   distance to cover, so "how much of the allowance is used" is `value / targetValue`,
 *   which the UI can show separately.
 */
export function pct(target: GoalOf, value: number): number {
  if (target.measureKind === 'ceiling') {
    const t = target.targetValue;
    if (value <= t) return 100;
    return t > 0 ? (100 * t) / value : 0;
  }
  return 100 * progressFraction(target, value);
}
