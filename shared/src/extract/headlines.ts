/**
 * A headline that restates figures of the text below it ("新改扩建50所中小学 建成15个重大医疗项目"
 * over a report that says 新改扩建中小学校50所以上): the body's figure is the commitment, the
 * headline's a repeat. Read per document, since only the text below can say it is a repeat, and
 * only for the lines above the first sentence: list items further down have no full stop either.
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
  const firstFullStop = text.search(/[。；;！!？?]/);
  const titleEnd = firstFullStop < 0 ? 0 : text.lastIndexOf('\n', firstFullStop);
  return candidates.map((c) => {
    const line = lineAt(text, c.quantitySpan.start);
    const body = text.slice(line.end);
    // Only the title block on top of the text: list items further down are lines without 。 too.
    if (line.end > titleEnd || !HEADLINE.test(text.slice(line.start, line.end).trim()) || body.trim().length <= line.end - line.start) return c;
    const repeated = candidates.some(
      (o) => o.quantitySpan.start >= line.end && o.value === c.value && o.unit === c.unit && o !== c,
    );
    if (!repeated) return c;
    const confidence = Math.round(Math.max(0, c.confidence + WEIGHTS.headline) * 100) / 100;
    return { ...c, signals: [...c.signals, 'headline'], confidence };
  });
}
