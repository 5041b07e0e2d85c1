/**
 * Whether a sentence reports the past or states a plan, when no heading says so. Reports copied
 * without their 回顾 heading (a 实事 completion notice, a page of a township report) otherwise
 * read like plans, and their statistics and completion rates are taken as targets.
 *
 * A sentence reports when it carries a report cue (已完成, 同比, 完成率, 截至目前, 今年以来, 完成了)
 * and no plan cue (将, 计划, 力争, 确保, 年底前). A whole document reports when most of the
 * sentences that carry a cue carry a report cue; its sentences without a plan cue then report too.
 */
const REPORT_CUE =
  /已(?:经)?(?:新增|完成|建成|新建|推出|实现|达|开工|投用|建|改造|发放|培训|开展|举办|累计|引进|签约|入驻)|已有(?=\s*\d)|预计全年|同比|较上年|比上年|比去年|与(?:去年|上年)(?:同期)?相比|完成[^，,；;。]{0,12}目标任务的\s*\d|完成率|截至(?:目前|\d)|今年以来|一年来|过去一年|这一年|回顾|工作总结|完成情况|总结如下|上半年|前三季度|全年(?:实现|完成|共|累计)|累计(?:完成|建成|新增|发放|培训|服务|帮扶|投入|开展|举办|实现|改造|救助|走访|排查|化解|受理)|(?:完成|实现|建成|开展|举办|新增|引进|发放|组织|推动|培育|打造|解决|取得)了/;
// 计划 as a verb, not the noun of 年度计划/占年计划 that reports measure against; 目标 only where it
// introduces one (完成目标任务 is a report's phrase); 争取 is left out because reports use it for
// funds obtained (争取上级资金100万元).
// 将…作为/列为/纳入 is the disposal construction (把), not the future: 将老旧小区改造作为一项民生工程来抓.
const PLAN_CUE = /将(?![^，,；;。]{0,20}?(?:作为|列为|纳入|视为))|(?<!年度|年|全年)计划|力争|确保|目标(?:[:：]|是|为)|年底前|年内|预期|拟/;

/** 已完成12台, 已有70%的…: 已 before a verb of work or a figure says it was done, whatever the heading. */
const DONE_CUE = /已(?:经)?(?:完成|建成|新增|新建|开工|投用|改造|发放|培训|开展|举办|引进|签约|入驻)|已有(?=\s*\d)/;

export interface Tense {
  /** True when the sentence, read with its document, reports what was done. */
  reports(sentence: string): boolean;
  /** True when the sentence itself says the work was done (已完成…), which outweighs a plan heading. */
  says(sentence: string): boolean;
}

export function readTense(sentences: readonly string[]): Tense {
  let report = 0;
  let plan = 0;
  for (const s of sentences) {
    if (PLAN_CUE.test(s)) plan += 1;
    else if (REPORT_CUE.test(s)) report += 1;
  }
  const documentReports = report >= 3 && report > 2 * plan;
  return {
    reports: (s) => !PLAN_CUE.test(s) && (documentReports || REPORT_CUE.test(s)),
    says: (s) => !PLAN_CUE.test(s) && DONE_CUE.test(s),
  };
}
