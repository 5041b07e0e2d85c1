/**
 * Figures that describe something rather than state what is delivered: the size or capacity of a
 * facility, an age band, a breakdown in brackets, a figure that only qualifies a noun, a report's
 * mention of what someone proposes. Each test reads only the clause around the figure, so it
 * holds for any document of the genre rather than for the words of one.
 */
import type { FoundQuantity } from './quantities';
import { ACTION_VERBS } from './lexicon';
import { findFirst } from './words';

/**
 * 用地面积7165.96平方米, 宽度约33米, 日处理400吨: a measure of the thing, not an amount of work.
 * 满产10万头 (at full output) and 存栏5000头 (head in stock) are a farm's capacity and stock, not work delivered.
 * 年输气量2亿方, 年吞吐量: what a facility moves in a year is its capacity.
 * 装机 is left out: 新增装机2000千瓦 is capacity delivered.
 */
const MEASURE_OF_THING =
  /(?:(?:用地|建筑|占地|总用地)面积|宽度|宽|高度|层高|深度|直径|跨度|日处理|日均处理|年处理|日供水|年产能|产能|年产|日产|能力|满产|设计规模|建筑规模|存栏|存栏量|年存栏|年[输供处吞售接][^，,；;。\d]{0,2}量)(?:将)?(?:为|约|达到|达|近)?$/;
/** 拆除建筑面积5000余平方米: the area is what the work removed or built. */
const WORK_ON_AREA = /(?:拆除|拆迁|新建|建成|改造|完成|腾退|整治)(?:建筑|占地)面积(?:为|约|达)?$|新增(?:年)?产能(?:为|约|达)?$/;

const FACILITY_OF = /^[^，,；;。、\s\d了]{0,4}的[^，,；;。、\s\d]{0,8}?(?:停车场|综合楼|大楼|中心|厂房|教堂|场馆|设施|用房)(?![^，,；;。]{0,6}(?:改造|建设|提升|整治))/;

export function isSpecification(before: string, after: string, q: FoundQuantity): boolean {
  if (MEASURE_OF_THING.test(before) && !WORK_ON_AREA.test(before)) return true;
  // 达到1.5万吨规模: a capacity.
  // 32栋规模养殖场, 规模企业: 规模 before a noun is an adjective, not a capacity.
  if (/^规模(?=$|[的，,；;。、)）!！\s])/.test(after)) return true;
  // 40个停车位的停车场, 303平方米的综合楼, 信众3000余人的教堂: the figure describes a building. Not
  // money (投资2亿元的公司 reports money attracted), and not a scope (55个住宅的老旧电梯进行改造).
  // 拆除建筑面积3000余平方米的违章厂房: what the work removed, described by what it was.
  const workOnIt = /(?:拆除|拆迁|腾退|新建|建成|改造|整治)[^，,；;。\d]{0,6}$/.test(before);
  return q.unitCategory !== 'money' && !workOnIt && FACILITY_OF.test(after);
}

/** 12岁及以上人群, 3-11岁: an age band names a group; an age is a target only as a level (寿命达82.4岁). */
export function isAgeBand(before: string, q: FoundQuantity): boolean {
  return q.unitCategory === 'age' && !/(?:达到|达|提高到|提升到|寿命)[^，,；;。]{0,2}$/.test(before);
}

/** (涵盖商贸业9家、建筑业5家…), (其中,批发21家…): the brackets break down a figure already given. */
export function isBracketBreakdown(sentence: string, q: FoundQuantity): boolean {
  const head = sentence.slice(0, q.start);
  const open = Math.max(head.lastIndexOf('('), head.lastIndexOf('（'));
  if (open < 0 || Math.max(head.lastIndexOf(')'), head.lastIndexOf('）')) > open) return false;
  return /^[(（]\s*(?:其中|涵盖|包括|包含|含|分别为|分别是)/.test(head.slice(open));
}

const yearlyWork = (afterPer: string): boolean => {
  const m = /^(?:年|学年|年度)(.+)$/.exec(afterPer);
  return m !== null && findFirst(m[1]!, ACTION_VERBS)?.index === 0;
};

/** 每艘增配1只, 户均增收: a rate per item. 每年为6万余名学生 is a yearly total, not a rate. */
export function isPerItem(before: string): boolean {
  const per = /每([^，,；;。\d]{1,4})$/.exec(before);
  // 每天6小时 and 平均每日超过550吨 are rates; 每学年为6万余名学生 is what a year delivers.
  // 每年改善8000户: a verb right after 每年 makes the figure a year's total (a yearly target), not a rate.
  if (per && !/^(?:年|学年|月|季度|周|天|日|年度)(?:为|向|给)[^，,；;。\d]*$/.test(per[1]!) && !yearlyWork(per[1]!)) return true;
  if (/平均[^，,；;。\d]{0,6}$/.test(before)) return true;
  // 人均纯收入达11963元 is a level of income, not a rate per item (isStandard says the same).
  return /每[人户个家名位所村校艘辆][^，,；;。\d]{0,6}$/.test(before) || (/(?:户均|人均)[^，,；;。\d]{0,4}$/.test(before) && !/收入[^，,；;。\d]{0,3}$/.test(before));
}

/**
 * In a report, 拟建设5300平方米…, 预计每年可增收30万元, 达成投资100万元的…合作意向, 10个项目正在
 * 实施: what someone proposes, expects or has under way, not what was delivered.
 */
export function isProposal(before: string, after: string): boolean {
  return (
    /拟[^，,；;。]{0,4}$|预计[^，,；;。]{0,8}$/.test(before) ||
    // 逐步开展2024年9500亩高标准农田建设项目: in a report, work begun gradually or going on now is under way.
    /(?:逐步|正在|仍在|尚在)(?:开展|推进|实施|建设|推动)[^，,；;。]{0,10}$/.test(before) ||
    /^[^，,；;。]{0,12}意向/.test(after) ||
    // 2座公厕进入招标环节, 3个项目处于前期阶段: a stage reached on the way, not the thing delivered.
    /^[^，,；;。]{0,8}(?:进入|处于|转入)[^，,；;。]{0,6}(?:环节|阶段|程序|流程)/.test(after) ||
    // 其他10个项目正在实施, 第一批451个厢房正在加紧制作: under way, not yet delivered.
    // A progress report's item under way with its progress in brackets (6个老旧小区改造正在施工中(90%))
    // is a target being tracked, as the items beside it that are done.
    (/^[^，,；;。]{0,8}(?:正在|正加紧|尚未|待)/.test(after) && !/^[^，,；;。(（]{0,16}[(（]\s*\d+(?:\.\d+)?\s*%/.test(after))
  );
}

/** 大会应到代表194名,实到163名: a meeting's roll call. */
export function isRollCall(before: string, q: FoundQuantity): boolean {
  return q.unitCategory === 'people' && /(?:应到|实到|应出席|实际出席)[^，,；;。]{0,6}$/.test(before);
}

/** 使集镇面积从3平方公里向5.5平方公里迈进: the level a plan moves towards. */
export function isDirection(before: string, after: string): boolean {
  return /向$/.test(before) && /^(?:迈进|冲刺|进军|迈)/.test(after);
}

/** 每年村财可增收1.2万元, 可容纳500人: what something could yield or hold, not what was delivered. */
export function isPotential(before: string): boolean {
  return /可(?:以)?[^，,；;。\d可]{0,4}$/.test(before) && !/(?:认可|许可|可持续|可视)/.test(before.slice(-6));
}

/**
 * 低保标准达到每人每年7992元、5900元, 月人均补助水平达到140.23元: a sum in plain 元 after a standard
 * or an average is a rate per person; totals in this genre are written in 万元 or 亿元.
 */
export function isStandard(before: string, q: FoundQuantity): boolean {
  // 农民人均纯收入达11963元 is an income level, an outcome; a standard is what is paid per person.
  return q.unit === '元' && /(?:标准|水平|人均|户均|每人|每户|月均|年均)/.test(before) && !/收入[^，,；;。]{0,3}$/.test(before);
}

/** 场地从原来60㎡提升到320㎡: the level a change started from; the level reached is the figure that counts. */
export function isFromLevel(before: string, after: string): boolean {
  return /从[^，,；;。\d]{0,3}$/.test(before) && /^[^，,；;。]{0,6}(?:到|至|向)/.test(after);
}

/** 2×4.5米人行道+15米沥青路面: the cross-section of a road, widths joined by × and +, a design. */
export function isDimension(before: string, after: string): boolean {
  // A digit before the ×: "*3家" marks a list item with an asterisk, not a product.
  return /\d\s*[×xX*]\s*$/.test(before) || (/[×]/.test(before) && (/^[^，,；;。]{0,8}\+/.test(after) || /\+\s*$/.test(before)));
}

/** 投资5000万元以上的项目3个, 亿元以上项目: a size class of projects or firms, not money delivered. */
export function isSizeClass(after: string, q: FoundQuantity): boolean {
  return q.unitCategory === 'money' && /^(?:及)?(?:以上|以下)(?:的)?[^，,；;。\d]{0,4}(?:项目|企业|工程)/.test(after);
}

/**
 * 新增项目40个约3750亩,…均已完成招投标 in a report, 设备已完成招标,总投资54万元, 计划投资170万元,目前…正在装修:
 * a status at the sentence's end says the work has only reached tender, design or the building site,
 * so the figures it covers are under way, not delivered (only in a report: a plan's status line tracks
 * its target); money after a finished tender is the tender's value; planned money in a sentence that
 * says the work is under way now is intended, not spent. 已完成施工 is done, and stays; 计划投资 paired
 * with 完成投资 in a completion report is the target with its result.
 */
const STAGE = /(?:已(?:经)?完成(?:招投标|招标|设计|立项|前期工作)|(?:正在|正|已进场|已经进场)(?:招投标|招标|施工|设计))/;
const STAGE_AT_END = new RegExp(`[，,]\\s*(?:均|都|目前|现)?${STAGE.source}[^，,；;。]{0,8}[。；;！!]?\\s*$`);
const AFTER_TENDER = new RegExp(`${STAGE.source}[，,]\\s*(?:总)?投资(?:约|额)?\\s*$`);
export function isAtStage(sentence: string, q: FoundQuantity, report: boolean): boolean {
  if (report && STAGE_AT_END.test(sentence.slice(q.end))) return true;
  if (q.unitCategory !== 'money') return false;
  const head = sentence.slice(0, q.start);
  return AFTER_TENDER.test(head) || (/(?<!完成|年度|全年)计划(?:总)?投资(?:约|额)?\s*$/.test(head) && /(?:目前|正在|正加紧)/.test(sentence.slice(q.end)));
}
