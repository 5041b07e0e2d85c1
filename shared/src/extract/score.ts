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
  /** 为456户独居老年人开展…: a clause that opens with 为/对 and a count names the scope of the work. */
  scope: 0.2,
  /** A line of a numbered or bare list (1。新改扩建20所公办幼儿园): the genre's way to state a commitment without a verb. */
  listItem: 0.2,
  /** A percentage in a report of the past year, or after 同比: how far something went, not a target. */
  achievedRate: -0.5,
  /** A figure of the economy as a whole in a report (地区生产总值60.3亿元). */
  statistic: -0.6,
  /** A change against last year (比上年增加5000亿元); the amount itself is the commitment. */
  yearOnYear: -0.5,
  /** The size of the 实事 list itself (票决出17项…为民办实事项目). */
  listSize: -0.5,
  /** 其中…: a breakdown of a figure already counted. */
  breakdown: -0.5,
  /** A tally of honours (省级荣誉7项). */
  honours: -0.5,
  /** 每艘增配1只: a rate per item. */
  perItem: -0.7,
  /** 不超过3起, 控制在732人以内: a cap a plan sets. */
  cap: 0.15,
  /** 建筑面积4286.2平方米, 宽度约33米, 日处理400吨, 40个停车位的停车场: what a thing measures. */
  specification: -0.7,
  /** 12岁及以上人群: an age band names a group. */
  ageBand: -0.5,
  /** In a report, 拟建设…: what someone proposes, not what was delivered. */
  proposal: -0.4,
  /** The same figure with its unit earlier in the sentence: a restatement of the scope. */
  restated: -0.4,
  /** 2140名教师服务学生25884名: the people who did the work, with the people they served counted after the verb. */
  agent: -0.3,
  /** A title line whose figure the text below states again (headlines.ts). */
  headline: -0.5,
  /** A plan's 达/降至 N: the level a target is to reach. */
  targetLevel: 0.2,
  /** A report's 达 N with no verb: the level the work reached (农户达135户). */
  levelReached: 0.2,
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
