/**
 * The plan genre's own ways of stating figures (issue 20, round 26): a construction plan itemises a
 * project's cost before or after its total, a request says what money a project needs and how much of
 * it is raised or missing, a project list gives its size beside its total, and a list of things to be
 * worked on can put its one verb at the end (对…27座…以及13个…进行提升改造). Each test reads the sentence
 * the figure is in, so it holds for any plan of the kind rather than for the words of one.
 */
import type { FoundQuantity } from './quantities';
import { findQuantities } from './quantities';
import { ACTION_VERBS } from './lexicon';
import { findFirst, type WordHit } from './words';

/** 总投资, 预计(总)投资, 总体投资需, 投资总额, 总造价: the words that state a project's whole money. */
const TOTAL_BEFORE = /(?:总投资|总体投资|投资总额|总造价|总预算|总概算|总计|合计|(?:预计|计划)(?:总)?投资)(?:需|约|为|达|预计|估算)?\s*$/;

const moneyIn = (sentence: string): FoundQuantity[] => findQuantities(sentence).filter((f) => f.unitCategory === 'money');

/** The money figure `q` is itself the project's total (预计总投资4926万元). */
export function isStatedTotal(sentence: string, q: FoundQuantity): boolean {
  return TOTAL_BEFORE.test(sentence.slice(Math.max(0, q.start - 12), q.start));
}

/**
 * 新占土地158亩计价351万元,树木包赔482万元,…道路工程费用3652万元,预计总投资4926万元: in a plan, a sentence
 * that states a project's total money itemises that total with its other money figures (land, compensation,
 * works, 自筹 shares). The items are lines of a budget; the total is what the plan commits.
 */
export function isCostItem(sentence: string, q: FoundQuantity): boolean {
  if (q.unitCategory !== 'money' || isStatedTotal(sentence, q)) return false;
  // 总投资4000万元的12个项目完成投资2600万元: money done against the total is its result, not a line of it.
  if (/(?:完成|实现|到位|累计)[^，,；;。\d]{0,4}$/.test(sentence.slice(Math.max(0, q.start - 8), q.start))) return false;
  return moneyIn(sentence).some((m) => m.start !== q.start && isStatedTotal(sentence, m));
}

/**
 * 尚缺口26万元, 需上级帮助解决65万元缺口资金: a funding gap is the part of a project's cost still missing, never money
 * delivered. 已自筹投入20万元, 乡村自筹60万元 after the money a project needs: the share already raised, a part of
 * that figure. (A 自筹 sum that is the project's only money, 乡村自筹6万元, is its budget and stays.)
 */
export function isFundingPart(sentence: string, q: FoundQuantity, before: string, after: string): boolean {
  if (q.unitCategory !== 'money') return false;
  if (/缺口[^，,；;。\d]{0,4}$/.test(before) || /^(?:的)?缺口/.test(after)) return true;
  if (!/(?:自筹|已[^，,；;。\d]{0,4}投入|配套)[^，,；;。\d]{0,4}$/.test(before)) return false;
  return moneyIn(sentence.slice(0, q.start)).length > 0;
}

/**
 * 预计需资金50万元, 所需资金…: in a plan, the money a project needs is its budget, what the office asks for and
 * commits to spend. The clause has no verb of work; 需 is its predicate.
 */
export function needsMoney(before: string, q: FoundQuantity): WordHit | undefined {
  if (q.unitCategory !== 'money') return undefined;
  const m = /(?:所|共|约|尚|还)?需(?:要)?[^，,；;。\d缺]{0,5}$/.exec(before);
  return m ? { word: '需', index: m.index } : undefined;
}

/**
 * 长1660米、宽40米,新占土地158亩…,预计总投资4926万元,进行道路工程及其配套建设: a plan's sentence can list what a
 * project covers first and give its one verb at the end (进行/实施/开展 + the work). The figures before it, with
 * no verb of their own, are that work's scope.
 */
export function verbAtEnd(sentence: string, clauseEnd: number): WordHit | undefined {
  const rest = sentence.slice(clauseEnd).replace(/[。；;!！\s]+$/, '');
  const last = rest.split(/[，,；;]/).at(-1) ?? '';
  if (rest === '' || /\d/.test(last) || !/^\s*(?:并|再|均|统一|同时)?(?:进行|实施|开展|组织实施)/.test(last)) return undefined;
  const hit = findFirst(last, ACTION_VERBS);
  return hit === undefined ? undefined : { word: hit.word, index: clauseEnd + rest.length - last.length + hit.index };
}

/**
 * 项目共8个,总投资29081万元; 计划实施项目3个,预计总投资9077万元: in a plan, a count of projects stated with their
 * total money sizes the list that follows (each project is itemised below); the total is the commitment.
 */
export function isProjectListSize(sentence: string, q: FoundQuantity, before: string): boolean {
  return (
    /^[个项]$/.test(q.unit) &&
    /项目(?:共|总数|数)?(?:为|有)?\s*(?:共)?\s*$/.test(before) &&
    /^[^。；;]{0,4}[，,]\s*(?:预计|计划)?(?:总投资|总体投资|投资总额|共投资|计划投资)/.test(sentence.slice(q.end))
  );
}

/**
 * 实验小学…占地20000平方米,建筑面积1100平方米,18个班级规模: a building is specified by its site, floor area and
 * classes together; its site (占地) beside its floor area, and its classes, are its size, not work. A road's land
 * (新占土地158亩, 占地225亩) is land the project takes, and counts.
 */
export function isBuildingSize(sentence: string, q: FoundQuantity, before: string, after: string, ownVerb: boolean): boolean {
  if (q.unitCategory === 'area' && /占地(?:面积)?(?:约|为|达)?\s*$/.test(before) && /建筑面积/.test(sentence)) return true;
  return !ownVerb && q.unit === '个' && /^班(?:级)?/.test(after);
}

/**
 * 该路总长2.5公里, 此工程全长…: in a plan, the length or area of the project a demonstrative points back to is the
 * project's counted scope (its verb was in the sentence before).
 */
export function isProjectExtent(before: string, q: FoundQuantity): boolean {
  return (
    (q.unitCategory === 'length' || q.unitCategory === 'area') &&
    /(?:该|此|本)(?:路|道路|公路|工程|项目|段|路段|线|渠|桥|河段)[^，,；;。\d]{0,3}(?:总长|全长|长度|长|总面积|面积)(?:约|为|达)?\s*$/.test(before)
  );
}

/**
 * 预期全年可实现营业收入18亿元,增加值(GDP)5亿元: what a plan expects the economy to yield (预期/预计 … 可实现) is a
 * forecast, for every figure the sentence then lists, not work the office commits to.
 */
export function isForecast(sentenceBefore: string): boolean {
  return /(?:预期|预计)[^，,；;。\d]{0,6}可(?:以|望)?(?:实现|达到|达)[^。；;]*$/.test(sentenceBefore);
}

/**
 * The year a plan's title names (2005年镇党委、政府工作打算 → 2005), when the first line is a plan's title.
 * A sentence of that plan that opens with an earlier year (2003年,我镇…先后投入241.8万元) tells the background.
 */
export function planYear(text: string): number | undefined {
  const first = /^\s*([^\n]{0,80})/.exec(text)?.[1] ?? '';
  const m = /(\d{4})年/.exec(first);
  // The title ends with what it is (…工作打算, …工作计划); a news line that mentions a 实事 list is no plan's title.
  return m && /(?:计划|打算|安排|要点|思路)[^\n，,。]{0,6}$/.test(first.trim()) && !/总结|回顾|报告|情况/.test(first) ? Number(m[1]) : undefined;
}

/**
 * 投资2667万元,…,其中实验小学投资1830万元,…;公立幼儿园投资837万元: after 其中 breaks a sum down, the items that
 * follow in the same sentence or the next item of its enumeration, each after the same word as the first
 * part, are parts of the sum too.
 */
export function continuesBreakdown(text: string, found: FoundQuantity, before: string, previousItem: string): boolean {
  if (found.unitCategory !== 'money') return false;
  // A semicolon ends a sentence here; the item before it (…;) is read with this one.
  const sentence = previousItem + text;
  const q = { ...found, start: found.start + previousItem.length };
  const word = /(投资|资金|补助|安排)(?:约|为)?\s*$/.exec(before)?.[1];
  const at = sentence.lastIndexOf('其中', q.start);
  if (word === undefined || at < 0) return false;
  const whole = moneyIn(sentence.slice(0, at));
  const parts = moneyIn(sentence.slice(at, q.start)).filter((m) => sentence.slice(at + Math.max(0, m.start - 6), at + m.start).includes(word));
  return whole.length > 0 && parts.length > 0;
}

export function opensWithEarlierYear(sentence: string, year: number | undefined): boolean {
  const m = /^\s*(\d{4})年/.exec(sentence);
  return year !== undefined && m !== null && Number(m[1]) < year;
}

interface Scored {
  value: number;
  unit: string;
  verb: string | null;
  confidence: number;
  signals: string[];
  sentenceSpan: { start: number };
}

/**
 * 两村总人口5767人,1735户… then 受益农户1735户,受益群众5767人: beneficiaries equal to a population the document gave
 * earlier as background (a figure with no verb, not taken) restate the place's size; they are not a count the
 * work reaches. Read per document, since only the text above can say so.
 */
export function markRestatedBackground<C extends Scored>(candidates: C[], restatedWeight: number): C[] {
  return candidates.map((c) => {
    if (c.confidence < 0.5 || !/^(?:受益|惠及|覆盖|涉及)$/.test(c.verb ?? '')) return c;
    const background = candidates.some(
      (o) => o.sentenceSpan.start < c.sentenceSpan.start && o.value === c.value && o.unit === c.unit && o.verb === null && o.confidence < 0.5,
    );
    if (!background) return c;
    const confidence = Math.round(Math.max(0, c.confidence + restatedWeight) * 100) / 100;
    return { ...c, confidence, signals: [...c.signals, 'restated'] };
  });
}
