/**
 * A headline that restates figures of the text below it ("新改扩建50所中小学 建成15个重大医疗项目"
 * over a report that says 新改扩建中小学校50所以上): the body's figure is the commitment, the
 * headline's a repeat. Read per document, since only the text below can say it is a repeat, and
 * only for the first line: list items further down have no full stop either.
 */
import type { Commitment } from './extract';
import { WEIGHTS } from './score';

/** A line without a sentence's punctuation, short enough to be a title. */
const HEADLINE = /^[^。；;！!？?]{1,60}$/;

function lineAt(text: string, at: number): { start: number; end: number } {
  const start = text.lastIndexOf('\n', at - 1) + 1;
  const nl = text.indexOf('\n', at);
  return { start, end: nl < 0 ? text.length : nl };
}

export function markRestatedHeadlines(text: string, candidates: Commitment[]): Commitment[] {
  return markRestatedStatus(markRestatedProgressLines(text, markRestatedTitle(text, candidates)));
}

/** After the figure, in its clause: a status (正在施工, 已全部安装完毕) rather than work stated anew. */
const STATUS_AFTER = /^[^，,；;。]{0,12}?(?:正在|正加紧|尚未|均已|已(?:全部|经|基本)?(?:完成|安装|建成|完工|开工|投用|投入|实施|施工|开放))/;

/**
 * 完成居家适老化改造400户 … 400户适老化改造正在施工; 已完成12台老旧小区电梯加装 … 目前,12台电梯已全部安装完毕:
 * a later figure with the same value and unit, about the same object (its next two characters appear
 * in the earlier figure's sentence), that only gives the status of what was already counted is a repeat.
 */
function markRestatedStatus(candidates: Commitment[]): Commitment[] {
  return candidates.map((c, i) => {
    const at = c.quantitySpan.start - c.sentenceSpan.start;
    const after = c.sentence.slice(at + c.quantityText.length);
    if (!STATUS_AFTER.test(after)) return c;
    const object = /^[\u4e00-\u9fff]{2}/.exec(after)?.[0];
    if (object === undefined) return c;
    const earlier = candidates
      .slice(0, i)
      .some((o) => o.sentenceSpan.start < c.sentenceSpan.start && o.value === c.value && o.unit === c.unit && o.confidence >= 0.5 && o.sentence.includes(object));
    return earlier ? lower(c, 'restated') : c;
  });
}

function lower(c: Commitment, signal: 'headline' | 'restated'): Commitment {
  const confidence = Math.round(Math.max(0, c.confidence + WEIGHTS[signal]) * 100) / 100;
  return { ...c, signals: [...c.signals, signal], confidence };
}

/**
 * A progress report that repeats each target before its progress ("1.新增200张家庭照护床位、100张
 * 养老床位…" then "新增200张家庭照护床位:目前已确定服务机构"): the figure before the colon names a
 * target already stated above, so it is a label, not a second commitment.
 */
function markRestatedProgressLines(text: string, candidates: Commitment[]): Commitment[] {
  return candidates.map((c) => {
    const rest = text.slice(c.quantitySpan.start, c.quantitySpan.start + 24);
    const m = /^[^，,；;。:：\n]{3,22}(?=[:：])/.exec(rest);
    if (!m || !text.slice(0, c.quantitySpan.start).includes(m[0])) return c;
    return lower(c, 'restated');
  });
}

function markRestatedTitle(text: string, candidates: Commitment[]): Commitment[] {
  // The title is the first line; a numbered item (1.新增…, (一)…) is a list, never a title.
  const firstLine = lineAt(text, text.search(/\S/) < 0 ? 0 : text.search(/\S/));
  const titleText = text.slice(firstLine.start, firstLine.end);
  const titleEnd = /^\s*(?:\d+[.、．]|[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)/.test(titleText)
    ? -1
    : firstLine.end;
  return candidates.map((c) => {
    const line = lineAt(text, c.quantitySpan.start);
    const body = text.slice(line.end);
    // Only the title on top of the text: list items further down are lines without 。 too.
    if (
      line.end > titleEnd ||
      !HEADLINE.test(text.slice(line.start, line.end).trim()) ||
      body.trim().length <= line.end - line.start
    )
      return c;
    const repeated = candidates.some(
      (o) => o.quantitySpan.start >= line.end && o.value === c.value && o.unit === c.unit && o !== c,
    );
    if (!repeated) return c;
    return lower(c, 'headline');
  });
}
