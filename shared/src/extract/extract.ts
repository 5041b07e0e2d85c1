import { findDeadlines, type DeadlineMatch } from './deadlines';
import { isAgeBand, isAtStage, isBracketBreakdown, isDimension, isDirection, isFromLevel, isPerItem, isPotential, isProposal, isRollCall, isSizeClass, isSpecification, isStandard } from './describes';
import {
  ACTION_VERBS,
  ATTENDANCE_WORDS,
  AWARD_BEFORE_WORDS,
  AWARD_WORDS,
  BACKGROUND_WORDS,
  BACKGROUND_BEFORE,
  CHANGE_VERBS,
  BOUND_AFTER,
  BOUND_BEFORE,
  DEFINITION_WORDS,
  HONOUR_NOUNS,
  LIST_SIZE_AFTER,
  PLAN_HEADING,
  RETRO_HEADING_STRONG,
  RETRO_HEADING_WEAK,
  STATISTIC_NOUNS,
  OUTPUT_PRODUCTS,
  OUTPUT_UNITS,
  HANDED_OUT,
  AREA_BUILT,
  STRUCTURAL_NOUNS,
  YEAR_ON_YEAR,
  type Comparison,
} from './lexicon';
import { listLines, type Lines } from './lines';
import { findQuantities, type FoundQuantity } from './quantities';
import { markRestatedHeadlines } from './headlines';
import {
  continuesBreakdown,
  isBuildingSize,
  isCostItem,
  isForecast,
  isFundingPart,
  isProjectExtent,
  isProjectListSize,
  markRestatedBackground,
  needsMoney,
  opensWithEarlierYear,
  planYear,
  verbAtEnd,
} from './plans';
import { clauseOpeningVerb, findFirst, findLast, lastCompound, later, wordRe, isRateNoun } from './words';
import { combine, SMALL_CHINESE_CAP, WEIGHTS, type Signal } from './score';
import { detectHeadings, sectionIndex } from './sections';
import { splitClauses, splitSentences, type Sentence, type Span } from './sentences';
import { readTense, type Tense } from './tense';

/** Candidates at or above this confidence are commitments. */
export const COMMITMENT_THRESHOLD = 0.5;

export interface Bound {
  /** The words as written: 不少于, 以上, 力争, 余 … */
  words: string[];
  comparison: Comparison;
}

export interface Commitment {
  /** The sentence as it stands in the input (it may contain the source's stray line breaks). */
  sentence: string;
  sentenceSpan: Span;
  /** Number, 余/多, multiplier and unit as written: "1.57万人次". */
  quantityText: string;
  quantitySpan: Span;
  /** Headings from outermost to innermost, e.g. ["一、稳中求进,…", "(一)做大增量,强力招商引资"]. */
  sectionPath: string[];
  verb: string | null;
  value: number;
  /** Upper end of a range (3-5个); null otherwise. */
  upTo: number | null;
  unit: string;
  bound: Bound;
  deadline: string | null;
  confidence: number;
  /** The scoring signals that fired, so a reviewer can see why. */
  signals: string[];
}

export interface ExtractOptions {
  /** Drop candidates below this confidence. Defaults to COMMITMENT_THRESHOLD. */
  minConfidence?: number;
}

const VERBS_AND_AWARDS: readonly string[] = [...ACTION_VERBS, ...AWARD_WORDS];

const FIRM_BOUND_WORDS = new Set([
  ...BOUND_BEFORE.filter((b) => b.comparison !== 'about').map((b) => b.word),
  ...BOUND_AFTER.filter((b) => b.comparison !== 'about').map((b) => b.word),
]);

const OPEN_QUOTES = '“‘《「『';
const CLOSE_QUOTES = '”’》」』';
/** Quoted names are short; an unmatched quote mark must not swallow the rest of a sentence. */
const MAX_QUOTED = 40;

/** Commitments in `text`: candidates at or above the threshold, in document order. */
export function extractCommitments(text: string, options: ExtractOptions = {}): Commitment[] {
  const min = options.minConfidence ?? COMMITMENT_THRESHOLD;
  return extractCandidates(text).filter((c) => c.confidence >= min);
}

/** Every number-with-unit in `text` with its confidence, including those judged not to be commitments. */
export function extractCandidates(text: string): Commitment[] {
  const headings = detectHeadings(text);
  const pathAt = sectionIndex(headings);
  const breaks = headings.filter((h) => !h.inline).flatMap((h) => [h.start, h.end]);
  const lines = listLines(text);
  // A list item ends at its line even without a full stop: "城镇新增就业1256万人\n新能源汽车…".
  const sentences = splitSentences(text, [...breaks, ...lines.itemStarts]);
  const tense = readTense(sentences.map((s) => s.text));
  const year = planYear(text);
  const candidates = markRestatedHeadlines(
    text,
    sentences.flatMap((s, i) => {
      const previous = sentences[i - 1]?.text ?? '';
      return fromSentence(s, pathAt(s.start), lines, tense, previous, /\d/.test(previous) && /[；;]$/.test(previous), year);
    }),
  );
  return markRestatedBackground(candidates, WEIGHTS.restated);
}

/** 就业率达96.3%, 完成率100%, 覆盖率为57%, 覆盖率提升至40%: a rate noun right before the percentage. */
const RATE_BEFORE = /率(?:达到|达|为|是|提升至|提升到|提高至|提高到|升至|增至)?$/;

/** The sentence up to the figure, from the last 、 or ; that opened its part, at most 30 characters. */
function segmentBefore(text: string, at: number): string {
  const head = text.slice(Math.max(0, at - 30), at);
  const cut = Math.max(head.lastIndexOf('；'), head.lastIndexOf(';'), head.lastIndexOf('\n'), head.lastIndexOf('，'), head.lastIndexOf(','));
  return cut >= 0 ? head.slice(cut + 1) : head;
}

/** "| 4385 | 110% |": the figure is all its table cell holds. */
function isAloneInCell(text: string, q: FoundQuantity): boolean {
  return /(?:^|\|)\s*$/.test(text.slice(Math.max(0, q.start - 3), q.start)) && /^\s*(?:\||$)/.test(text.slice(q.end, q.end + 3));
}

/** The innermost heading that says which it is decides: a report of the past, or a plan. */
export function isRetrospective(sectionPath: readonly string[]): boolean {
  for (let i = sectionPath.length - 1; i >= 0; i -= 1) {
    const h = sectionPath[i]!;
    if (RETRO_HEADING_STRONG.test(h)) return true;
    const plan = PLAN_HEADING.test(h);
    if (RETRO_HEADING_WEAK.test(h) && !plan) return true;
    if (plan) return false;
  }
  return false;
}

/** 引进规模以上企业数量同比增长100%: a verb of the office's own work anywhere before the figure in its clause. */
function hasWorkVerb(before: string): boolean {
  const re = wordRe(ACTION_VERBS);
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(before)) !== null) {
    if (!CHANGE_VERBS.test(m[0]) && !isRateNoun(before, m.index, m[0])) return true;
    re.lastIndex = m.index + 1;
  }
  return lastCompound(before) !== undefined;
}

const unwrap = (s: string): string => s.replace(/(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])/g, '');

function hasPlanHeading(sectionPath: readonly string[]): boolean {
  // 工作总结及下半年工作安排 is both: it decides nothing.
  return sectionPath.some((h) => PLAN_HEADING.test(h) && !RETRO_HEADING_STRONG.test(h) && !RETRO_HEADING_WEAK.test(h));
}

/**
 * `previousText`: the sentence before; a figure in it is the whole a 其中 opening this one can break down.
 * `enumerated`: the sentence before holds a figure and ends with a semicolon, so this one is the next
 * item of the same enumeration (…完成翻新;8条背街小巷彻底告别“脏乱差”;4个社区完成…).
 */
function fromSentence(
  sentence: Sentence,
  sectionPath: string[],
  lines: Lines,
  tense: Tense,
  previousText: string,
  enumerated: boolean,
  year: number | undefined,
): Commitment[] {
  const quantities = findQuantities(sentence.text);
  if (quantities.length === 0) return [];
  const clauses = splitClauses(sentence.text);
  // A plan heading decides for its section unless the sentence itself says it was done (计划完成…搬迁工程:
  // 今年该项目已有70%的搬迁户完成搬迁); otherwise the sentence and its document do.
  const reports = hasPlanHeading(sectionPath) ? tense.says(sentence.text) : tense.reports(sentence.text);
  const deadlines = findDeadlines(sentence.text);
  const out: Commitment[] = [];
  let previousClauseVerb: string | undefined;
  let previousClauseStart = 0;
  for (const clause of clauses) {
    const inClause = quantities.filter((q) => q.start >= clause.start && q.start < clause.end);
    const clauseText = sentence.text.slice(clause.start, clause.end);
    const clauseHasVerb = findFirst(clauseText, ACTION_VERBS) !== undefined || lastCompound(clauseText) !== undefined;
    let verbForNext: string | undefined;
    inClause.forEach((q, i) => {
      const inherited = clauseHasVerb ? undefined : previousClauseVerb;
      const c = judge(sentence, clause, q, inClause[i + 1], inClause[i - 1], inherited, deadlines, sectionPath, lines, previousClauseStart, reports, previousText, enumerated, year);
      out.push(c);
      // The verb carries on to the next clause (…引进企业137家,其中…46家,…5家,实到内资17亿元) unless
      // the figure was judged for what the verb governs: a meeting, a quoted name, background.
      const verbVoid = c.signals.some((sig) => /^(?:attendance|quoted|background|definition|awardName)/.test(sig));
      if (c.verb !== null && (c.confidence >= COMMITMENT_THRESHOLD || !verbVoid)) verbForNext = c.verb;
    });
    // 实施长江堤防应急治理工程 包括挡墙13.46千米: a clause with a verb and no figure governs the
    // next one when that one lists what the work includes or gives its length or area (新建…道路工程,全长470米; 铺设了…,总面积1.4万平方米的水泥路).
    const contentsNext = /^\s*(?:(?:主要)?(?:包括|包含|含|涵盖|内容包括)|全长|总长|长约|长度|总面积|面积)/.test(sentence.text.slice(clause.end + 1, clause.end + 8));
    if (inClause.length === 0 && clauseHasVerb && contentsNext) verbForNext = (findLast(clauseText, ACTION_VERBS) ?? lastCompound(clauseText))?.word;
    previousClauseVerb = verbForNext;
    previousClauseStart = clause.start;
  }
  return out;
}

function judge(
  sentence: Sentence,
  clause: Span,
  q: FoundQuantity,
  next: FoundQuantity | undefined,
  previous: FoundQuantity | undefined,
  inheritedVerb: string | undefined,
  deadlines: readonly DeadlineMatch[],
  sectionPath: string[],
  lines: Lines,
  previousClauseStart: number,
  reports: boolean,
  previousText: string,
  enumerated: boolean,
  year: number | undefined,
): Commitment {
  const text = sentence.text;
  const line = lines.at(sentence.start + q.start);
  const listItem = line.item;
  // Word tests read the clause without the line-wrap spaces of converted text ("基 础上", "达 到").
  const before = unwrap(text.slice(clause.start, q.start));
  const after = unwrap(text.slice(q.end, clause.end));
  const signals: Signal[] = ['base'];
  const notes: string[] = [];
  // 工业总产值25992万元,完成全年目标任务的76%: a paragraph that measures against the year's target
  // reports results, whatever its headings say.
  const retro = isRetrospective(sectionPath) || reports || line.measuresTarget;

  if (q.numeral === 'arabic') signals.push('arabic');
  if (q.value >= 10) signals.push('tenOrMore');
  if (q.unit === '') signals.push('onlyMultiplier');

  // A verb inside a quoted name (比选出“实施路灯安装工程”等10件, 评选“优秀服务团队”15支) names the project
  // or the title; it does not act on the figure outside the quotes. Words are read with quoted names masked.
  const plain = maskQuoted(before);
  const verbFound = later(findLast(plain, ACTION_VERBS), lastCompound(plain)) ?? clauseOpeningVerb(plain);
  // 实到 acts on money (实到外资3338万美元); before people it reads a roll call (实到163名).
  const verbBefore = verbFound?.word === '实到' && q.unitCategory !== 'money' ? undefined : verbFound;
  // 获得36766.75元项目资金: money after 获得 is money obtained; awards are counted in 项/个/名.
  const awardBefore = q.unitCategory === 'money' ? undefined : findLast(plain, AWARD_BEFORE_WORDS);
  const verbAfter = findFirst(after, VERBS_AND_AWARDS);
  let verb: string | undefined;
  if (awardBefore && (!verbBefore || awardBefore.index > verbBefore.index)) {
    signals.push('awardName');
    notes.push(`award-before:${awardBefore.word}`);
  } else if (verbBefore) {
    signals.push('verbBefore');
    verb = verbBefore.word;
  }
  if (!verb && verbAfter) {
    signals.push('verbAfter');
    verb = verbAfter.word;
  }
  if (!verb && !awardBefore && inheritedVerb) {
    signals.push('verbInherited');
    verb = inheritedVerb;
  }
  // 工程涉及全镇4000人: people a project touches are people it reaches (涉及 before a count of people).
  if (!verb && !awardBefore && q.unitCategory === 'people' && /涉及[^，,；;。\d]{0,6}$/.test(before)) {
    signals.push('verbBefore');
    verb = '涉及';
  }
  // 采买共计1249盏, 合计发放…: 共计/合计/总计 right before a figure totals what the clause did, whatever its verb.
  // 总计985户1955套: the total covers the pair written together (households, then their flats or people).
  const totalWord = /(共计|合计|总计)\s*(?:[\d.]+\s*户)?\s*$/.exec(before);
  if (!verb && !awardBefore && totalWord) {
    signals.push('verbBefore');
    verb = totalWord[1];
  }
  // 预计需资金50万元: in a plan, the money a project needs is its budget (plans.ts).
  const needs = !verb && !awardBefore && !retro ? needsMoney(before, q) : undefined;
  if (needs) {
    signals.push('verbBefore');
    verb = needs.word;
  }
  // 长1660米、…,新占土地158亩…,进行道路工程及其配套建设: the verb of a list can come at the sentence's end (plans.ts).
  const final = !verb && !awardBefore ? verbAtEnd(text, clause.end) : undefined;
  if (final) {
    signals.push('verbAfter');
    verb = final.word;
  }
  // …完成翻新;8条背街小巷彻底告别“脏乱差”;16栋老楼穿上“保温衣”: a count opening an item of a semicolon
  // enumeration of results is an item of that list, whatever figurative verb follows it.
  if (!verb && enumerated && clause.start === 0 && before.trim() === '') signals.push('listItem');

  const bound = readBound(before, after, q);
  // 约/近/余/多 only hedge a figure; a floor, a ceiling or 力争 is what a target is written with.
  // 为80岁以上独居老人: 以上 after an age closes the band that names the group; it bounds no target.
  if (bound.words.some((w) => FIRM_BOUND_WORDS.has(w)) && !isAgeBand(before, q)) signals.push('bound');
  const deadline = pickDeadline(deadlines, clause, q);
  if (deadline) signals.push('deadline');

  if (isQuoted(text, q)) signals.push('quoted');
  // 组织212名残疾人参加免费体检: people the office brings to a service given to them (a check-up, training, a
  // screening) are people served; 参加 marks attendance at a meeting, not at one's own service.
  const servedByTakingPart = q.unitCategory === 'people' && /^[^，,；;。\d]{0,6}(?:参加|参与)[^，,；;。\d]{0,4}(?:体检|健康检查|筛查|义诊|疗养|康复训练)/.test(after);
  if ((findFirst(after, ATTENDANCE_WORDS) && !servedByTakingPart) || isRollCall(before, q)) signals.push('attendance');
  // 辖区共有32个居民区 frames from before the figure; 共有896人次参与 is a total taking part.
  const stockWord = /^\s*(?:参与|参加)/.test(after) ? undefined : findFirst(before, BACKGROUND_BEFORE);
  // 原有/原来 name the former state of what follows them directly (从原来80平方米扩大到260平方米).
  const stockBefore =
    stockWord && /^原/.test(stockWord.word) && before.length - stockWord.index - stockWord.word.length > 3 ? undefined : stockWord;
  // 在已有2家…的基础上新建老年食堂2家: a verb of work after the frame closes it; the figure it governs is new work.
  const frame = findFirst(before + after, BACKGROUND_WORDS);
  const frameClosed = frame !== undefined && frame.index < before.length && findFirst(before.slice(frame.index + frame.word.length), ACTION_VERBS) !== undefined;
  const background = (frameClosed ? findFirst(after, BACKGROUND_WORDS) : frame) ?? stockBefore ?? (isFromLevel(before, after) ? { word: '从…到', index: 0 } : undefined);
  if (background) {
    signals.push('background');
    notes.push(`background:${background.word}`);
  }
  if (findFirst(text.slice(0, q.start), DEFINITION_WORDS)) signals.push('definition');
  if (STRUCTURAL_NOUNS.some((n) => after.startsWith(n))) signals.push('structural');
  // 7个领域13个公益项目: the first qualifies the second. Not so for adjacent pairs (5395户17890人)
  // or a count of people with the money they received (资助10名大学生新生2.5万元).
  // 1258户1447亩, 5395户17890人: households and what they hold or number, a pair rather than a qualifier.
  // 黑化路面4条约600米: a count with its length or area is a pair too.
  const householdsAndPeople =
    (q.unit === '户' && next?.start === q.end) ||
    (next !== undefined && /^[约近共计]?$/.test(text.slice(q.end, next.start)) && (next.unitCategory === 'length' || next.unitCategory === 'area'));
  // 为全州7万名35-64岁妇女, 完成超230个50户以上木质房屋连片村寨: an age band or a size class after a
  // count says who or which; it is the one that qualifies, not the count.
  const nextDescribes = next !== undefined && (next.unitCategory === 'age' || /^\s*(?:及)?(?:以上|以下)/.test(text.slice(next.end)));
  // 总投资6000万元的19个项目: a total investment written as an attribute of the projects is the year's money,
  // a total in its own right, not a kind that sorts them (as 7个领域 does).
  const totalOfProjects = q.unitCategory === 'money' && /(?:总投资|计划投资|投资总额)(?:约|额|为)?\s*$/.test(before);
  if (next && !householdsAndPeople && !nextDescribes && !totalOfProjects && next.unitCategory !== 'money' && next.unitCategory !== 'percent' && isQualifier(text.slice(q.end, next.start))) {
    signals.push('qualifier');
  }
  // 为456户独居老年人开展…, 为 5 名滞留人员进行了落户: a clause that opens with 为/对 and a count names
  // who the work is for, its counted scope.
  if (!verb && /^\s*(?:共|累计|全年)?[为对]\s*$/.test(before)) signals.push('scope');
  if (listItem) signals.push('listItem');

  // The plan genre's budgets, requests and project lists (plans.ts, round 26).
  if (!retro && (isCostItem(text, q) || continuesBreakdown(text, q, before, enumerated ? previousText : ''))) signals.push('breakdown');
  if (isFundingPart(text, q, before, after)) signals.push('breakdown');
  if (!retro && isProjectListSize(text, q, before)) signals.push('listSize');
  if (isBuildingSize(text, q, before, after, signals.includes('verbBefore') || (signals.includes('verbAfter') && !final))) signals.push('specification');
  if (!retro && !verb && isProjectExtent(before, q)) signals.push('scope');
  if (isForecast(text.slice(0, q.start))) signals.push('proposal');
  // 2003年,我镇…先后投入241.8万元: in a plan for 2005, a sentence that opens with an earlier year tells the background.
  if (opensWithEarlierYear(text, year)) signals.push('background');
  // 针对…占比32%的现状: a figure that describes the present state a plan responds to is background.
  if (/^的?(?:现状|状况|局面)/.test(after)) signals.push('background');
  // 力争投资逾2亿元的大南门净菜市场项目主体框架竣工: money as the attribute of a project whose stage is the target
  // sizes the project; the stage (竣工, 开工) is what the plan commits.
  if (q.unitCategory === 'money' && /^的[^，,；;。\d]{2,20}(?:项目|工程)[^，,；;。\d]{0,8}(?:竣工|开工|建成|完工|封顶|投用|落成)/.test(after)) signals.push('specification');

  const percent = q.unit === '%' || q.unit === '个百分点' || q.unit === '百分点';
  // In a report, a figure after an indicator of the whole economy is a statistic, and a percentage
  // after one, or after a rate noun (就业率达96.3%), says how far it went. Growth of the office's
  // own work (引进企业数量同比增长100%) stays a reported outcome.
  const segment = segmentBefore(text, q.start);
  // 扩大…种植面积至8000亩 is work done; 全乡金秋梨种植面积达2500余亩 is a statistic.
  const statisticBefore =
    retro &&
    STATISTIC_NOUNS.some((n) => unwrap(segment).includes(n)) &&
    !/(?:扩大|新增|新建|发展|建成)[^，,；;。]{0,8}(?:种植|播种|养殖)面积/.test(segment) &&
    // 产值过亿元楼宇达到9座: the indicator sizes the things counted (a class), it is not the figure.
    !(q.unitCategory !== 'money' && /(?:过|超过|超|以上)[^，,；;。\d]{0,3}元的?[^，,；;。\d元]{1,8}$/.test(segment));
  // 地方财政一般预算收入年均增长27.4%,2011年完成28.13亿元: a clause with no subject of its own
  // (a year, 累计, then 完成/实现) reports the indicator the previous clause named.
  const statisticCarried =
    retro &&
    /^\s*(?:\d{4}年)?(?:预计)?(?:累计|全年)?(?:完成|实现|达到|达)\s*$/.test(before) &&
    STATISTIC_NOUNS.some((n) => unwrap(text.slice(previousClauseStart, clause.start)).includes(n));
  const rateBefore = RATE_BEFORE.test(before);
  const pointChange = q.unit !== '%';
  // 完成约70%, 完成总工程量的40%, 4个月100%签约: progress towards something, whatever the section.
  const progress =
    /完成(?:了)?(?:约|近)?$|工程量的$|进度(?:达|为)?$/.test(before) ||
    // 完成二次结构浇筑80%, 主体施工90%: a percentage right after a step of construction is how far it went.
    /(?:浇筑|施工|开挖|砌筑|装修|装饰|拆除|拆迁|征迁|征收|搬迁|铺设|安装)(?:了)?(?:约|近)?$/.test(before) ||
    /^(?:签约|比例)/.test(after) ||
    // 已完成8个(53%), 正在施工中(90%): a percentage alone in brackets after a status is its progress.
    (/[(（]\s*$/.test(before) && /^\s*[)）]/.test(after)) ||
    /签约[^，,；;。]{0,4}$/.test(before) ||
    // 完成目标任务的157%, 完成年目标任务12500人的98.5%: a completion rate, in a plan as in a report.
    /完成[^，,；;。]{0,20}的$/.test(before) ||
    // 低于省控线0.84个百分点, 高于全省平均1.2个百分点: a difference to a line, never a commitment.
    (q.unit !== '%' && /(?:低于|高于)[^，,；;。\d]{0,8}$/.test(before)) ||
    // 比年度计划高20.3个百分点, 高于目标2.1个百分点, 塌目标18.7个百分点: measured against the plan.
    /(?:比|较|高于|低于|超出|超过|塌)[^，,；;。]{0,6}(?:计划|目标|任务)[^，,；;。]{0,3}$/.test(before) ||
    (retro && (/^(?:完成|覆盖|达标)/.test(after) || /完成[^，,；;。]{0,8}$/.test(before)));
  // 新增14项、占比43.75%: the share the figure just given makes of a whole, not a level to reach.
  const shareOfPrevious = previous !== undefined && /^\s*[、,，]\s*(?:占比|占)[^，,；;。\d]{0,8}?(?:为|达)?\s*$/.test(text.slice(previous.end, q.start));
  // In a report, a percentage measures the year unless the office's own work precedes it.
  const workVerb = hasWorkVerb(before);
  // 比年目标任务4%低0.63个百分点: the figure the result is compared with is the year's target itself.
  const targetCompared = q.unit === '%' && /比[^，,；;。\d]{0,4}(?:目标任务|目标|计划任务|计划)$/.test(before);
  if (targetCompared) signals.push('targetLevel');
  // 满意率均在98%以上: 均/都 spread a reading over several things measured, and 在 states where each stands;
  // a target is written 达到. A rate read that way reports a measurement, in a plan as in a report.
  // 社区总体就业率为96.50%: a rate stated with 为 (is) is a reading too; a plan writes a target with 达到, 提高到, 保持在,
  // or gives it a deadline or a target word (力争…覆盖率为100%).
  const measuredSpread = percent && (/率(?:均|都|分别)在$/.test(before) || (/率为$/.test(before) && deadline === undefined && !/力争|确保|目标|将/.test(text.slice(0, q.start))));
  if (percent && !targetCompared && (shareOfPrevious || measuredSpread || (retro && (statisticBefore || rateBefore || pointChange || !workVerb)) || progress || (line.achievementTable && isAloneInCell(text, q)))) {
    signals.push('achievedRate');
  }
  // 种植辣椒3万亩、产量2.7万吨: an area reported with its yield is a farming statistic.
  const withYield = retro && /^[、,，]?产量/.test(text.slice(q.end));
  // 带动消费1200万元, 带动销售500万元: money a project is said to have set moving, an effect.
  // 农民年直接受益10万元: money the beneficiaries gain is an expected effect as well.
  const effect = q.unitCategory === 'money' && /(?:带动|受益)[^，,；;。\d]{0,4}$/.test(before);
  // 完成小麦种植2760亩, 完成生猪6870头: the head noun of the clause is a crop or a herd counted in its
  // own measure, so the figure is the economy's output, whatever the verb.
  const clauseHead = maskQuoted(unwrap(text.slice(Math.max(clause.start, q.start - 14), q.start)));
  const output = retro && OUTPUT_UNITS.test(q.unit) && OUTPUT_PRODUCTS.test(clauseHead) && !HANDED_OUT.test(clauseHead) && !(/亩/.test(q.unit) && AREA_BUILT.test(clauseHead + (verb ?? '')));
  // 法兰锻造有限公司投资3000多万元: a firm named as the subject of 投资 spends its own money; in a report
  // that is the economy's figure, unless the office brought it in (引进, 招商).
  // In a plan too, a firm's own planned investment (…有限公司计划投资2亿元…帮办工作) is the firm's money, which the
  // office only assists; a 已签约 firm is no longer being brought in.
  const firmSpends =
    q.unitCategory === 'money' && verb === '投资' && /(?:公司|集团|厂)[^，,；;。]{0,6}投资[^，,；;。\d]{0,6}$/.test(before) &&
    (retro ? !/引进|招引|招商|签约/.test(before) : /(?:公司|集团|厂)(?:计划|拟|将)投资[^，,；;。\d]{0,4}$/.test(before) && !/引进|招引|招商/.test(before));
  if (!percent && (statisticBefore || statisticCarried || withYield || effect || output || firmSpends)) signals.push('statistic');
  // 比上年增加5000亿元, and 与2023年相比,项目总数增加2项: a change, not an amount.
  const comparedWithLastYear = /与(?:\d{4}年|上年|去年)相比/.test(text.slice(0, q.start)) && /(?:增加|新增|减少|多|少)$/.test(before);
  // 农村经济总收入达2.63亿元,增加0.24亿元,增长10%: a level, its increase and its growth rate; the
  // bare 增加 between the two is the difference from last year, as 比上年增加 is.
  const pairedIncrease =
    /^[\s,，、]*增加$/.test(before) && /达\s*\d/.test(text.slice(previousClauseStart, q.start)) && /^[^，,；;。]{0,4}[,，]\s*增长\s*\d/.test(text.slice(q.end));
  if (!percent && (YEAR_ON_YEAR.test(before.replace(/[约近超]$/, '')) || comparedWithLastYear || pairedIncrease)) signals.push('yearOnYear');
  // A report that N 实事 were completed (完成49项实事项目) is an outcome; announcing the list's size is not.
  // …29个为民办实事项目已全部完成: the completion can follow the count as well.
  // Not when a count of those done follows (65件民生实事已完成26件: 65 is the list, 26 the outcome).
  // …确定项目4个,目前均已完工。: a clause of status alone (no figure, nothing else done) right after the
  // count closes the sentence on it, and reports the same items done.
  const completes =
    /完成|办结|完工/.test(before) ||
    /^[^，,；;。]{0,20}?(?:已|均)(?:全部)?(?:完成|办结|完工)(?![^，,；;。]*\d)/.test(after) ||
    /^[^，,；;。\d]{0,4}[，,]\s*(?:目前|现在|现|截至目前)?[,，]?\s*(?:均|都|全部|已)+(?:已|已经)?(?:全部)?(?:完成|办结|完工|竣工)\s*(?:[。；;!！]|$)/.test(text.slice(q.end));
  // …实事项目…共安排十方面、34项; 已投入使用9项: (the list follows the colon).
  const countsTheList =
    // (A clause that a summary ends with a space, "新增学位近4000个 甘肃…", is not the list's end.)
    (/^[项件个]$/.test(q.unit) && after.replace(/[。；;!！?？\s]/g, '') === '' && /^(?:[。；;!！?？，,、]|\s*(?:\[\d+\]|$))/.test(text.slice(q.end)) && /实事/.test(text.slice(0, q.start))) ||
    /^\s*[:：]\s*$/.test(text.slice(q.end)) ||
    // 2023年新增14项包括:建设30家…, 新增14项…: a count of items that a colon then enumerates is the list's size.
    (/^[项件]$/.test(q.unit) && /^\s*(?:包括|包含|分别是|分别为|是|为)\s*[:：]/.test(text.slice(q.end)));
  // 包括城市靓化工程、…、治理交通堵点等6个项目: the tally of the projects just named is the list's size.
  const tallyOfNamed = /包括[^，,；;。]*[、][^，,；;。]*等$/.test(before) && /^(?:个|项)?(?:项目|子项|工程)/.test(text.slice(q.end));
  if (!completes && q.unitCategory !== 'money' && (LIST_SIZE_AFTER.test(after) || countsTheList || tallyOfNamed || (/^(?:项目|件)/.test(after) && text.includes('实事')))) {
    signals.push('listSize');
  }
  // 其中 opens a breakdown that runs to the end of its clause and the next one (其中…46家,…5家).
  // A colon after 其中 (其中超额完成的有10项:…完成2个,…) opens the items themselves, each its own figure.
  // Not when what it breaks down is a statistic of the economy (全社会固定资产投资…累计完成1293亿元,其中401个
  // 重点项目完成投资336亿元): the statistic is not counted, so the projects' own work is no double count.
  const opened = /其中[^:：]*$/.exec(text.slice(previousClauseStart, q.start));
  const ofStatistic = opened !== null && retro && /(?:完成|实现)\s*[\d.]+\s*[万亿]*元[,，]\s*$/.test(text.slice(0, previousClauseStart + opened.index)) &&
    STATISTIC_NOUNS.some((n) => text.slice(Math.max(0, previousClauseStart - 40), previousClauseStart + opened.index).includes(n));
  // 包括…两条公路。其中张庄—董村公路投资约250万元: with no figure before it (in its sentence or the one before),
  // a 其中 names the items just listed and gives each one's money; there is no total it breaks down.
  // …其余19个村都由县统一采买共计1249盏: a 共计 total sums what the clause did; it breaks nothing down.
  const previousHasFigure = /\d/.test(previousText);
  // 确定民生实事项目4个,目前均已完工。其中,完成…排水系统建设1229米: a part has its whole's measure. After a
  // count of projects, a figure of another measure is what those projects did, an item, not a part of the count.
  const head = opened === null ? '' : text.slice(0, previousClauseStart + opened.index);
  const headFigures = opened === null ? [] : findQuantities(head);
  const [wholeText, whole] = headFigures.length > 0 ? [head, headFigures.at(-1)] : [previousText, opened === null ? undefined : findQuantities(previousText).at(-1)];
  const itemsOfProjects =
    whole !== undefined && /^[个项件]$/.test(whole.unit) && whole.unitCategory !== q.unitCategory && q.unitCategory !== 'money' &&
    (/(?:项目|实事|工程)[^，,；;。\d]{0,2}$/.test(wholeText.slice(0, whole.start)) || /^(?:项目|实事|工程)/.test(wholeText.slice(whole.end)));
  // 十大民生实事项目为:…。其中,…项目将对全县农村27座…进行提升改造: with no figure before it to break down (in its
  // sentence or the one before), a 其中 picks out one of the items just named, and its figures are that item's work.
  const brokenDown =
    opened !== null && !itemsOfProjects && !/(?:共计|合计|总计)\s*$/.test(before) &&
    // (其中超过40%的道路…: a percentage after 其中 is a share of what was named, whole or not.)
    (q.unitCategory !== 'money' ? whole !== undefined || q.unitCategory === 'percent' : /\d/.test(text.slice(0, previousClauseStart + opened.index)) || previousHasFigure);
  if ((opened && brokenDown && !ofStatistic) || isBracketBreakdown(text, q)) signals.push('breakdown');
  // 每艘增配1只, 户均增收1.2万元: a rate per item, not a total.
  if (isPerItem(before) || isStandard(before, q)) signals.push('perItem');
  // 建筑面积约3200平方米, 宽度约33米, 日处理400吨, 40个停车位的停车场: what a thing measures.
  if (isSpecification(before, after, q) || isDimension(before, after) || isSizeClass(after, q)) signals.push('specification');
  // 上海城怡养护院(80张)、清峪养老院(48张)…共计229张, 宜昌公寓(182张床): a figure alone in brackets
  // after a name details a total or sizes a building. Percentages there are progress (above).
  // “打通断头路”攻坚专项行动(6条路): after the name of a campaign or programme, the brackets give its
  // counted scope, not a breakdown or a building's size.
  const scopeOfProgramme = /(?:行动|工程|攻坚战|攻坚)[”"」』]?\s*[(（]\s*$/.test(before);
  if (!percent && !scopeOfProgramme && /[(（]\s*$/.test(before) && /^[^，,；;。()（）\d]{0,2}[)）]/.test(after)) signals.push('breakdown');
  if (isAgeBand(before, q)) signals.push('ageBand');
  // 超230个50户以上木质房屋: a figure right after another count with 以上/以下 sizes the things counted.
  if (previous && /^\s*$/.test(text.slice(previous.end, q.start)) && /^\s*(?:及)?(?:以上|以下)/.test(after)) signals.push('specification');
  // 60个县级重点项目竣工38个: the total, then how many of it a status verb reached; the second is the outcome.
  // With 已 (15个农村幸福院建设已完成8个) it is a progress report on a target, and the target counts.
  const doneOfTotal =
    next !== undefined && next.unit === q.unit && next.value < q.value && /(?<!已)(?:竣工|完工|完成|建成|开工|投用|办结)(?:了)?\s*$/.test(text.slice(q.end, next.start));
  if (doneOfTotal) signals.push('listSize');
  if ((retro && isProposal(before, after)) || isAtStage(text, q, retro) || isPotential(before)) signals.push('proposal');
  // 全镇申报路灯项目30个村, 上报…项目23个村: villages that put a project forward are the applicants, the demand
  // the office received; what it then delivers to them is counted after (其余28个村统一采购共计860盏).
  // (Applications an office accepts, 受理经适房申请393户, are its service and stay counted.)
  const applicants =
    (verb === '申报' || verb === '上报') && (q.unit === '村' || (q.unit === '个' && /^(?:村|社区|行政村|自然村)/.test(text.slice(q.end))));
  if (applicants) signals.push('proposal');
  // 较上年增长19.7%, 比去年增长40%, 较2024年增长120%: a change measured against a past year.
  if (percent && /(?:较|比)(?:上年|去年|上一年|\d{4}年)(?:同期)?[^，,；;。]{0,4}$/.test(before) && !/力争|确保/.test(before)) signals.push('achievedRate');
  // In a plan, 达/降至/提高到 N states the level to reach (人均预期寿命达82.4岁).
  if (!retro && (/(?:达到|达|提高到|提升到|增至|降至|降到|下降到|控制在)$/.test(before) || isDirection(before, after))) signals.push('targetLevel');
  // 从事藤编加工农户达135户: in a report, a level the work reached (as 企业达到1200家), when no verb acts.
  if (retro && !verb && !percent && /(?:(?<![到表发下传送抵通雷])达|达到)\s*$/.test(before)) signals.push('levelReached');
  // 安全事故不超过3起: a cap in a plan is a commitment even without a verb.
  if (!retro && bound.comparison === 'at-most' && bound.words.some((w) => /不超过|不高于|控制在|以内/.test(w))) signals.push('cap');
  // 周边住户达1000多人, 常住人口约3万人: the residents a place has are its background, not people served.
  if (!hasWorkVerb(before) && /(?:周边|沿线|沿途|辖区|全村|全镇|全乡|常住|户籍|现有)[^，,；;。\d]{0,4}(?:住户|居民|人口|村民|群众)(?:总数)?(?:达到|达|有|约|近|超过|共)?\s*$/.test(before)) {
    signals.push('background');
  }
  // 剩余1个社区也已列入…计划, 全年在建技改项目达46个: what is left to do and what is being built at a moment
  // are status counts, not work delivered.
  if (/(?:剩余|尚余|还剩|其余未)\s*$/.test(before) || (q.unitCategory !== 'money' && (/在建[^，,；;。\d完]{0,8}(?:达到|达|有|共)?\s*$/.test(segmentBefore(text, q.start))))) {
    signals.push('background');
  }
  // 已初步谋划…等8类领域124个项目: a pool of projects a plan drafts or stores is the size of a list.
  if (/^[个项]$/.test(q.unit) && /^\s*(?:重点)?项目/.test(text.slice(q.end)) && /(?:谋划|储备|梳理出|筛选出|策划)[^，,；;。]*$/.test(before)) signals.push('listSize');
  // …完成了7个老旧小区的改造工程。7个老旧小区共改造…: a sentence that opens with the count the one before
  // gave, for the same noun, restates it to break its work down.
  if (clause.start === 0 && before.trim() === '' && q.text.length >= 2 && previousText.includes(text.slice(q.start, q.end + 3))) signals.push('restated');
  // 2020年规模以上企业30家: in a report, a year, a noun and a count with no verb is the level that year, stock.
  if (retro && !verb && !percent && /^\s*\d{4}年(?:底|末)?[^，,；;。\d]{2,12}$/.test(before)) signals.push('background');
  // 9个入园项目开工建设: in a report, projects that have only started are under way, not delivered.
  if (retro && signals.includes('verbAfter') && /^[^，,；;。\d]{0,8}(?:开工|动工)(?:建设)?\s*(?:、|$)/.test(after)) signals.push('proposal');
  if (HONOUR_NOUNS.test(before)) signals.push('honours');
  // 评选“星级志愿者”120名、“优秀服务团队”15支: a count right after a quoted title, in a clause that selects
  // or commends, is the roll of honour the office drew up, not people or teams it served.
  if (/(?:评选|评出|选树|表彰|命名)出?[^，,；;。]{0,30}[”"」』]\s*$/.test(before)) signals.push('honours');
  // 3项发明获国家专利授权, 5个案例荣获省级表彰: a tally of entries before 获 with an award, patent or
  // title after it is an honours tally. People who 获 aid or a subsidy (200名学生获资助) are people helped.
  if (
    verb !== undefined && signals.includes('verbAfter') && AWARD_WORDS.includes(verb) &&
    /^[^，,；;。\d]{0,8}?(?:荣获|获得|获评|获|被评为|评为|入选)[^，,；;。\d]{0,12}(?:奖|专利|称号|荣誉|表彰|命名|授权|认定|名单|示范)/.test(after)
  ) {
    signals.push('honours');
  }
  // 春季学期2140名教师服务学生25884名: a count of people before the verb, with another count of people
  // after it, is who did the work; the people it reached are the second count.
  if (
    signals.includes('verbAfter') && q.unitCategory === 'people' && next !== undefined && next.unitCategory === 'people' &&
    verbAfter !== undefined && verbAfter.index < next.start - q.end && !AWARD_WORDS.includes(verbAfter.word)
  ) {
    signals.push('agent');
  }
  // 怀柔医院一期、二期合计…床位将达到990张: a hospital's beds are its size, not beds a plan adds.
  if (/床位(?:数)?(?:将)?(?:达到|达|为|增至|增加到)$/.test(before) && /医院|院区|[一二三四]期/.test(text.slice(0, q.start)) && !hasWorkVerb(before)) {
    signals.push('specification');
  }
  // 在17个乡镇…硬化道路…,惠及17个乡镇: the same figure after 惠及/覆盖 restates the scope already counted.
  if (/(?:惠及|覆盖|涉及|实现)[^，,；;。\d]{0,4}$/.test(before) && text.slice(0, q.start).includes(q.text)) signals.push('restated');
  // 这5项预计10月底前全部完成, 上述3个项目: a demonstrative points back at items already counted.
  if (/(?:这|此|上述|前述|以上)$/.test(before.trimEnd())) signals.push('restated');
  // 常态化开展的有3项: how many items of a list fall in a category, not work delivered.
  if (/^[项件]$/.test(q.unit) && /的(?:已|已经)?(?:有|共有|为)$/.test(before.trimEnd())) signals.push('listSize');
  // 推送惠企政策15条: the articles of a policy, not work delivered (as 21条措施).
  if (q.unit === '条' && /(?:政策|措施|举措|条款|规定)$/.test(before)) signals.push('structural');
  // 实施“身后事”6项基本服务免费: the items a free-of-charge policy covers, its articles, not work delivered.
  if (/^[项条类]$/.test(q.unit) && /^[^，,；;。\d]{0,8}(?:免费|减免|全免)/.test(after)) signals.push('structural');

  // A range (三至五个) or a floor (十余个) is a deliberate figure, never a set phrase.
  // 两亿元 and 三万人 are amounts, not set phrases: the multiplier lifts them out of idiom.
  // 蓝东、富都、东方、龙阳等八个居委: the tally of items just named is a count, not a set phrase.
  // Not a quoted list of slogans (“美丽、智慧、安全”等五个社区建设): those name kinds.
  const tally = /、[^，,；;。”」』]*等$/.test(before);
  // 百家村, 2个千亩、3个百亩示范片, 万人大会: a bare 百/千/万 with a measure word names a place, a size class
  // or an idiom; a count is written 100家 or 一百家, and a round figure with 近/逾/余 (近千户, 百余场).
  const bareRound = q.numeral === 'chinese' && /^[百千万]$/.test(q.text.slice(0, 1)) && q.text.length - q.unit.length === 1 && q.approx === undefined && q.upTo === undefined && !/[逾近超破上]$/.test(before);
  // 新增长廊四个,凉亭15个: a numeral after its noun, closing the clause, counts that noun; set phrases put
  // the numeral first (三支队伍, 八项规定), so a postposed one is a count, not an idiom.
  // The clause may end the sentence, its full stop inside the clause (建成社区食堂两个。).
  const postposed = q.value >= 2 && /^[\s。！？!?；;]*$/.test(after) && /[\u4e00-\u9fff]$/.test(before) && /^\s*(?:[、，,；;。！？!?]|$)/.test(text.slice(q.end));
  const smallChinese = q.numeral === 'chinese' && q.value <= 10 && q.approx === undefined && q.upTo === undefined && !/[万亿]/.test(q.text) && !tally && !postposed;
  return {
    sentence: text,
    sentenceSpan: { start: sentence.start, end: sentence.end },
    quantityText: q.text,
    quantitySpan: { start: sentence.start + q.start, end: sentence.start + q.end },
    sectionPath,
    verb: verb ?? null,
    value: q.value,
    upTo: q.upTo ?? null,
    unit: q.unit,
    bound,
    deadline: deadline?.text ?? null,
    confidence: combine(signals, smallChinese || bareRound ? SMALL_CHINESE_CAP : undefined),
    signals: [
      ...signals.filter((s) => s !== 'base').map((s) => (s.startsWith('verb') && verb ? `${s}:${verb}` : s)),
      ...notes,
      ...(smallChinese ? ['smallChineseNumeral'] : []),
    ],
  };
}

/**
 * Words that change the figure (不少于, 约) must sit right before it; words that qualify the whole
 * commitment (力争, 确保) may open the clause: "力争二季度完成口袋公园改造3个".
 */
const BOUND_WINDOW = 10;

function readBound(before: string, after: string, q: FoundQuantity): Bound {
  const words: string[] = [];
  let comparison: Comparison = 'exactly';
  const near = before.slice(-BOUND_WINDOW);
  for (const b of BOUND_BEFORE) {
    const scope = b.comparison === undefined ? before : near;
    // 不超过 contains 超过; skip the shorter word when the longer one already matched there.
    if (scope.includes(b.word) && !words.some((w) => w.includes(b.word))) {
      words.push(b.word);
      if (b.comparison) comparison = b.comparison;
    }
  }
  // 超130个: 超 alone, right before the figure, is 超过.
  if (/超$/.test(before) && !words.some((w) => w.includes('超'))) {
    words.push('超');
    comparison = 'at-least';
  }
  if (q.approx) {
    words.push(q.approx);
    comparison = 'at-least';
  }
  const tail = BOUND_AFTER.find((b) => after.startsWith(b.word));
  if (tail) {
    words.push(tail.word);
    comparison = tail.comparison;
  }
  if (q.upTo !== undefined) comparison = 'between';
  return { words, comparison };
}

function pickDeadline(deadlines: readonly DeadlineMatch[], clause: Span, q: FoundQuantity): DeadlineMatch | undefined {
  const inClause = deadlines.filter((d) => d.start >= clause.start && d.end <= clause.end);
  // Otherwise a deadline stated once in the sentence governs all of it ("…改造,三季度前完成").
  const pool = inClause.length > 0 ? inClause : deadlines;
  return pool.reduce<DeadlineMatch | undefined>((a, b) => (a && dist(a, q) <= dist(b, q) ? a : b), undefined);
}

function dist(d: DeadlineMatch, q: FoundQuantity): number {
  return Math.min(Math.abs(d.start - q.end), Math.abs(q.start - d.end));
}

/** The clause with the words inside closed quotes and titles blanked out, offsets kept. */
function maskQuoted(s: string): string {
  return s.replace(/([“"「『《])([^“”"「」『』《》]{1,30})([”"」』》])/g, (_m, open: string, inner: string, close: string) => open + '·'.repeat(inner.length) + close);
}

/** Inside a quoted name or a book title: “每年300万元的社区公共收益收支账”, 《…三年行动计划》. */
function isQuoted(text: string, q: FoundQuantity): boolean {
  for (let i = q.start - 1; i >= 0 && q.start - i <= MAX_QUOTED; i -= 1) {
    const ch = text.charAt(i);
    if (CLOSE_QUOTES.includes(ch)) return false;
    if (!OPEN_QUOTES.includes(ch)) continue;
    for (let j = q.end; j < text.length && j - i <= MAX_QUOTED; j += 1) {
      const cj = text.charAt(j);
      if (CLOSE_QUOTES.includes(cj)) return true;
      if (OPEN_QUOTES.includes(cj)) return false;
    }
    return false;
  }
  return false;
}

/**
 * "开展7个领域13个公益项目": a count directly followed by another count, with only a short noun
 * between them, describes the second; the second is the deliverable.
 */
function isQualifier(between: string): boolean {
  // 263场送戏进万村已送230场: 已 reports progress on the first count, which is the target, not a qualifier.
  return between.length <= 8 && !/[、和及与或,，;；\s(（已]/.test(between) && findFirst(between, ACTION_VERBS) === undefined;
}

