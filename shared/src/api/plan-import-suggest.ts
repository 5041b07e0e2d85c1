import { isYmd } from '../calendar/ymd';
import type { Commitment } from '../extract/extract';
import { splitClauses } from '../extract/sentences';
import type { ImportCandidate, ImportMeasureKind, SectionDraft } from './plan-import';

/**
 * Defaults the review screen starts from. Pure and shared: the server attaches them to the
 * candidates it returns, and the web recomputes due dates when the admin changes the period.
 */

const MAX_TITLE = 120;

/** The clause that states the figure, without the source's stray line breaks. */
export function suggestTitle(c: Commitment): string {
  const at = c.quantitySpan.start - c.sentenceSpan.start;
  const clauses = splitClauses(c.sentence);
  const i = Math.max(
    0,
    clauses.findIndex((cl) => at >= cl.start && at < cl.end),
  );
  const clause = clauses[i] ?? { start: 0, end: c.sentence.length };
  let start = clause.start;
  // "小巨人企业12家" alone says little when its verb (新增) sits in the clause before: take that one too.
  const own = c.sentence.slice(clause.start, clause.end);
  if (i > 0 && (tidy(own).length < 6 || (c.verb !== null && !own.includes(c.verb)))) start = clauses[i - 1]!.start;
  let title = tidy(c.sentence.slice(start, clause.end));
  if (title.length > MAX_TITLE) {
    const q = tidy(c.sentence.slice(start, at)).length;
    const from = Math.max(0, Math.min(q - MAX_TITLE / 2, title.length - MAX_TITLE));
    title = title.slice(from, from + MAX_TITLE);
  }
  return title || c.quantityText;
}

function tidy(s: string): string {
  return s
    .replace(/\s*\n\s*/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s、,，;；:：。.]+/, '')
    .replace(/[\s、,，;；:：。.]+$/, '');
}

/** A ceiling when the text caps it (不超过, 控制在); a reading for rates; otherwise a running sum. */
export function suggestMeasureKind(c: Pick<Commitment, 'unit' | 'bound'>): ImportMeasureKind {
  if (c.bound.comparison === 'at-most') return 'ceiling';
  if (c.unit === '%') return 'reading';
  return 'cumulative';
}

export function toImportCandidate(c: Commitment, index: number): ImportCandidate {
  return { ...c, index, suggestedTitle: suggestTitle(c), suggestedMeasureKind: suggestMeasureKind(c) };
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
