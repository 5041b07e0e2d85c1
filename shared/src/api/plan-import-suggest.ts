import { isYmd } from '../calendar/ymd';
import type { Commitment } from '../extract/extract';
import { ACTION_VERBS } from '../extract/lexicon';
import { splitClauses } from '../extract/sentences';
import type { ImportCandidate, ImportMeasureKind, SectionDraft } from './plan-import';

/**
 * Defaults the review screen starts from. Pure and shared: the server attaches them to the
 * candidates it returns, and the web recomputes due dates when the admin changes the period.
 */

const MAX_TITLE = 60;

/** Words that frame a commitment rather than state it: 全年, 力争, 进一步 … and list markers. */
const LEAD_FILLER =
  /^(?:[\d]{1,2}\s*[、.．。)）]|0\d\s|[(（][\d一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、是]|[*＊•·☑-]|\s|街道|社区|全区|全市|全镇|全街|全年|今年|年内|计划|力争|确保|全力|积极|持续|进一步|着力|大力|扎实|全面|深入|不断|继续|重点|同时|并|要)+/;
/** Remarks in brackets that name who leads, not what is done: (牵头领导:…,责任单位:…). */
const REMARK = /[(（][^()（）]*(?:牵头|责任|负责)[^()（）]*[)）]/g;

/**
 * The commitment itself, as a title: its verb and the phrase of the figure, without the frame.
 * "坚持民生优先,街道全年完成“美丽家园”改造30万平方米" → "完成“美丽家园”改造30万平方米";
 * "创成省现代化学校6所、省一级幼儿园4所" (the 4所) → "创成省一级幼儿园4所".
 */
export function suggestTitle(c: Commitment): string {
  const sentence = c.sentence.replace(REMARK, (m) => ' '.repeat(m.length));
  const at = c.quantitySpan.start - c.sentenceSpan.start;
  const end = at + c.quantityText.length;
  const clauses = splitClauses(sentence);
  const clause = clauses.find((cl) => at >= cl.start && at < cl.end) ?? { start: 0, end: sentence.length };
  // Narrow a list of figures (…6所、…4所) to the item of this one.
  const before = sentence.slice(clause.start, at);
  const cut = before.lastIndexOf('、');
  const segStart = cut >= 0 ? clause.start + cut + 1 : clause.start;
  const tail = sentence.slice(end, clause.end);
  const segEnd = end + (tail.search(/[、]/) >= 0 ? tail.search(/[、]/) : tail.length);
  let seg = sentence.slice(segStart, segEnd);
  const verb = c.verb;
  // From the first verb before the figure: 完成“美丽家园”改造30万平方米, not 改造30万平方米.
  const lead = seg.slice(0, at - segStart);
  const firstVerb = ACTION_VERBS.reduce((best, w) => {
    const i = lead.indexOf(w);
    return i >= 0 && (best < 0 || i < best) ? i : best;
  }, -1);
  if (firstVerb >= 0) seg = seg.slice(firstVerb);
  else if (verb !== null && !seg.includes(verb)) seg = verb + tidy(seg).replace(LEAD_FILLER, '');
  let title = tidy(seg).replace(LEAD_FILLER, '');
  if (title.length > MAX_TITLE) {
    const q = title.indexOf(c.quantityText);
    const from = Math.max(0, Math.min(q - MAX_TITLE / 2, title.length - MAX_TITLE));
    title = title.slice(from, from + MAX_TITLE);
  }
  return title || tidy(c.quantityText);
}

function tidy(s: string): string {
  return s
    .replace(/\s*\n\s*/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s、,，;；:：。.]+/, '')
    .replace(/[\s、,，;；:：。.]+$/, '');
}

/**
 * Before the figure, a rate or a per-head level (就业率, 人均, 千人托位数, 人均预期寿命): a reading,
 * not a running count.
 */
const LEVEL_BEFORE = /(?:率|比例|占比|比重|人均|千人|每千|每万|万人|指数|寿命|水平|平均)[^，,；;。]{0,4}$/;

/** A ceiling when the text caps it (不超过, 控制在, 降至); a reading for rates and levels; otherwise a running sum. */
export function suggestMeasureKind(c: Pick<Commitment, 'unit' | 'bound'> & Partial<Pick<Commitment, 'sentence' | 'sentenceSpan' | 'quantitySpan'>>): ImportMeasureKind {
  if (c.bound.comparison === 'at-most') return 'ceiling';
  if (c.unit === '%' || c.unit === '个百分点' || c.unit === '百分点' || c.unit === '岁') return 'reading';
  if (c.sentence !== undefined && c.sentenceSpan && c.quantitySpan) {
    const before = c.sentence.slice(0, c.quantitySpan.start - c.sentenceSpan.start);
    if (LEVEL_BEFORE.test(before.replace(/(?:达到|达|提高到|提升到|增至|为)$/, ''))) return 'reading';
  }
  return 'cumulative';
}

/** 责任单位:区卫生健康局 / 牵头科室:社区管理办 / 由城管科负责 — the department as the plan names it. */
const OWNER_LABELLED =
  /(?:责任单位|责任部门|责任科室|牵头单位|牵头部门|牵头科室|主责部门|主责科室|承办单位|承办科室|负责部门|负责科室|责任主体)\s*[:：]\s*([^,，;；。、)）\s|]{2,20})/;
const OWNER_LEADS = /由([\u4e00-\u9fa5]{2,14}?(?:办公室|办|科|局|委|中心|所|站|队|部|室))(?:牵头|负责|承办)/;

/**
 * The department a plan names for a commitment: in its sentence, else in the rest of its
 * paragraph (the remark "(牵头领导:…,责任单位:区卫生健康局)" after an item), else in its section
 * headings. Null when the text names none; the reviewer picks one then.
 */
export function suggestOwner(c: Pick<Commitment, 'sentence' | 'sentenceSpan' | 'sectionPath'>, text?: string): string | null {
  const find = (s: string): string | null => OWNER_LABELLED.exec(s)?.[1] ?? OWNER_LEADS.exec(s)?.[1] ?? null;
  const inSentence = find(c.sentence);
  if (inSentence) return inSentence;
  if (text !== undefined) {
    const lineEnd = text.indexOf('\n', c.sentenceSpan.end);
    const paragraph = text.slice(c.sentenceSpan.end, lineEnd < 0 ? text.length : lineEnd);
    const after = find(paragraph);
    if (after) return after;
  }
  for (let i = c.sectionPath.length - 1; i >= 0; i -= 1) {
    const inHeading = find(c.sectionPath[i]!);
    if (inHeading) return inHeading;
  }
  return null;
}

/** `text` is the whole plan the candidate came from: the owner may be named after the sentence. */
export function toImportCandidate(c: Commitment, index: number, text?: string): ImportCandidate {
  return {
    ...c,
    index,
    suggestedTitle: suggestTitle(c),
    suggestedMeasureKind: suggestMeasureKind(c),
    suggestedOwner: suggestOwner(c, text),
  };
}

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4 };
const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const endOfMonth = (y: number, m: number) => `${y}-${pad(m)}-${pad(lastDay(y, m))}`;

/**
 * The due date a deadline phrase (年底前, 二季度, 6月底, 到2025年 …) means inside a plan period.
 * Relative phrases count from the year the period starts in; anything missing, unreadable or
 * outside the period falls back to the end of the period.
 */
export function resolveDeadline(deadline: string | null, periodStart: string, periodEnd: string): string {
  if (!deadline || !isYmd(periodStart) || !isYmd(periodEnd)) return periodEnd;
  const explicitYear = /(\d{4})年/.exec(deadline);
  const y = explicitYear
    ? Number(explicitYear[1])
    : Number(periodStart.slice(0, 4)) + (deadline.includes('明年') ? 1 : 0);
  let due: string | null = null;
  let m: RegExpExecArray | null;
  if (/^(?:到|至)\d{4}年$/.test(deadline)) due = `${y}-12-31`;
  else if (/[\d一二两三四五六七八九十]+年内/.test(deadline) && !explicitYear) due = periodEnd;
  else if (deadline.includes('上半年')) due = `${y}-06-30`;
  else if ((m = /([一二三四1-4])季度/.exec(deadline))) {
    const q = CN_DIGITS[m[1]!] ?? Number(m[1]);
    due = endOfMonth(y, q * 3);
  } else if ((m = /(\d{1,2})月(\d{1,2})日/.exec(deadline))) due = `${y}-${pad(Number(m[1]))}-${pad(Number(m[2]))}`;
  else if ((m = /(\d{1,2})月(底|末|中旬|上旬|下旬|前|之前)/.exec(deadline))) {
    const mo = Number(m[1]);
    if (mo >= 1 && mo <= 12) {
      if (m[2] === '中旬') due = `${y}-${pad(mo)}-20`;
      else if (m[2] === '上旬') due = `${y}-${pad(mo)}-10`;
      else if (m[2] === '前' || m[2] === '之前') due = mo === 1 ? `${y - 1}-12-31` : endOfMonth(y, mo - 1);
      else due = endOfMonth(y, mo);
    }
  } else if (/年(?:底|末|内)|下半年/.test(deadline)) due = `${y}-12-31`;
  if (!due || !isYmd(due) || due < periodStart || due > periodEnd) return periodEnd;
  return due;
}

/** A plan covers at most this many years (五年规划); a longer span in a title is not a period. */
const MAX_PLAN_YEARS = 5;
const YEAR = '(20\\d{2})';
const YEAR_SPAN = new RegExp(`${YEAR}\\s*年?\\s*(?:[—–~～至到]|-{1,2})\\s*${YEAR}\\s*年`);
const HALF = new RegExp(`${YEAR}\\s*年\\s*度?\\s*([上下])半年`);
const QUARTER = new RegExp(`${YEAR}\\s*年\\s*度?\\s*第?([一二三四1-4])季度`);
const YEARS = new RegExp(`${YEAR}\\s*年`, 'g');

/**
 * The period a plan's title names, so a plan pasted in December for the coming year is not
 * filed under this one: 城东街道2027年工作要点 → 2027; 2020年下半年工作计划 → July–December;
 * 2025年第二季度 → that quarter; 2026—2028年三年行动计划 → the three years. A title that reviews
 * one year and plans the next (2026年工作总结及2027年工作计划) names the plan's year last, so
 * the latest year wins. null when the title names no year, or a span no plan has: the form keeps
 * its default.
 */
export function suggestPeriod(title: string): { periodStart: string; periodEnd: string } | null {
  let m: RegExpExecArray | null;
  if ((m = YEAR_SPAN.exec(title))) {
    const [from, to] = [Number(m[1]), Number(m[2])];
    // 2020—2035年远景目标 or a span written backwards is no plan period: leave the default.
    return to > from && to - from < MAX_PLAN_YEARS ? { periodStart: `${from}-01-01`, periodEnd: `${to}-12-31` } : null;
  }
  if ((m = HALF.exec(title))) {
    const y = Number(m[1]);
    return m[2] === '上' ? { periodStart: `${y}-01-01`, periodEnd: `${y}-06-30` } : { periodStart: `${y}-07-01`, periodEnd: `${y}-12-31` };
  }
  if ((m = QUARTER.exec(title))) {
    const y = Number(m[1]);
    const q = CN_DIGITS[m[2]!] ?? Number(m[2]);
    return { periodStart: `${y}-${pad(q * 3 - 2)}-01`, periodEnd: endOfMonth(y, q * 3) };
  }
  const years = [...title.matchAll(YEARS)].map((y) => Number(y[1]));
  if (years.length === 0) return null;
  const y = Math.max(...years);
  return { periodStart: `${y}-01-01`, periodEnd: `${y}-12-31` };
}

const HEADING_MARKER =
  /^\s*((?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．]|[一二三四五六七八九十]+是))\s*/;

/** `二、把握机遇,迈上新台阶` → label `二、`, title `把握机遇,迈上新台阶`. */
export function splitHeading(heading: string): { label: string; title: string } {
  const m = HEADING_MARKER.exec(heading);
  const label = m ? m[1]! : '';
  const title = tidy(m ? heading.slice(m[0].length) : heading).slice(0, 300);
  return { label, title: title || label || '—' };
}

/**
 * Plan sections from the section paths of the accepted candidates: one section per distinct
 * path prefix, parents first. Leading headings every path shares and that carry no marker are
 * the document's own title, not a section, and are dropped.
 */
export function sectionsFromPaths(paths: readonly (readonly string[])[]): {
  sections: SectionDraft[];
  keyOf: (path: readonly string[]) => string | undefined;
} {
  let skip = 0;
  for (;;) {
    const first = paths[0]?.[skip];
    if (first === undefined || splitHeading(first).label !== '') break;
    if (!paths.every((p) => p.length > skip + 1 && p[skip] === first)) break;
    skip += 1;
  }
  const sections: SectionDraft[] = [];
  const keys = new Map<string, string>();
  const id = (path: readonly string[]) => JSON.stringify(path);
  for (const p of paths) {
    for (let depth = skip + 1; depth <= p.length; depth += 1) {
      const prefix = p.slice(skip, depth);
      if (keys.has(id(prefix))) continue;
      const key = `s${sections.length + 1}`;
      const parentKey = depth - 1 > skip ? keys.get(id(prefix.slice(0, -1))) : undefined;
      const { label, title } = splitHeading(p[depth - 1]!);
      sections.push({ key, ...(parentKey ? { parentKey } : {}), label: label.slice(0, 20), title });
      keys.set(id(prefix), key);
    }
  }
  return { sections, keyOf: (path) => keys.get(id(path.slice(skip))) };
}
