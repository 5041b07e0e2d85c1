/**
 * How sure we are that a number-with-unit is a commitment or a reported outcome.
 *
 * An additive score over a few legible signals rather than a trained model: the five seed
 * documents are far too few to learn from, and a reviewer must be able to see why a figure was
 * or was not taken (each signal is returned with the candidate).
 */

export const WEIGHTS = {
  base: 0.3,
  arabic: 0.05,
  /** Figures of ten or more are rarely idiom (一张名片, 两个维护, 三驾马车). */
  tenOrMore: 0.05,
  verbBefore: 0.3,
  verbAfter: 0.2,
  /** "新增…企业10家,…小巨人企业12家": the second clause reuses the first one's verb. */
  verbInherited: 0.2,
  bound: 0.1,
  deadline: 0.05,
  onlyMultiplier: -0.1,
  quoted: -0.4,
  attendance: -0.4,
  background: -0.3,
  definition: -0.3,
  awardName: -0.4,
  qualifier: -0.3,
  structural: -0.4,
} as const;

export type Signal = keyof typeof WEIGHTS;

/**
 * Chinese numerals of ten or less with a classifier are, in official prose, nearly always set
 * phrases (三支队伍, 八项规定, 二次开发): GB/T 15835 asks for Arabic digits where a count is meant.
 * They may still be listed, but never above the threshold.
 */
export const SMALL_CHINESE_CAP = 0.45;

export function combine(signals: readonly Signal[], cap: number | undefined): number {
  let score = 0;
  for (const s of signals) score += WEIGHTS[s];
  if (cap !== undefined) score = Math.min(score, cap);
  return Math.round(Math.min(1, Math.max(0, score)) * 100) / 100;
}
